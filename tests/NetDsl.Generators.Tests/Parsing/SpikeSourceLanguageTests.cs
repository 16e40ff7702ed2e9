using System;
using System.IO;
using System.Linq;
using NetDsl.Generators.Tests.Diagnostics;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Parsing;

/// <summary>
/// Spike-generator populations (<c>pop thal: NetStim x 100 ...</c>, <c>pop rec: VecStim x 50 ...</c>), VecStim
/// <c>trains=</c> and <c>file=</c>, and <c>record w</c>: what the language accepts and every mistake at its
/// file(line,col), "$$" marking the position.
/// </summary>
public sealed class SpikeSourceLanguageTests : IDisposable
{
    private const string Base = DiagnosticCatalogTests.Base;

    private const string Plastic = Base + "conn E_E: E -> E p=0.1 w=0.005 d=5 syn=exc plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50)\n";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "netdsl-language-" + Guid.NewGuid().ToString("N"));

    public SpikeSourceLanguageTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    public static readonly TheoryData<string, string, string> Cases = new()
    {
        // A generator population as a target, stimulus target, recorded or traced cells.
        { "NDSL0120", Base + "pop thal: NetStim x 10 rate=10Hz\nconn thal -> E p=0.1\nconn E -> $$thal p=0.1", "'thal' is a population of NetStim spike generators: its cells have no membrane and only send spikes, so they cannot receive connections" },
        { "NDSL0120", Base + "pop thal: NetStim x 10 rate=10Hz\nconn thal -> E p=0.1\nstim bkg -> [E, $$thal]", "cannot receive stimuli" },
        { "NDSL0120", Base + "pop rec: VecStim x 2 times=[5]\nconn rec -> E p=0.1\nrecord V: v of $$rec", "'rec' is a population of VecStim spike generators" },
        { "NDSL0120", Base + "pop rec: VecStim x 2 times=[5]\nconn rec -> E p=0.1\nplot traces include=[0, $$rec]", "cannot have voltage traces" },
        { "NDSL0120", Base + "pop rec: VecStim x 2 times=[5]\nconn rec -> E p=0.1\nconn E -> $$all p=0.1", "'all' selects it too: name the populations of cells instead, e.g. [E]" },
        // The ways of giving spikes.
        { "NDSL0113", Base + "stim tr: VecStim times=[5] $$file=\"a.csv\"\nstim tr -> E", "already gets its spikes from times=; give one of times= (shared by every cell), trains= (one per cell) and file=" },
        { "NDSL0113", Base + "pop rec: VecStim x 2 trains=[[5], [6]] $$rate=10Hz\nconn rec -> E p=0.1", "NetPyNE's drawn rate= pattern does not apply" },
        { "NDSL0113", Base + "pop thal: NetStim x 2 rate=10Hz $$interval=5ms\nconn thal -> E p=0.1", "give either rate= (Hz) or interval= (ms), not both" },
        { "NDSL0111", Base + "pop rec: $$VecStim x 2\nconn rec -> E p=0.1", "needs its spikes: times=[5, 12.5] (every cell)" },
        { "NDSL0111", Base + "stim tr: $$VecStim\nstim tr -> E", "trains=[[5, 12.5], [8]] (one per target cell) or file=\"trains.csv\"" },
        // One train per cell.
        { "NDSL0121", Base + "pop vs: VecStim x 3 trains=$$[[5], [8]]\nconn vs -> E p=0.1", "trains= gives 2 trains for the 3 cells of population 'vs'" },
        { "NDSL0121", Base + "stim tr: VecStim trains=[[5], [8]]\nstim tr -> $$E", "'tr' has 2 trains (trains= on line 9), but this target selects 20 cells" },
        // Values.
        { "NDSL0107", Base + "pop thal: NetStim x 2 $$rte=10Hz\nconn thal -> E p=0.1", "'rte' is not a parameter of a NetStim population. Did you mean 'rate'?" },
        { "NDSL0107", Base + "pop rec: VecStim x 2 $$spkTimes=[5]\nconn rec -> E p=0.1", "Valid parameters: times, trains, file, rate, interval, noise, start, seed, pulses, xRange" },
        { "NDSL0201", Base + "pop thal: NetStim x 2 rate=10Hz noise=$$1.5\nconn thal -> E p=0.1", "noise=1.5 is out of range" },
        { "NDSL0201", Base + "pop vs: VecStim x 1 trains=[[5, $$-1]]\nconn vs -> E p=0.1", "times must be 0 or more" },
        { "NDSL0201", Base + "pop vp: VecStim x 1 pulses=[$$pulse(start=500ms, end=400ms, rate=50Hz)]\nconn vp -> E p=0.1", "a pulse needs 0 <= start < end" },
        { "NDSL0203", Base + "pop thal: NetStim x 2 rate=10$$ms\nconn thal -> E p=0.1", "'ms' is a unit of time, but 'rate' is a frequency" },
        { "NDSL0203", Base + "pop vp: VecStim x 1 pulses=[pulse(start=400$$Hz, end=500ms, rate=50Hz)]\nconn vp -> E p=0.1", "'Hz' is a unit of frequency, but 'start' is a time" },
        { "NDSL0204", Base + "pop vs: VecStim x 1 trains=[$$5]\nconn vs -> E p=0.1", "'trains' takes one list of times per cell, such as [[5, 12.5], [], [30]], not a number" },
        { "NDSL0204", Base + "stim tr: VecStim file=$$trains\nstim tr -> E", "'file' takes a file name in quotes" },
        { "NDSL0204", Base + "pop vp: VecStim x 1 pulses=[pulse(start=400ms, end=500ms, $$freq=50Hz)]\nconn vp -> E p=0.1", "'freq' in pulse(...), which takes start, end, rate or interval, and noise" },
        // Weights over time.
        { "NDSL0122", Plastic + "record w of conn $$E_F every 10ms", "'E_F' is not a connection rule of this network. Did you mean 'E_E'? Rules: E_E." },
        { "NDSL0115", Plastic + "conn E -> E p=0.1 w=0.005 d=5\nrecord w of conn E_E, $$E->E every 10ms", "Rule 'E->E' has no plast=, so its weights do not change" },
        { "NDSL0115", Base + "record $$w every 10ms", "No connection rule of this network has plast=" },
        { "NDSL0113", Plastic + "sim weightRecordStep=5ms\nrecord w of conn E_E every $$10ms", "The weight record step is given twice: here and as sim weightRecordStep= on line 10" },
        { "NDSL0113", Plastic + "record w every 10ms\nrecord w of conn E_E every $$5ms", "already given on line 10" },
        { "NDSL0203", Plastic + "record w every 10$$mV", "'mV' is a unit of voltage, but 'weightRecordStep' is a time" },
        { "NDSL0201", Plastic + "record w every $$0ms", "every=0ms is out of range: it must be greater than 0" },
        { "NDSL0001", Plastic + "record w of conn E_E $$each 10ms", "Unexpected 'each'; expected" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mistake_IsReportedAtTheMarkedPosition(string id, string marked, string messageFragment)
    {
        Assert.Contains(messageFragment, DiagnosticAssert.AtMarker(id, marked));
    }

    [Fact]
    public void GeneratorPopulationsAndTrains_CompileWithoutDiagnostics()
    {
        const string text = Base + """
            pop thal: NetStim x 100 rate=10Hz noise=1 start=0ms number=100 seed=3 yRange=[0um, 50um]
            pop rec: VecStim x 3 times=[5, 12.5]
            pop per: VecStim x 2 trains=[[5], []]
            pop drawn: VecStim x 5 rate=20Hz noise=0.5 start=100ms pulses=[pulse(start=400ms, end=500ms, rate=50Hz)]
            stim tr: VecStim trains=[[5], [8, 9]]
            stim tr -> E(y=[0um, 50um])
            conn [thal, rec, per, drawn] -> E p=0.1 w=0.01 d=5
            conn E_E: E -> E p=0.1 plast=STDP(hebbwt=0.01, wmax=50)
            record w of conn E_E every 10ms
            """;
        var diagnostics = GeneratorHarness.Diagnostics(text);
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
    }

    [Fact]
    public void RecordW_SetsTheWeightRecordStep_AndQuotesItsStatement()
    {
        var result = NetDslCompiler.Analyze("/models/w.netdsl", Plastic + "record w of conn E_E every 0.01s\n", "Models", default);
        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        Assert.Equal(10, result.Spec!.Simulation.Settings.Single(s => s.Name == "weightRecordStep").A, 12);
        Assert.Equal("w.netdsl: record w of conn E_E every 0.01s", result.Spec.Simulation.WeightRecordOrigin);
        Assert.Equal(new[] { "E_E" }, result.Spec.Simulation.WeightRecordRules);
        // Without of: every plastic rule.
        var all = NetDslCompiler.Analyze("/models/w.netdsl", Plastic + "record w every 10ms\n", "Models", default);
        Assert.Empty(all.Spec!.Simulation.WeightRecordRules);
        // Without every: initial and final weights only, as without the statement.
        var final = NetDslCompiler.Analyze("/models/w.netdsl", Plastic + "record w of conn E->E\n".Replace("E->E", "E_E"), "Models", default);
        Assert.Equal(0, final.Spec!.Simulation.Settings.Single(s => s.Name == "weightRecordStep").A);
        // A trace record named w is still a trace record.
        Assert.Empty(GeneratorHarness.Diagnostics(Plastic + "record w: v\n"));
    }

    [Fact]
    public void RecordW_NamesARuleByItsDefaultLabel()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Base + "conn E -> E p=0.1 plast=STDP(wmax=50)\nrecord w of conn E -> E every 10ms\n");
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
    }

    [Fact]
    public void MissingSpikeTrainFile_IsAWarningAtThePath_AndAnExistingOneIsNot()
    {
        string path = Path.Combine(folder, "model.netdsl");
        string text = Base + "stim tr: VecStim file=\"inputs.csv\"\nstim tr -> E\n";
        var missing = GeneratorHarness.Diagnostics(text, path);
        string message = DiagnosticAssert.Single(missing, "NDSL0216", 9, 23);
        Assert.Contains($"Spike-train file 'inputs.csv' does not exist (looked for {Path.Combine(folder, "inputs.csv")})", message);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, missing.Single().Severity);

        File.WriteAllText(Path.Combine(folder, "inputs.csv"), "index,time\n0,5\n");
        var present = GeneratorHarness.Diagnostics(text, path);
        Assert.True(present.IsEmpty, DiagnosticAssert.Describe(present));

        // An absolute path is kept; '..' is folded.
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        var above = GeneratorHarness.Diagnostics(text.Replace("inputs.csv", "../inputs.csv"), Path.Combine(folder, "sub", "model.netdsl"));
        Assert.True(above.IsEmpty, DiagnosticAssert.Describe(above));
        var result = NetDslCompiler.Analyze(Path.Combine(folder, "sub", "model.netdsl"), text.Replace("inputs.csv", "../inputs.csv"), "Models", default);
        Assert.Equal(Path.Combine(folder, "inputs.csv"), result.Spec!.StimSources[1].File);
    }

    [Fact]
    public void ACellTypeNamedNetStim_StaysACellType()
    {
        const string text = """
            cell NetStim {
              soma diam=10 L=10 cm=31.831
              Izhi2007b C=1
            }
            pop E: NetStim x 2
            syn exc: Exp2Syn
            stim bkg: NetStim rate=10
            stim bkg -> E
            """;
        var result = NetDslCompiler.Analyze("/models/n.netdsl", text, "Models", default);
        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        Assert.Null(result.Spec!.Populations[0].Generator);
    }
}
