using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Output;
using NetDsl.Plotting;
using NetDsl.Simulation;
using NetDsl.TestSupport;
using ScottPlot.Plottables;

namespace NetDsl.Cli.Tests;

/// <summary>
/// The data file, summary and figures for Hodgkin-Huxley cells (NEURON's hh and pas), ExpSyn synapses, hh's gates
/// and another temperature. Tutorial 2 is compared with what NetPyNE 1.1.0 itself saved for it
/// (NetPyneData/H_tut2_saved_extract.json, cut from ../shared/reference/H_tut2/model_data.json).
/// </summary>
public sealed class DensityCellOutputTests
{
    private static readonly Lazy<SimulationResult> Tutorial2 = new(() => NetworkBuilder.Build(DensityCellModels.Tutorial2).Run());
    private static readonly Lazy<SimulationResult> MixedExpSyn = new(() => NetworkBuilder.Build(DensityCellModels.MixedExpSyn).Run());

    private static JsonDocument Write(SimulationResult result)
    {
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, result, result.Definition.Name);
        return JsonDocument.Parse(stream.ToArray());
    }

    private static JsonDocument NetPyneSaved() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "NetDsl.Cli.Tests", "NetPyneData", "H_tut2_saved_extract.json")));

    private static HashSet<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToHashSet();

    /// <summary>Same keys and values (numbers as doubles, so NetPyNE's -70 equals our -70.0), recursively.</summary>
    private static void AssertSameJson(JsonElement expected, JsonElement actual, string where)
    {
        if (expected.ValueKind == JsonValueKind.Number)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Number, $"{where}: expected a number, got {actual.GetRawText()}");
            Assert.Equal(expected.GetDouble(), actual.GetDouble());
            return;
        }
        Assert.True(expected.ValueKind == actual.ValueKind, $"{where}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.True(Keys(expected).SetEquals(Keys(actual)), $"{where}: keys {string.Join(", ", Keys(actual))}, NetPyNE has {string.Join(", ", Keys(expected))}");
                foreach (var property in expected.EnumerateObject()) AssertSameJson(property.Value, actual.GetProperty(property.Name), where + "." + property.Name);
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (int i = 0; i < expected.GetArrayLength(); i++) AssertSameJson(expected[i], actual[i], $"{where}[{i}]");
                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), actual.GetString());
                break;
        }
    }

    [Fact]
    public void Hh_cell_params_and_synapses_are_netpynes_own()
    {
        using var ours = Write(Tutorial2.Value);
        using var netpyne = NetPyneSaved();
        var o = ours.RootElement.GetProperty("net").GetProperty("params");
        var n = netpyne.RootElement.GetProperty("net").GetProperty("params");

        // geom and mechs with NetPyNE's string functions as written in tut2.py; no point process.
        var oSoma = o.GetProperty("cellParams").GetProperty("PYR").GetProperty("secs").GetProperty("soma");
        var nSoma = n.GetProperty("cellParams").GetProperty("PYR").GetProperty("secs").GetProperty("soma");
        AssertSameJson(nSoma.GetProperty("geom"), oSoma.GetProperty("geom"), "cellParams.PYR.secs.soma.geom");
        AssertSameJson(nSoma.GetProperty("mechs"), oSoma.GetProperty("mechs"), "cellParams.PYR.secs.soma.mechs");
        Assert.Equal("19 + uniform(-0.5, 0.5)", oSoma.GetProperty("geom").GetProperty("diam").GetString());
        Assert.Equal("0.12 + 0.001*ynorm", oSoma.GetProperty("mechs").GetProperty("hh").GetProperty("gnabar").GetString());
        Assert.False(oSoma.TryGetProperty("pointps", out _));

        AssertSameJson(n.GetProperty("synMechParams"), o.GetProperty("synMechParams"), "synMechParams");
        AssertSameJson(netpyne.RootElement.GetProperty("simConfig").GetProperty("hParams"), ours.RootElement.GetProperty("simConfig").GetProperty("hParams"), "simConfig.hParams");
        AssertSameJson(netpyne.RootElement.GetProperty("simConfig").GetProperty("recordTraces"), ours.RootElement.GetProperty("simConfig").GetProperty("recordTraces"), "simConfig.recordTraces");
    }

    [Fact]
    public void Hh_cells_have_netpynes_sections_with_the_values_each_cell_got()
    {
        using var ours = Write(Tutorial2.Value);
        using var netpyne = NetPyneSaved();
        using var cellsRead = ReferenceFiles.OpenJson("H_tut2", "cells.json");
        var oCells = ours.RootElement.GetProperty("net").GetProperty("cells");
        Assert.Equal(40, oCells.GetArrayLength());

        foreach (var nCell in netpyne.RootElement.GetProperty("net").GetProperty("cells").EnumerateArray())
        {
            int gid = nCell.GetProperty("gid").GetInt32();
            var oSoma = oCells[gid].GetProperty("secs").GetProperty("soma");
            var nSoma = nCell.GetProperty("secs").GetProperty("soma");
            // NetPyNE's keys (geom, mechs, synMechs, topol) plus the detector's threshold; no pointps.
            Assert.True(Keys(oSoma).SetEquals(Keys(nSoma).Append("threshold")), $"cell {gid}: {string.Join(", ", Keys(oSoma))}");
            Assert.True(Keys(nSoma.GetProperty("mechs")).SetEquals(Keys(oSoma.GetProperty("mechs"))));
            Assert.True(Keys(nSoma.GetProperty("mechs").GetProperty("hh")).SetEquals(Keys(oSoma.GetProperty("mechs").GetProperty("hh"))));
            AssertSameJson(nSoma.GetProperty("synMechs")[0], oSoma.GetProperty("synMechs")[0], $"cell {gid} synMechs[0]");
            var nConns = nCell.GetProperty("conns");
            var oConns = oCells[gid].GetProperty("conns");
            for (int c = 0; c < nConns.GetArrayLength(); c++) AssertSameJson(nConns[c], oConns[c], $"cell {gid} conns[{c}]");
        }

        // Every cell: the values NEURON read back from NetPyNE's cells (drawn diam, gnabar from ynorm).
        foreach (var cell in cellsRead.RootElement.EnumerateArray())
        {
            int gid = cell.GetProperty("gid").GetInt32();
            var soma = oCells[gid].GetProperty("secs").GetProperty("soma");
            Assert.Equal(cell.GetProperty("soma_actual").GetProperty("diam").GetDouble(), soma.GetProperty("geom").GetProperty("diam").GetDouble());
            Assert.Equal(1.0, soma.GetProperty("geom").GetProperty("cm").GetDouble());
            foreach (var p in cell.GetProperty("mechs_actual").GetProperty("hh").EnumerateObject())
            {
                Assert.Equal(p.Value.GetDouble(), soma.GetProperty("mechs").GetProperty("hh").GetProperty(p.Name).GetDouble());
            }
            Assert.Equal(10.0, soma.GetProperty("threshold").GetDouble());
        }

        var spikes = ReferenceFiles.Spikes("H_tut2");
        var data = ours.RootElement.GetProperty("simData");
        Assert.Equal(spikes.Select(s => s.Time), data.GetProperty("spkt").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(spikes.Select(s => (double)s.Gid), data.GetProperty("spkid").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public void ExpSyn_synapses_are_written_with_tau_and_e()
    {
        using var ours = Write(MixedExpSyn.Value);
        var root = ours.RootElement;
        var synMechParams = root.GetProperty("net").GetProperty("params").GetProperty("synMechParams");
        Assert.Equal(["mod", "tau", "e"], synMechParams.GetProperty("fast").EnumerateObject().Select(p => p.Name));
        Assert.Equal("ExpSyn", synMechParams.GetProperty("fast").GetProperty("mod").GetString());
        Assert.Equal(2.0, synMechParams.GetProperty("fast").GetProperty("tau").GetDouble());
        Assert.Equal(-75.0, synMechParams.GetProperty("inh").GetProperty("e").GetDouble());
        Assert.Equal(["mod", "tau1", "tau2", "e"], synMechParams.GetProperty("exc").EnumerateObject().Select(p => p.Name));

        // One synMech per incoming connection and NetStim, each as its kind is written.
        foreach (var cell in root.GetProperty("net").GetProperty("cells").EnumerateArray())
        {
            var soma = cell.GetProperty("secs").GetProperty("soma");
            var synMechs = soma.GetProperty("synMechs");
            Assert.Equal(cell.GetProperty("conns").GetArrayLength(), synMechs.GetArrayLength());
            foreach (var synMech in synMechs.EnumerateArray())
            {
                string label = synMech.GetProperty("label").GetString()!;
                string[] keys = label == "exc" ? ["label", "loc", "mod", "tau1", "tau2", "e"] : ["label", "loc", "mod", "tau", "e"];
                Assert.Equal(keys, synMech.EnumerateObject().Select(p => p.Name));
                Assert.Equal(label == "exc" ? "Exp2Syn" : "ExpSyn", synMech.GetProperty("mod").GetString());
            }
        }
        // An Izhi2007b cell with both kinds: S->I through Exp2Syn, the NetStim through ExpSyn.
        var izhi = root.GetProperty("net").GetProperty("cells")[9].GetProperty("secs").GetProperty("soma");
        var mods = izhi.GetProperty("synMechs").EnumerateArray().Select(s => s.GetProperty("mod").GetString()).Distinct().ToList();
        Assert.Equal(["Exp2Syn", "ExpSyn"], mods.Order());
    }

    [Fact]
    public void Density_cells_write_mechs_and_izhi_cells_keep_their_point_process()
    {
        using var ours = Write(MixedExpSyn.Value);
        var net = ours.RootElement.GetProperty("net");
        var pasType = net.GetProperty("params").GetProperty("cellParams").GetProperty("PAS").GetProperty("secs").GetProperty("soma");
        Assert.Equal(["hh", "pas"], pasType.GetProperty("mechs").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["gl"], pasType.GetProperty("mechs").GetProperty("hh").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.0, pasType.GetProperty("threshold").GetDouble());

        // A cell gets every parameter of its mechanisms, hh's defaults included (el -54.3 mV).
        var pas = net.GetProperty("cells")[6].GetProperty("secs").GetProperty("soma");
        Assert.False(pas.TryGetProperty("pointps", out _));
        var hh = pas.GetProperty("mechs").GetProperty("hh");
        Assert.Equal([0.12, 0.036, 0.0, -54.3], hh.EnumerateObject().Select(p => p.Value.GetDouble()));
        Assert.Equal(["gnabar", "gkbar", "gl", "el"], hh.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.0002, pas.GetProperty("mechs").GetProperty("pas").GetProperty("g").GetDouble());
        Assert.Equal(-65.0, pas.GetProperty("mechs").GetProperty("pas").GetProperty("e").GetDouble());
        Assert.Equal(0.0, pas.GetProperty("threshold").GetDouble());
        Assert.Equal(["diam", "L", "cm", "Ra"], pas.GetProperty("geom").EnumerateObject().Select(p => p.Name));

        var izhi = net.GetProperty("cells")[9].GetProperty("secs").GetProperty("soma");
        Assert.False(izhi.TryGetProperty("mechs", out _));
        var pointProcess = izhi.GetProperty("pointps").GetProperty("Izhi");
        Assert.Equal("Izhi2007b", pointProcess.GetProperty("mod").GetString());
        // NetPyNE's sim.loadAll sets every key on the point process: only Izhi2007b's variables may be there.
        Assert.Equal(["mod", "C", "k", "vr", "vt", "vpeak", "a", "b", "c", "d", "Iin", "celltype", "alive", "cellid"],
            pointProcess.EnumerateObject().Select(p => p.Name));
        Assert.Equal(10.0, izhi.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Celsius_and_hh_gate_traces_are_written_as_netpyne_records_them()
    {
        var result = MixedExpSyn.Value;
        using var ours = Write(result);
        var config = ours.RootElement.GetProperty("simConfig");
        Assert.Equal(20.0, config.GetProperty("hParams").GetProperty("celsius").GetDouble());
        var traces = config.GetProperty("recordTraces");
        foreach (string gate in new[] { "m", "h", "n" })
        {
            var spec = traces.GetProperty(gate + "_soma");
            Assert.Equal(["sec", "loc", "var", "mech"], spec.EnumerateObject().Select(p => p.Name));
            Assert.Equal("soma", spec.GetProperty("sec").GetString());
            Assert.Equal(0.5, spec.GetProperty("loc").GetDouble());
            Assert.Equal(gate, spec.GetProperty("var").GetString());
            Assert.Equal("hh", spec.GetProperty("mech").GetString());
        }
        Assert.Equal("fast", traces.GetProperty("g_fast").GetProperty("synMech").GetString());

        var data = ours.RootElement.GetProperty("simData");
        foreach (var trace in result.Traces)
        {
            var written = data.GetProperty(trace.Name).GetProperty("cell_" + trace.Gid);
            Assert.Equal(trace.Values, written.EnumerateArray().Select(e => e.GetDouble()));
        }
        Assert.Equal(["cell_0", "cell_6"], data.GetProperty("m_soma").EnumerateObject().Select(p => p.Name));
        var m = data.GetProperty("m_soma").GetProperty("cell_0").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.All(m, value => Assert.InRange(value, 0.0, 1.0));
    }

    [Fact]
    public void Traces_put_hh_gates_on_their_own_panel()
    {
        var figure = NetworkFigures.Traces(MixedExpSyn.Value);
        // Cell 0: v, then m h n; cell 6: v, then m; cell 9 (Izhi2007b): v, then g of the ExpSyn.
        Assert.Equal(8, figure.TracesDrawn);
        Assert.Equal(3, figure.CellsDrawn);
        Assert.Equal(
            ["V_soma (mV)", "m_soma, h_soma, n_soma (open fraction)", "V_soma (mV)", "m_soma (open fraction)", "V_soma (mV)", "g_fast (uS)"],
            figure.Plots.Select(p => p.Axes.Left.Label.Text));
        Assert.Equal(["Cell 0, Pop S", "Cell 0, Pop S", "Cell 6, Pop P", "Cell 6, Pop P", "Cell 9, Pop I", "Cell 9, Pop I"],
            figure.Plots.Select(p => p.Axes.Title.Label.Text));
        var gates = figure.Plots[1].GetPlottables().OfType<Scatter>().ToList();
        Assert.Equal(3, gates.Count);
        Assert.Equal(3, gates.Select(g => g.Color).Distinct().Count());
    }

    /// <summary>Thirty hh cells, all to all through ExpSyn: 29 synapses per cell.</summary>
    private static NetworkDefinition DenseHh(params SynapseDefinition[] synapses) => new(
        "DenseHh",
        [DensityCellModels.Pyramidal],
        [new PopulationDefinition("S", "PYR", 30)],
        synapses,
        [],
        [],
        [new ConnectionDefinition("S->S", CellSelector.Population("S"), CellSelector.Population("S"), ConnectionRuleKind.Full, 0, 0.0001, 2, synapses[0].Name)],
        new SimulationSettings(Duration: 5, Dt: 0.025, RecordStep: 1),
        [],
        []);

    [Fact]
    public void Summary_tip_names_the_synapse_mechanisms_of_the_network()
    {
        string Tip(NetworkDefinition definition) =>
            Assert.Single(RunSummary.Lines(NetworkBuilder.Build(definition).Run()), line => line.StartsWith("  Tip:", StringComparison.Ordinal));

        string expSyn = Tip(DenseHh(SynapseDefinition.ExpSyn("fast", 2, 0)));
        Assert.Contains("29 synapses per cell, each its own ExpSyn (", expSyn);
        Assert.Contains("sim synapses=aggregated", expSyn);
        Assert.Contains("each its own Exp2Syn or ExpSyn (", Tip(DenseHh(SynapseDefinition.ExpSyn("fast", 2, 0), new SynapseDefinition("exc", 0.1, 5, 0))));
        Assert.Contains("each its own Exp2Syn (", Tip(DenseHh(new SynapseDefinition("exc", 0.1, 5, 0))));
    }
}
