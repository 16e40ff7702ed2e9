using NetDsl.Output;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>
/// The three tutorial files compiled once through the CLI's in-process compiler (Roslyn is the slow part),
/// and each run once with its own values.
/// </summary>
public sealed class TutorialModels : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string> ReferenceCaseOf = new Dictionary<string, string>
    {
        ["single_izhikevich.netdsl"] = "A_single",
        ["izhikevich_network.netdsl"] = "B_network",
        ["izhikevich_inhibitory_network.netdsl"] = "C_inhib",
    };

    private readonly Dictionary<string, CompilationOutcome> _compiled = new();
    private readonly Dictionary<string, Lazy<SimulationResult>> _results = new();

    public TutorialModels()
    {
        foreach (string file in ReferenceCaseOf.Keys)
        {
            string path = RepositoryPaths.Tutorial(file);
            var outcome = ModelCompiler.Compile(path, File.ReadAllText(path));
            _compiled[file] = outcome;
            _results[file] = new Lazy<SimulationResult>(() => ModelRunner.Run(Model(file)));
        }
    }

    public CompilationOutcome Compiled(string file)
    {
        var outcome = _compiled[file];
        Assert.True(outcome.ModelType is not null,
            file + " did not compile: " + string.Join(Environment.NewLine, outcome.Diagnostics.Select(d => DiagnosticFormatter.Format(d, file))) + outcome.Problem);
        return outcome;
    }

    public INetworkModel Model(string file) => Compiled(file).CreateModel();

    public SimulationResult Result(string file) => _results[file].Value;

    /// <summary>NetPyNE's spikes for a reference case: (time ms, gid) in its order.</summary>
    public static IReadOnlyList<(double Time, int Gid)> ReferenceSpikes(string caseName) => ReferenceFiles.Spikes(caseName);

    public static IReadOnlyList<(double Time, int Gid)> Spikes(SimulationResult result) =>
        result.SpikeTimes.Zip(result.SpikeGids, (t, g) => (t, g)).ToList();

    public void Dispose()
    {
        foreach (var outcome in _compiled.Values) outcome.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TutorialCollection : ICollectionFixture<TutorialModels>
{
    public const string Name = "Tutorial models";
}
