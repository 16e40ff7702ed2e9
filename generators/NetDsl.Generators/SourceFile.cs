using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetDsl.Generators;

/// <summary>One .netdsl file as plain values: its path, text and the namespace its class goes into.</summary>
internal sealed record SourceFile(string Path, string Text, string Namespace)
{
    public static SourceFile From(AdditionalText file, AnalyzerConfigOptionsProvider options, System.Threading.CancellationToken cancellationToken)
    {
        string text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
        return new SourceFile(file.Path, text, ResolveNamespace(options.GetOptions(file), options.GlobalOptions));
    }

    /// <summary>NetDslNamespace item metadata, else the NetDslNamespace property, else RootNamespace.</summary>
    private static string ResolveNamespace(AnalyzerConfigOptions fileOptions, AnalyzerConfigOptions globalOptions)
    {
        if (fileOptions.TryGetValue("build_metadata.AdditionalFiles.NetDslNamespace", out var perFile) && !string.IsNullOrWhiteSpace(perFile)) return perFile.Trim();
        if (globalOptions.TryGetValue("build_property.NetDslNamespace", out var project) && !string.IsNullOrWhiteSpace(project)) return project.Trim();
        if (globalOptions.TryGetValue("build_property.RootNamespace", out var root) && !string.IsNullOrWhiteSpace(root)) return root.Trim();
        return string.Empty;
    }
}

/// <summary>A network name claimed by a file (its hint name), to find collisions between files.</summary>
internal sealed record NameClaim(string HintName, string Path, string ClassName);

/// <summary>The model of one file and the file it came from (a rename is a real change; moving text is not).</summary>
internal sealed record ModelInput(string Path, NetDsl.Generators.Model.NetworkSpec Spec);

/// <summary>Generated text for one file, or the internal error that prevented it.</summary>
internal sealed record GeneratedFile(string Path, string HintName, string? Source, string? Error);
