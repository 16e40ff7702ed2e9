using System.Text.Json;
using NetDsl.Output;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>
/// The data file must read like NetPyNE's own saved data: the keys its <c>sim.load</c> / analysis functions use,
/// compared against the file NetPyNE 1.1.0 itself wrote for the same network (B_network/netpyne_saved_data.json).
/// </summary>
public sealed class JsonLayoutTests
{
    private static readonly Lazy<SimulationResult> Network = new(() => ReferenceResults.Load("B_network"));

    private static JsonDocument Write(SimulationResult result)
    {
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, result, "B");
        return JsonDocument.Parse(stream.ToArray());
    }

    private static JsonDocument NetPyneSaved() => ReferenceFiles.OpenJson("B_network", "netpyne_saved_data.json");

    private static HashSet<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToHashSet();

    private static void AssertHasKeys(IEnumerable<string> expected, JsonElement actual, string where)
    {
        var missing = expected.Except(Keys(actual)).ToList();
        Assert.True(missing.Count == 0, $"{where} lacks NetPyNE keys: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Top_level_net_cells_pops_and_simData_have_every_key_netpyne_writes()
    {
        using var ours = Write(Network.Value);
        using var netpyne = NetPyneSaved();
        var o = ours.RootElement;
        var n = netpyne.RootElement;

        AssertHasKeys(Keys(n), o, "top level");
        AssertHasKeys(Keys(n.GetProperty("net")), o.GetProperty("net"), "net");
        AssertHasKeys(Keys(n.GetProperty("net").GetProperty("cells")[0]), o.GetProperty("net").GetProperty("cells")[0], "net.cells[0]");
        AssertHasKeys(Keys(n.GetProperty("net").GetProperty("cells")[0].GetProperty("tags")).Except(["label"]),
            o.GetProperty("net").GetProperty("cells")[0].GetProperty("tags"), "net.cells[0].tags");
        AssertHasKeys(Keys(n.GetProperty("net").GetProperty("pops").GetProperty("IZHpop")), o.GetProperty("net").GetProperty("pops").GetProperty("IZHpop"), "net.pops.IZHpop");
        AssertHasKeys(Keys(n.GetProperty("simData")), o.GetProperty("simData"), "simData");
        AssertHasKeys(["cellParams", "popParams", "synMechParams", "stimSourceParams", "stimTargetParams", "connParams", "sizeX", "sizeY", "sizeZ"],
            o.GetProperty("net").GetProperty("params"), "net.params");
        AssertHasKeys(["duration", "dt", "seeds", "hParams", "recordStep", "recordTraces", "recordCellsSpikes", "filename", "saveJson", "timing", "tstop", "compactConnFormat", "saveCellSecs", "saveCellConns", "createPyStruct", "createNEURONObj"],
            o.GetProperty("simConfig"), "simConfig");
        Assert.Equal(-65.0, o.GetProperty("simConfig").GetProperty("hParams").GetProperty("v_init").GetDouble());
        AssertHasKeys(["createTime", "connectTime", "stimsTime", "setrecordTime", "runTime", "totalTime"], o.GetProperty("timingData"), "timingData");
        Assert.StartsWith("NetDsl ", o.GetProperty("netpyne_version").GetString());
        Assert.False(o.GetProperty("netdsl").GetProperty("partial").GetBoolean());
    }

    [Fact]
    public void Cells_conns_and_spikes_equal_netpyne_saved_data_for_the_same_network()
    {
        using var ours = Write(Network.Value);
        using var netpyne = NetPyneSaved();
        var oCells = ours.RootElement.GetProperty("net").GetProperty("cells");
        var nCells = netpyne.RootElement.GetProperty("net").GetProperty("cells");
        Assert.Equal(nCells.GetArrayLength(), oCells.GetArrayLength());
        for (int i = 0; i < nCells.GetArrayLength(); i++)
        {
            var o = oCells[i];
            var n = nCells[i];
            Assert.Equal(n.GetProperty("gid").GetInt32(), o.GetProperty("gid").GetInt32());
            foreach (string tag in new[] { "x", "y", "z", "xnorm", "ynorm", "znorm" })
            {
                Assert.Equal(n.GetProperty("tags").GetProperty(tag).GetDouble(), o.GetProperty("tags").GetProperty(tag).GetDouble(), 12);
            }
            Assert.Equal(n.GetProperty("tags").GetProperty("pop").GetString(), o.GetProperty("tags").GetProperty("pop").GetString());
            var oConns = o.GetProperty("conns");
            var nConns = n.GetProperty("conns");
            Assert.Equal(nConns.GetArrayLength(), oConns.GetArrayLength());
            for (int c = 0; c < nConns.GetArrayLength(); c++)
            {
                AssertHasKeys(Keys(nConns[c]), oConns[c], $"cell {i} conn {c}");
                var pre = nConns[c].GetProperty("preGid");
                if (pre.ValueKind == JsonValueKind.String)
                {
                    Assert.Equal("NetStim", oConns[c].GetProperty("preGid").GetString());
                    Assert.Equal(nConns[c].GetProperty("preLabel").GetString(), oConns[c].GetProperty("preLabel").GetString());
                }
                else
                {
                    Assert.Equal(pre.GetInt32(), oConns[c].GetProperty("preGid").GetInt32());
                    Assert.Equal(nConns[c].GetProperty("label").GetString(), oConns[c].GetProperty("label").GetString());
                }
                Assert.Equal(nConns[c].GetProperty("weight").GetDouble(), oConns[c].GetProperty("weight").GetDouble());
                Assert.Equal(nConns[c].GetProperty("delay").GetDouble(), oConns[c].GetProperty("delay").GetDouble());
                Assert.Equal(nConns[c].GetProperty("synMech").GetString(), oConns[c].GetProperty("synMech").GetString());
            }
        }

        var oData = ours.RootElement.GetProperty("simData");
        var nData = netpyne.RootElement.GetProperty("simData");
        Assert.Equal(nData.GetProperty("spkt").EnumerateArray().Select(e => e.GetDouble()), oData.GetProperty("spkt").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(nData.GetProperty("spkid").EnumerateArray().Select(e => e.GetDouble()), oData.GetProperty("spkid").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(nData.GetProperty("t").EnumerateArray().Select(e => e.GetDouble()), oData.GetProperty("t").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(nData.GetProperty("avgRate").GetDouble(), oData.GetProperty("avgRate").GetDouble(), 12);
        // Gids are written as floats, as NetPyNE gathers them ("12.0").
        Assert.Equal(JsonValueKind.Number, oData.GetProperty("spkid")[0].ValueKind);
        Assert.Contains(".", oData.GetProperty("spkid")[0].GetRawText());
    }

    [Fact]
    public void Traces_are_written_per_cell_under_the_trace_name()
    {
        var result = ReferenceResults.Load("A_single");
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, result, "A");
        using var json = JsonDocument.Parse(stream.ToArray());
        var trace = json.RootElement.GetProperty("simData").GetProperty("V_soma").GetProperty("cell_0");
        Assert.Equal(result.Traces[0].Values, trace.EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(1001, json.RootElement.GetProperty("simData").GetProperty("t").GetArrayLength());
        var stim = json.RootElement.GetProperty("net").GetProperty("cells")[0].GetProperty("stims")[0];
        Assert.Equal("IClamp", stim.GetProperty("type").GetString());
        Assert.Equal(10.0, stim.GetProperty("amp").GetDouble());
        Assert.Equal(0.7103820258804494, json.RootElement.GetProperty("net").GetProperty("cells")[0].GetProperty("secs").GetProperty("soma")
            .GetProperty("pointps").GetProperty("Izhi").GetProperty("k").GetDouble());
    }

    /// <summary>NetPyNE records h.t only with recordTraces: without records its simData has no 't', and neither has ours.</summary>
    [Fact]
    public void Without_records_simData_has_no_sample_times()
    {
        var full = Network.Value;
        var unrecorded = full.Definition with { Records = [] };
        var result = NetworkBuilder.Build(unrecorded with { Simulation = unrecorded.Simulation with { Duration = 50 } }).Run();
        Assert.Empty(result.TraceTimes);
        using var json = Write(result);
        var simData = json.RootElement.GetProperty("simData");
        Assert.False(simData.TryGetProperty("t", out _));
        Assert.True(simData.TryGetProperty("spkt", out _));
        using var recorded = Write(full);
        Assert.Equal(full.TraceTimes.Length, recorded.RootElement.GetProperty("simData").GetProperty("t").GetArrayLength());
    }

    [Fact]
    public void Partial_runs_are_marked_and_report_the_simulated_span_as_duration()
    {
        var full = Network.Value;
        var partial = new SimulationResult
        {
            Definition = full.Definition, Populations = full.Populations, Cells = full.Cells, Connections = full.Connections, Stims = full.Stims,
            SpikeTimes = full.SpikeTimes.Where(t => t < 400).ToArray(),
            SpikeGids = full.SpikeGids.Take(full.SpikeTimes.Count(t => t < 400)).ToArray(),
            TraceTimes = full.TraceTimes[..401], Traces = [], Timing = full.Timing, SimulatedTime = 400, Partial = true,
        };
        using var json = Write(partial);
        Assert.True(json.RootElement.GetProperty("netdsl").GetProperty("partial").GetBoolean());
        Assert.Equal(400.0, json.RootElement.GetProperty("simConfig").GetProperty("duration").GetDouble());
        Assert.Equal(1000.0, json.RootElement.GetProperty("netdsl").GetProperty("requestedDuration").GetDouble());
        Assert.Contains(RunSummary.Lines(partial), line => line.Contains("PARTIAL RUN: stopped at 400 of 1000 ms"));
    }

    [Fact]
    public void Spikes_csv_has_one_row_per_spike_at_full_precision()
    {
        var result = Network.Value;
        var writer = new StringWriter();
        SpikesCsvWriter.Write(writer, result);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SpikesCsvWriter.Header, lines[0]);
        Assert.Equal(result.SpikeTimes.Length + 1, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal(result.SpikeTimes[0], double.Parse(first[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(result.SpikeGids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), first[1]);
        Assert.Equal("IZHpop", first[2]);
    }

    [Fact]
    public void Summary_counts_connections_as_netpyne_does()
    {
        // NetPyNE printed "Connections: 55 (2.75 per cell)" (35 cell inputs + one NetStim per cell) and "Spikes: 1545 (77.25 Hz)".
        var lines = RunSummary.Lines(Network.Value);
        Assert.Contains("  Cells: 20", lines);
        Assert.Contains("  Connections: 55 (2.75 per cell)", lines);
        Assert.Contains("  Spikes: 1545 (77.25 Hz)", lines);
    }
}
