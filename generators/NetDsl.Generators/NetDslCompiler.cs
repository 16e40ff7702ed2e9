using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;
using NetDsl.Generators.Semantics;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators;

/// <summary>
/// What the generator learns from one file: the model to generate from (null when the file has errors),
/// the diagnostics, and where a "duplicate network" error would point.
/// </summary>
internal sealed record AnalysisResult(string Path, NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, DiagnosticInfo NameSite);

/// <summary>The Roslyn-free core: parse, bind, check and lower one .netdsl file. Never throws except on cancellation.</summary>
internal static class NetDslCompiler
{
    /// <summary>Called after parsing, inside the failure guard; tests use it to simulate an internal error.</summary>
    internal static System.Action<string>? AfterParse { get; set; }

    public static AnalysisResult Analyze(string path, string text, string @namespace, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var lines = new LineMap(text ?? string.Empty);
        var fileStart = DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateNetwork.Id, path, lines, new SourceSpan(0, 0));
        try
        {
            var syntax = NetDslParser.Parse(path, text ?? string.Empty, diagnostics, cancellationToken);
            AfterParse?.Invoke(path);
            if (StatementLimits.Check(syntax, lines, diagnostics))
            {
                // Checking and generating a file this large is what the limit prevents: report it and stop here.
                return new AnalysisResult(path, null, diagnostics.OrderBy(d => d.Start).ToEquatableArray(), fileStart);
            }
            bool syntaxErrors = diagnostics.Count > 0;
            var bound = BoundNetwork.Bind(syntax);
            Checker.Run(bound, diagnostics, wholeFile: !syntaxErrors, cancellationToken);
            var nameSite = bound.NetworkStatements.Count > 0
                ? DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateNetwork.Id, path, lines, bound.NetworkStatements[0].Name.Span)
                : fileStart;
            NetworkSpec? spec = diagnostics.Any(d => d.IsError) ? null : Lowering.Lower(bound, @namespace, FileName(path));
            var sorted = diagnostics.OrderBy(d => d.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToEquatableArray();
            return new AnalysisResult(path, spec, sorted, nameSite);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // A bug here must not take the user's build down with a generator crash: report it on the file.
            var internalError = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError.Id, path, lines, new SourceSpan(0, 0),
                exception.GetType().Name + ": " + exception.Message);
            return new AnalysisResult(path, null, new[] { internalError }.ToEquatableArray(), fileStart);
        }
    }

    /// <summary>The file name without folders, whatever separator the path uses.</summary>
    public static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash >= 0 ? path.Substring(slash + 1) : path;
    }
}
