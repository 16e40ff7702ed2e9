using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Emit;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;

namespace NetDsl.Generators;

/// <summary>
/// Turns every .netdsl AdditionalFile into a typed network class, or into diagnostics located in the file.
/// Diagnostics and source leave through separate outputs, so an edit that only moves text (and with it the
/// diagnostics) does not regenerate code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetDslGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. The .netdsl files, read once into plain values (path, text, namespace).
        var files = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".netdsl", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) => SourceFile.From(pair.Left, pair.Right, ct))
            .WithTrackingName(TrackingNames.Input);

        // 2. Parse, check and lower each file on its own: files never depend on each other.
        var analyzed = files
            .Select(static (file, ct) => NetDslCompiler.Analyze(file.Path, file.Text, file.Namespace, ct))
            .WithTrackingName(TrackingNames.Analyze);

        // 3. Split into the location-free model and the diagnostics.
        var models = analyzed
            .Select(static (result, _) => result.Spec is null ? null : new ModelInput(result.Path, result.Spec))
            .WithTrackingName(TrackingNames.Model);
        var diagnostics = analyzed
            .Select(static (result, _) => (result.Path, result.Diagnostics, result.NameSite))
            .WithTrackingName(TrackingNames.Diagnostics);

        // 4. Two files generating the same class would collide; find those names across all files.
        var collisions = analyzed
            .Select(static (result, _) => result.Spec is null ? null : new NameClaim(result.Spec.HintName, result.Path, result.Spec.ClassName))
            .Collect()
            .Select(static (claims, _) => FindCollisions(claims))
            .WithTrackingName(TrackingNames.Collisions);

        // 5. Emit source from the model only.
        var generated = models
            .Select(static (model, _) => model is null ? null : Generate(model))
            .WithTrackingName(TrackingNames.Emit);

        context.RegisterSourceOutput(generated.Combine(collisions), static (spc, pair) =>
        {
            var file = pair.Left;
            if (file is null || pair.Right.Any(c => string.Equals(c.HintName, file.HintName, StringComparison.OrdinalIgnoreCase))) return;
            if (file.Source is null)
            {
                var location = Location.Create(file.Path, new TextSpan(0, 0), new LinePositionSpan(LinePosition.Zero, LinePosition.Zero));
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, location, file.Error));
                return;
            }
            spc.AddSource(file.HintName, SourceText.From(file.Source, System.Text.Encoding.UTF8));
        });

        context.RegisterSourceOutput(diagnostics.Combine(collisions), static (spc, input) =>
        {
            var ((path, infos, nameSite), claims) = input;
            foreach (var info in infos) spc.ReportDiagnostic(ToDiagnostic(info));
            var mine = claims.FirstOrDefault(c => c.Path == path);
            if (mine is not null)
            {
                var others = claims.Where(c => c.Path != path && string.Equals(c.HintName, mine.HintName, StringComparison.OrdinalIgnoreCase)).Select(c => c.Path);
                spc.ReportDiagnostic(ToDiagnostic(nameSite with { Arguments = new[] { mine.ClassName, string.Join(", ", others) }.ToEquatableArray() }));
            }
        });
    }

    private static GeneratedFile Generate(ModelInput model)
    {
        try
        {
            return new GeneratedFile(model.Path, model.Spec.HintName, NetworkEmitter.Emit(model.Spec), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new GeneratedFile(model.Path, model.Spec.HintName, null, exception.GetType().Name + ": " + exception.Message);
        }
    }

    private static EquatableArray<NameClaim> FindCollisions(ImmutableArray<NameClaim?> claims)
    {
        var present = claims.Where(c => c is not null).Select(c => c!).ToList();
        return present
            .GroupBy(c => c.HintName, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(c => c.Path).Distinct().Count() > 1)
            .SelectMany(g => g)
            .OrderBy(c => c.Path, StringComparer.Ordinal)
            .ToEquatableArray();
    }

    internal static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var location = Location.Create(info.Path, new TextSpan(info.Start, info.Length),
            new LinePositionSpan(new LinePosition(info.StartLine, info.StartColumn), new LinePosition(info.EndLine, info.EndColumn)));
        return Diagnostic.Create(DiagnosticDescriptors.Get(info.Id), location, info.ToObjects());
    }
}
