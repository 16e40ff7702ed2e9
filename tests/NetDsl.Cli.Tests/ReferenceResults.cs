using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>
/// Builds <see cref="SimulationResult"/>s from NetPyNE's own outputs in tests/reference (cells, conns, stims,
/// spikes, traces), so the writers and figures are tested on real network data independently of the engine.
/// </summary>
public static class ReferenceResults
{
    /// <summary>The connectivity rules of the reference models (model_netpyne.py), for rule labels.</summary>
    private static List<ConnectionDefinition> Rules(string caseName) => caseName switch
    {
        "B_network" => [new("IZH->IZH", CellSelector.Population("IZHpop"), CellSelector.Population("IZHpop"), ConnectionRuleKind.Probability, 0.1, 0.005, 5, "exc")],
        "C_inhib" =>
        [
            new("exc->exc", CellSelector.Population("IZH_exc"), CellSelector.Population("IZH_exc"), ConnectionRuleKind.Probability, 0.1, 0.005, 5, "exc"),
            new("exc->inh", CellSelector.Population("IZH_exc"), CellSelector.Population("IZH_inh"), ConnectionRuleKind.Probability, 0.2, 0.005, 5, "exc"),
            new("inh->exc", CellSelector.Population("IZH_inh"), CellSelector.Population("IZH_exc"), ConnectionRuleKind.Probability, 0.3, 0.007, 3, "inh"),
        ],
        _ => [],
    };

    public static SimulationResult Load(string caseName)
    {
        using var cellsJson = ReferenceFiles.OpenJson(caseName, "cells.json");
        using var stimsJson = ReferenceFiles.OpenJson(caseName, "stims.json");
        using var tracesJson = ReferenceFiles.OpenJson(caseName, "traces.json");

        var cells = new List<CellInfo>();
        var populations = new List<PopulationInfo>();
        foreach (var cell in cellsJson.RootElement.EnumerateArray())
        {
            int gid = cell.GetProperty("gid").GetInt32();
            string pop = cell.GetProperty("pop").GetString()!;
            string cellType = cell.GetProperty("cellType").GetString()!;
            var parameters = new Dictionary<string, double>();
            foreach (var p in cell.GetProperty("izhi_actual").EnumerateObject()) parameters[p.Name] = p.Value.GetDouble();
            cells.Add(new CellInfo(gid, pop, cellType,
                cell.GetProperty("x").GetDouble(), cell.GetProperty("y").GetDouble(), cell.GetProperty("z").GetDouble(),
                cell.GetProperty("xnorm").GetDouble(), cell.GetProperty("ynorm").GetDouble(), cell.GetProperty("znorm").GetDouble(),
                parameters));
            if (populations.Count == 0 || populations[^1].Name != pop) populations.Add(new PopulationInfo(pop, cellType, gid, 0));
            populations[^1] = populations[^1] with { Count = populations[^1].Count + 1 };
        }

        var connections = new List<ConnectionInfo>();
        if (ReferenceFiles.Exists(caseName, "conns.json"))
        {
            using var connsJson = ReferenceFiles.OpenJson(caseName, "conns.json");
            foreach (var c in connsJson.RootElement.EnumerateArray())
            {
                connections.Add(new ConnectionInfo(c[0].GetInt32(), c[1].GetInt32(), c[2].GetDouble(), c[3].GetDouble(), c[4].GetString()!));
            }
        }

        var stims = new List<StimInfo>();
        var sources = new List<StimSourceDefinition>();
        foreach (var s in stimsJson.RootElement.EnumerateArray())
        {
            string type = s.GetProperty("type").GetString()!;
            string source = s.GetProperty("source").GetString()!;
            if (type == "IClamp")
            {
                stims.Add(new StimInfo(s.GetProperty("gid").GetInt32(), source, type, null, 0, 0, []));
                if (!sources.Exists(x => x.Name == source))
                {
                    sources.Add(new IClampSource(source, s.GetProperty("del").GetDouble(), s.GetProperty("dur").GetDouble(), s.GetProperty("amp").GetDouble()));
                }
            }
            else
            {
                var conn = s.GetProperty("conn");
                var events = new List<double>();
                foreach (var t in s.GetProperty("event_times_ms").EnumerateArray()) events.Add(t.GetDouble());
                stims.Add(new StimInfo(s.GetProperty("gid").GetInt32(), source, type, conn.GetProperty("synMech").GetString(),
                    conn.GetProperty("weight").GetDouble(), conn.GetProperty("delay").GetDouble(), events));
                if (!sources.Exists(x => x.Name == source))
                {
                    sources.Add(new NetStimSource(source, s.GetProperty("rate").GetDouble(), null, s.GetProperty("noise").GetDouble()));
                }
            }
        }

        var spikes = ReferenceFiles.Spikes(caseName);
        var spikeTimes = spikes.Select(s => s.Time).ToList();
        var spikeGids = spikes.Select(s => s.Gid).ToList();

        var traceRoot = tracesJson.RootElement;
        var traceTimes = new List<double>();
        foreach (var t in traceRoot.GetProperty("t").EnumerateArray()) traceTimes.Add(t.GetDouble());
        var traces = new List<TraceRecord>();
        foreach (var trace in traceRoot.GetProperty("recorded").EnumerateObject())
        {
            foreach (var cell in trace.Value.EnumerateObject())
            {
                var values = new List<double>();
                foreach (var v in cell.Value.EnumerateArray()) values.Add(v.GetDouble());
                traces.Add(new TraceRecord(trace.Name, int.Parse(cell.Name["cell_".Length..], System.Globalization.CultureInfo.InvariantCulture), RecordVariable.V, null, values.ToArray()));
            }
        }

        var synapses = new List<SynapseDefinition>();
        foreach (var name in connections.Select(c => c.Synapse).Concat(stims.Where(s => s.Synapse is not null).Select(s => s.Synapse!)).Distinct())
        {
            synapses.Add(name == "inh" ? new SynapseDefinition(name, 2, 10, -70) : new SynapseDefinition(name, 1, 5, 0));
        }
        var cellTypes = cells.Select(c => c.CellType).Distinct()
            .Select(t => new CellDefinition(t, [new NamedValue("diam", 10), new NamedValue("L", 10), new NamedValue("cm", 31.831)], "Izhi2007b",
                [new NamedValue("C", 1), new NamedValue("k", ValueSpec.Normal(0.7, 0.05))]))
            .ToList();
        var definition = new NetworkDefinition(
            caseName,
            cellTypes,
            populations.Select(p => new PopulationDefinition(p.Name, p.CellType, p.Count)).ToList(),
            synapses,
            sources,
            sources.Select(s => new StimTargetDefinition(s.Name, CellSelector.All, 0.01, 5, s is IClampSource ? null : "exc")).ToList(),
            Rules(caseName),
            new SimulationSettings(Duration: 1000, Dt: 0.025, VInit: -65, RecordStep: 1),
            [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
            [new PlotDefinition(PlotKind.Raster, null), new PlotDefinition(PlotKind.Traces, null), new PlotDefinition(PlotKind.Net2D, null)]);

        return new SimulationResult
        {
            Definition = definition,
            Populations = populations,
            Cells = cells,
            Connections = connections,
            Stims = stims,
            SpikeTimes = spikeTimes.ToArray(),
            SpikeGids = spikeGids.ToArray(),
            TraceTimes = traceTimes.ToArray(),
            Traces = traces,
            Timing = new TimingData(0.004, 0.001, 0.0005, 0.0001, 0.02, 0.03),
            SimulatedTime = 1000,
        };
    }
}
