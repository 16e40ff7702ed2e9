using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetDsl.Generators.Tests.Harness;

/// <summary>build_property.* and build_metadata.* values as MSBuild would pass them.</summary>
public sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Options global;
    private readonly Dictionary<string, Options> perFile;

    public TestOptionsProvider(IDictionary<string, string> global, IDictionary<string, IDictionary<string, string>>? perFile = null)
    {
        this.global = new Options(global);
        this.perFile = new Dictionary<string, Options>();
        if (perFile is not null)
        {
            foreach (var pair in perFile) this.perFile[pair.Key] = new Options(pair.Value);
        }
    }

    public override AnalyzerConfigOptions GlobalOptions => global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        perFile.TryGetValue(textFile.Path, out var options) ? options : Options.Empty;

    private sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        private readonly IDictionary<string, string> values;

        public Options(IDictionary<string, string> values) => this.values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
