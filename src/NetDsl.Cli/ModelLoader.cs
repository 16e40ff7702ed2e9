using Microsoft.CodeAnalysis;
using NetDsl.Cli.Interpretation;
using NetDsl.Generators;
using NetDsl.Generators.Model;

namespace NetDsl.Cli;

/// <summary>What reading one <c>.netdsl</c> file gives: the generator's diagnostics and, without errors, its model.</summary>
public sealed class LoadedModel
{
    private readonly NetworkSpec? spec;

    internal LoadedModel(string file, IReadOnlyList<Diagnostic> diagnostics, NetworkSpec? spec)
    {
        File = file;
        Diagnostics = diagnostics;
        this.spec = spec;
    }

    public string File { get; }

    /// <summary>The diagnostics a project build reports for the file, in source order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error) return true;
            }
            return false;
        }
    }

    /// <summary>A fresh model with the values written in the file.</summary>
    /// <exception cref="InvalidOperationException">The file has errors.</exception>
    public INetworkModel CreateModel() =>
        spec is null ? throw new InvalidOperationException(File + ": has errors, so there is no model") : new InterpretedModel(spec);
}

/// <summary>
/// Reads a <c>.netdsl</c> file with the source generator's own parser, checks and model (no C# is compiled): the
/// diagnostics are those a project build reports, and the model runs as the generated class would (the same
/// definition, paths and checks; tests compare the two for every example and test model).
/// </summary>
public static class ModelLoader
{
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static LoadedModel Load(string path, string source, CancellationToken cancellation = default)
    {
        var analysis = NetDslCompiler.Analyze(GeneratorPath(Path.GetFullPath(path)), source, string.Empty, cancellation);
        var diagnostics = new Diagnostic[analysis.Diagnostics.Count];
        for (int i = 0; i < diagnostics.Length; i++) diagnostics[i] = NetDslGenerator.ToDiagnostic(analysis.Diagnostics[i]);
        return new LoadedModel(path, diagnostics, analysis.Spec);
    }

    /// <summary>The path the generator sees: the file's own if it ends in .netdsl, else the file's with .netdsl appended.</summary>
    public static string GeneratorPath(string fullPath) =>
        fullPath.EndsWith(".netdsl", StringComparison.OrdinalIgnoreCase) ? fullPath : fullPath + ".netdsl";
}
