using System.Linq;
using NetDsl.Generators.Model;
using NetDsl.Generators.Tests.Diagnostics;

namespace NetDsl.Generators.Tests.Parsing;

/// <summary>The language as documented in docs/language.md: statements, comments, units and NetPyNE's defaults.</summary>
public class LanguageTests
{
    private const string Cell = "cell IZH {\n  soma diam=10 L=10 cm=31.831\n  Izhi2007b C=1\n}\n";

    private static NetworkSpec Spec(string text, string path = "/models/test_model.netdsl")
    {
        var result = NetDslCompiler.Analyze(path, text, "Models", default);
        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics.Select(d => $"{d.Id} ({d.StartLine + 1},{d.StartColumn + 1}) {d.Message}")));
        return result.Spec!;
    }

    private static double Value(EquatableArrayOf parameters, string name) => parameters.Items.Single(p => p.Name == name).A;

    private sealed record EquatableArrayOf(System.Collections.Generic.IEnumerable<ParameterSpec> Items);

    private static EquatableArrayOf Of(System.Collections.Generic.IEnumerable<ParameterSpec> items) => new(items);

    [Fact]
    public void EveryBrokenStatement_IsReported_NotOnlyTheFirst()
    {
        const string text = "pop E: IZH x\nsyn exc Exp2Syn tau1=1\n" + Cell + "conn E -> E p=0.1 w=(\nstim bkg: NetStim rate=100 noise=";
        var diagnostics = NetDslCompiler.Analyze("/m.netdsl", text, "M", default).Diagnostics;
        Assert.Equal(
            new[] { ("NDSL0001", 1, 12), ("NDSL0001", 2, 9), ("NDSL0001", 7, 21), ("NDSL0001", 8, 33) },
            diagnostics.Select(d => (d.Id, d.StartLine + 1, d.StartColumn + 1)));
        Assert.Equal("Unexpected end of statement; expected a number", diagnostics[0].Message);
        Assert.Equal("Unexpected 'Exp2Syn'; expected ':'", diagnostics[1].Message);
    }

    [Fact]
    public void UnclosedCellBlock_EndsAtTheNextStatement_AndTheRestIsStillChecked()
    {
        const string text = "cell IZH {\n  soma diam=10\npop E: IZH x 20\npopp I: IZH x 5\n";
        var diagnostics = NetDslCompiler.Analyze("/m.netdsl", text, "M", default).Diagnostics;
        Assert.Equal(new[] { ("NDSL0003", 1, 10), ("NDSL0002", 4, 1) }, diagnostics.Select(d => (d.Id, d.StartLine + 1, d.StartColumn + 1)));
    }

    [Fact]
    public void CommentsAndSemicolons_SeparateStatementsLikeNewlines()
    {
        const string lines = Cell + "pop E: IZH x 20 # twenty\nsyn exc: Exp2Syn tau1=1 tau2=5 e=0 // excitatory\nstim bkg: NetStim rate=100\nstim bkg -> E\n";
        const string oneLine = "cell IZH { soma diam=10 L=10 cm=31.831; Izhi2007b C=1 }; pop E: IZH x 20; syn exc: Exp2Syn tau1=1 tau2=5 e=0; stim bkg: NetStim rate=100; stim bkg -> E";
        var a = Spec(lines);
        var b = Spec(oneLine);
        Assert.Equal(a.Cells[0].Geometry, b.Cells[0].Geometry);
        Assert.Equal(a.Cells[0].Parameters, b.Cells[0].Parameters);
        Assert.Equal(a.Populations[0].Count, b.Populations[0].Count);
        Assert.Equal(a.Synapses[0].Parameters, b.Synapses[0].Parameters);
        Assert.Equal(a.StimTargets[0] with { Origin = "" }, b.StimTargets[0] with { Origin = "" });
    }

    [Fact]
    public void Units_AreConvertedToNetPyNEUnits()
    {
        var spec = Spec("cell IZH {\n  soma diam=0.01mm L=10um cm=0.01pF/um2\n  Izhi2007b vr=-0.06V\n  threshold=10000uV\n}\npop E: IZH x 20\n" +
                        "syn exc: Exp2Syn tau1=0.001s tau2=5000us e=0V\nstim bkg: NetStim rate=0.1kHz\nstim bkg -> E w=5nS d=0.002s\n" +
                        "stim clamp: IClamp del=50 dur=1s amp=150pA\nstim clamp -> E\nconn E -> E p=0.1 w=0.000005mS\nsim duration=2s dt=25us");
        Assert.Equal(10, Value(Of(spec.Cells[0].Geometry), "diam"), 9);
        Assert.Equal(1, Value(Of(spec.Cells[0].Geometry), "cm"), 9);
        Assert.Equal(-60, Value(Of(spec.Cells[0].Parameters), "vr"), 9);
        Assert.Equal(10, spec.Cells[0].Threshold.A, 9);
        Assert.Equal(new[] { 1.0, 5.0, 0.0 }, spec.Synapses[0].Parameters.Select(p => System.Math.Round(p.A, 9)));
        Assert.Equal(100, Value(Of(spec.StimSources[0].Parameters), "rate"), 9);
        Assert.Equal(0.005, Value(Of(spec.StimTargets[0].Parameters), "w"), 12);
        Assert.Equal(2, Value(Of(spec.StimTargets[0].Parameters), "d"), 12);
        Assert.Equal(1000, Value(Of(spec.StimSources[1].Parameters), "dur"), 9);
        Assert.Equal(0.15, Value(Of(spec.StimSources[1].Parameters), "amp"), 12);
        Assert.Equal(0.005, Value(Of(spec.Connections[0].Parameters), "w"), 12);
        Assert.Equal(2000, Value(Of(spec.Simulation.Settings), "duration"), 9);
        Assert.Equal(0.025, Value(Of(spec.Simulation.Settings), "dt"), 12);
    }

    [Fact]
    public void Defaults_AreNetPyNEs()
    {
        var spec = Spec(Cell + "pop E: IZH x 20\nsyn first: Exp2Syn\nsyn second: Exp2Syn tau1=2\nstim bkg: NetStim rate=10\nstim bkg -> E\nconn E -> E p=0.1\nsim seed=5");
        Assert.Equal("TestModel", spec.ClassName);
        var izhi = Of(spec.Cells[0].Parameters);
        Assert.Equal(new[] { 1, 0.7, -60, -40, 35, 0.03, -2, -50, 100, 0, 1 },
            new[] { "C", "k", "vr", "vt", "vpeak", "a", "b", "c", "d", "Iin", "celltype" }.Select(n => Value(izhi, n)));
        Assert.Equal(10, spec.Cells[0].Threshold.A);
        Assert.Equal(new[] { 0.1, 10, 0 }, spec.Synapses[0].Parameters.Select(p => p.A));
        Assert.Equal((1.0, 1.0, "first"), (Value(Of(spec.StimTargets[0].Parameters), "w"), Value(Of(spec.StimTargets[0].Parameters), "d"), spec.StimTargets[0].Synapse!));
        Assert.Equal((1.0, 1.0, "first"), (Value(Of(spec.Connections[0].Parameters), "w"), Value(Of(spec.Connections[0].Parameters), "d"), spec.Connections[0].Synapse));
        var stim = Of(spec.StimSources[0].Parameters);
        Assert.Equal((0.0, 0.0, 1e9), (Value(stim, "noise"), Value(stim, "start"), Value(stim, "number")));
        var sim = Of(spec.Simulation.Settings);
        Assert.Equal(new[] { 1000, 0.025, 0.1, -65 }, new[] { "duration", "dt", "recordStep", "v_init" }.Select(n => Value(sim, n)));
        Assert.All(spec.Simulation.Seeds, s => Assert.Equal(5, s.A));
    }

    [Fact]
    public void ParametersKeepFileOrder_ThenDefaults()
    {
        var spec = Spec("cell IZH {\n  soma cm=1 L=10 diam=10\n  Izhi2007b d=8 b=0.2 k=normal(0.7, variance=0.05)\n}\npop E: IZH x 2\nstim s: IClamp amp=0.1 dur=10\nstim s -> E");
        Assert.Equal(new[] { "cm", "L", "diam" }, spec.Cells[0].Geometry.Select(p => p.Name));
        Assert.Equal(new[] { "d", "b", "k", "C", "vr", "vt", "vpeak", "a", "c", "Iin", "celltype" }, spec.Cells[0].Parameters.Select(p => p.Name));
    }

    [Fact]
    public void NormalWithSd_IsStoredAsItsVariance()
    {
        var spec = Spec("cell IZH {\n  soma diam=10 L=10 cm=31.831\n  Izhi2007b k=normal(0.7, sd=0.1) vr=normal(-60mV, variance=4)\n}\npop E: IZH x 2\nstim s: IClamp amp=0.1\nstim s -> E");
        var k = spec.Cells[0].Parameters.Single(p => p.Name == "k");
        Assert.Equal((1, 0.7, 0.01), (k.Distribution, k.A, System.Math.Round(k.B, 12)));
        var vr = spec.Cells[0].Parameters.Single(p => p.Name == "vr");
        Assert.Equal((1, -60.0, 4.0), (vr.Distribution, vr.A, vr.B));
    }

    [Fact]
    public void EquivalentTexts_GiveEqualModels_AndDifferentOnesDoNot()
    {
        string text = Harness.RepositoryPaths.TutorialModel("izhikevich_network.netdsl");
        var a = Spec(text);
        var b = Spec(text.Replace("p=0.1 ", "p=0.1    "));
        var c = Spec(text.Replace("p=0.1", "p=0.2"));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotSame(a, b);
        Assert.NotEqual(a, c);
    }

    /// <summary>The example of the language's specification, verbatim (comments included).</summary>
    private const string SpecificationExample = """
        # Izhikevich network with inhibition — tutorial model 3        (comments: '#' or '//')
        network IzhikevichInhibitory                                    # optional; default: file name in PascalCase

        cell IZH {
          soma diam=10 L=10 cm=31.831                                   # single section geometry (um, um, uF/cm2)
          Izhi2007b C=1 k=normal(0.7, 0.05) vr=-60 vt=-40 vpeak=35 a=0.03 b=-2 c=-50 d=100 celltype=RS
          threshold=10mV                                                # optional spike threshold
        }
        pop IZH_exc: IZH x 20
        pop IZH_inh: IZH x 10
        syn exc: Exp2Syn tau1=1 tau2=5 e=10
        syn inh: Exp2Syn tau1=2 tau2=10 e=-70
        stim bkg: NetStim rate=100 noise=0.5                            # also start=, number=, seed=
        stim bkg -> IZH_exc w=0.01 d=5 syn=exc                          # target: a pop, a cell name (all its pops), or all
        conn IZH_exc -> IZH_exc p=0.1 w=0.005 d=5 syn=exc
        conn IZH_exc->IZH_inh p=0.2 w=0.005 d=5 syn=exc; conn IZH_inh->IZH_exc p=0.3 w=0.007 d=3 syn=inh
        sim duration=1000 dt=0.025 seed=1 recordStep=1                  # also seeds(conn=, stim=, loc=, cell=), v_init=
        record V_soma: v                                                # v, u or g(<syn>); of <targets>; default: the traced cells
        plot raster
        plot traces include=[1]                                         # gids, pops, or (pop, index)
        plot net2d
        """;

    [Fact]
    public void SpecificationExample_Compiles_WithOnlyTheVarianceWarning()
    {
        var result = NetDslCompiler.Analyze("/m/spec.netdsl", SpecificationExample, "M", default);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("NDSL0205", 5, 18), (diagnostic.Id, diagnostic.StartLine, diagnostic.StartColumn));
        Assert.NotNull(result.Spec);
        Assert.Equal(new[] { "IZH_exc->IZH_exc", "IZH_exc->IZH_inh", "IZH_inh->IZH_exc" }, result.Spec!.Connections.Select(c => c.Label));
        Assert.Equal("inh", result.Spec.Connections[2].Synapse);
        var k = result.Spec.Cells[0].Parameters.Single(p => p.Name == "k");
        Assert.Equal((1, 0.7, 0.05), (k.Distribution, k.A, k.B));
    }

    [Fact]
    public void MarkerHelper_FindsLineAndColumn()
    {
        Assert.Equal(("ab\ncd", 2, 2), DiagnosticCatalogTests.Unmark("ab\nc$$d"));
    }
}
