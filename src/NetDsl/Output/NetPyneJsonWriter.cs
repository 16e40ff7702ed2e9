using System.Globalization;
using System.Reflection;
using System.Text.Json;
using NetDsl.Catalog;
using NetDsl.Construction;
using NetDsl.Definition;
using NetDsl.Recording;
using NetDsl.Simulation;

namespace NetDsl.Output;

/// <summary>
/// Writes a <see cref="SimulationResult"/> in the layout of NetPyNE's saved data (<c>sim.saveData</c> with
/// <c>saveJson</c>): <c>net</c> (params, cells, pops), <c>simConfig</c>, <c>simData</c>, plus <c>timingData</c>
/// with NetPyNE's names and a <c>netdsl</c> block (version, partial run). NetPyNE's <c>sim.load</c> reads it.
/// </summary>
public static class NetPyneJsonWriter
{
    private static readonly HashSet<string> GeometryNames = new(StringComparer.Ordinal) { "diam", "L", "cm", "Ra" };

    /// <summary>The NetDsl version written into saved data.</summary>
    public static string NetDslVersion { get; } =
        typeof(NetPyneJsonWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Writes the data file atomically; <paramref name="fileStem"/> becomes <c>simConfig.filename</c>.</summary>
    /// <param name="include">The parts to write (<see cref="DataInclude"/>; null: the default).</param>
    public static void WriteFile(string path, SimulationResult result, string? fileStem = null, DataInclude? include = null) =>
        AtomicFile.Write(path, stream => Write(stream, result, fileStem ?? result.Definition.Name, include));

    public static void Write(Stream stream, SimulationResult result, string fileStem, DataInclude? include = null)
    {
        include ??= new DataInclude();
        bool connections = include.WritesConnections(result.Connections.Count);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, SkipValidation = false });
        var definition = result.Definition;
        json.WriteStartObject();
        json.WriteString("netpyne_version", "NetDsl " + NetDslVersion);
        json.WriteString("netpyne_changeset", "");

        json.WriteStartObject("net");
        if (include.NetParams) WriteNetParams(json, definition);
        if (include.NetCells) WriteCells(json, result, connections);
        if (include.NetPops) WritePops(json, result);
        json.WriteEndObject();

        if (include.SimConfig) WriteSimConfig(json, result, fileStem, include, connections);
        if (include.SimData) WriteSimData(json, result);
        WriteTiming(json, result.Timing);

        json.WriteStartObject("netdsl");
        json.WriteString("version", NetDslVersion);
        json.WriteString("network", definition.Name);
        json.WriteBoolean("partial", result.Partial);
        Number(json, "simulatedTime", result.SimulatedTime);
        Number(json, "requestedDuration", definition.Simulation.Duration);
        json.WriteEndObject();

        json.WriteEndObject();
        json.Flush();
    }

    // ---- net.params: the model as NetPyNE specs ------------------------------------------------------------

    private static void WriteNetParams(Utf8JsonWriter json, NetworkDefinition definition)
    {
        json.WriteStartObject("params");

        json.WriteStartObject("cellParams");
        foreach (var cell in definition.Cells)
        {
            json.WriteStartObject(cell.Name);
            json.WriteStartObject("secs");
            json.WriteStartObject("soma");
            json.WriteStartObject("geom");
            foreach (var value in cell.Geometry) Spec(json, value.Name, value.Value);
            json.WriteEndObject();
            if (IsDensityCell(cell))
            {
                // NetPyNE's secs.soma.mechs: each mechanism with the values (or string functions) the file gives.
                json.WriteStartObject("mechs");
                foreach (var mechanism in cell.Mechs)
                {
                    json.WriteStartObject(mechanism.Name);
                    foreach (var value in mechanism.Parameters) Spec(json, value.Name, value.Value);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            else
            {
                json.WriteStartObject("pointps");
                json.WriteStartObject("Izhi");
                json.WriteString("mod", cell.Mechanism);
                foreach (var value in cell.Parameters) Spec(json, value.Name, value.Value);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            Number(json, "threshold", cell.Threshold);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartObject("popParams");
        foreach (var population in definition.Populations)
        {
            json.WriteStartObject(population.Name);
            if (population.Generator is { } generator)
            {
                json.WriteString("cellModel", population.CellType);
                WriteGeneratorParams(json, generator, definition);
            }
            else json.WriteString("cellType", population.CellType);
            if (population.Density is double density) Number(json, "density", density);
            else if (population.GridSpacing is double spacing) Number(json, "gridSpacing", spacing);
            else if (population.CellsList is null) json.WriteNumber("numCells", population.Count);
            foreach (var (key, range) in population.Ranges())
            {
                json.WriteStartArray(key);
                NumberValue(json, range.Min);
                NumberValue(json, range.Max);
                json.WriteEndArray();
            }
            json.WriteString("pop", population.Name);
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartObject("synMechParams");
        foreach (var synapse in definition.Synapses)
        {
            json.WriteStartObject(synapse.Name);
            WriteSynapseParameters(json, synapse);
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartObject("stimSourceParams");
        foreach (var source in definition.StimSources)
        {
            json.WritePropertyName(source.Name);
            WriteStimSource(json, source, includeType: true);
        }
        json.WriteEndObject();

        json.WriteStartObject("stimTargetParams");
        foreach (var target in definition.StimTargets)
        {
            json.WriteStartObject(target.Source + "->" + SelectorLabel(target.Target));
            json.WriteString("source", target.Source);
            json.WritePropertyName("conds");
            WriteConds(json, target.Target);
            bool isCurrent = FindSource(definition, target.Source) is IClampSource;
            if (isCurrent)
            {
                json.WriteString("sec", "soma");
                Number(json, "loc", 0.5);
            }
            else
            {
                Spec(json, "weight", target.WeightValue);
                Spec(json, "delay", target.DelayValue);
                if (target.Synapse is not null) json.WriteString("synMech", target.Synapse);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartObject("connParams");
        foreach (var connection in definition.Connections)
        {
            json.WriteStartObject(connection.Label);
            json.WritePropertyName("preConds");
            WriteConds(json, connection.Pre);
            json.WritePropertyName("postConds");
            WriteConds(json, connection.Post);
            switch (connection.Rule)
            {
                case ConnectionRuleKind.Probability:
                case ConnectionRuleKind.FastProbability:
                    Spec(json, "probability", connection.RuleSpec);
                    break;
                case ConnectionRuleKind.Convergence:
                    Spec(json, "convergence", connection.RuleSpec);
                    break;
                case ConnectionRuleKind.Divergence:
                    Spec(json, "divergence", connection.RuleSpec);
                    break;
                case ConnectionRuleKind.List:
                    json.WriteStartArray("connList");
                    foreach (var (pre, post) in connection.Pairs ?? Array.Empty<(int, int)>())
                    {
                        json.WriteStartArray();
                        json.WriteNumberValue(pre);
                        json.WriteNumberValue(post);
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                    break;
            }
            Spec(json, "weight", connection.Weight);
            Spec(json, "delay", connection.Delay);
            if (connection.Synapse is not null) json.WriteString("synMech", connection.Synapse);
            if (connection.AllowSelfConnections) json.WriteBoolean("allowSelfConns", true);
            json.WriteEndObject();
        }
        json.WriteEndObject();

        Number(json, "sizeX", definition.SizeX);
        Number(json, "sizeY", definition.SizeY);
        Number(json, "sizeZ", definition.SizeZ);
        json.WriteString("shape", "cuboid");
        Number(json, "defaultThreshold", definition.Cells.Count > 0 ? definition.Cells[0].Threshold : 10.0);
        Number(json, "defaultWeight", 1);
        Number(json, "defaultDelay", 1);
        // Named values of the expressions are netParams attributes in NetPyNE (netParams.probLengthConst = 150).
        var named = NetPyneScriptWriter.NamedValues(definition);
        Number(json, "propVelocity", named.FirstOrDefault(v => v.Name == "propVelocity") is { Name: not null } velocity ? velocity.Value : 500.0);
        foreach (var (name, value) in named)
        {
            if (name is not ("propVelocity" or "sizeX" or "sizeY" or "sizeZ" or "defaultDelay" or "defaultWeight" or "scale")) Number(json, name, value);
        }
        Number(json, "scale", 1);
        Number(json, "scaleConnWeight", 1);
        Number(json, "scaleConnWeightNetStims", 1);
        json.WriteBoolean("scaleConnWeightModels", false);
        json.WriteBoolean("correctBorder", false);
        json.WriteBoolean("rotateCellsRandomly", false);
        json.WriteBoolean("defineCellShapes", false);
        json.WriteStartArray("popTagsCopiedToCells");
        json.WriteStringValue("cellModel");
        json.WriteStringValue("cellType");
        json.WriteEndArray();
        json.WriteStartObject("subConnParams");
        json.WriteEndObject();
        json.WriteStartObject("rxdParams");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteStimSource(Utf8JsonWriter json, StimSourceDefinition source, bool includeType)
    {
        json.WriteStartObject();
        switch (source)
        {
            case NetStimSource netStim:
                // A parameter evaluated per target cell is NetPyNE's string function.
                if (includeType) json.WriteString("type", "NetStim");
                if (netStim.RateSpec is { } rateSpec) Spec(json, "rate", rateSpec);
                else if (netStim.Rate is double rate) Number(json, "rate", rate);
                if (netStim.RateSpec is null && netStim.Rate is null)
                {
                    if (netStim.IntervalSpec is { } intervalSpec) Spec(json, "interval", intervalSpec);
                    else if (netStim.Interval is double interval) Number(json, "interval", interval);
                }
                Spec(json, "noise", netStim.NoiseSpec ?? netStim.Noise);
                Spec(json, "start", netStim.StartSpec ?? netStim.Start);
                Spec(json, "number", netStim.NumberSpec ?? netStim.Number);
                if (netStim.Seed is int seed) json.WriteNumber("seed", seed);
                break;
            case IClampSource clamp:
                if (includeType) json.WriteString("type", "IClamp");
                Spec(json, "del", clamp.DelaySpec ?? clamp.Delay);
                Spec(json, "dur", clamp.DurationSpec ?? clamp.Duration);
                Spec(json, "amp", clamp.AmplitudeSpec ?? clamp.Amplitude);
                break;
            case VecStimSource vecStim:
                if (includeType) json.WriteString("type", "VecStim");
                json.WriteStartArray("spkTimes");
                foreach (double t in vecStim.Times) NumberValue(json, t);
                json.WriteEndArray();
                break;
        }
        json.WriteEndObject();
    }

    private static StimSourceDefinition? FindSource(NetworkDefinition definition, string name)
    {
        foreach (var source in definition.StimSources)
        {
            if (source.Name == name) return source;
        }
        return null;
    }

    private static string SelectorLabel(CellSelector selector) => selector.Kind switch
    {
        SelectorKind.All => "all",
        SelectorKind.Gids => "cells",
        _ => string.Join(",", selector.Names),
    };

    private static void WriteConds(Utf8JsonWriter json, CellSelector selector)
    {
        json.WriteStartObject();
        switch (selector.Kind)
        {
            case SelectorKind.Populations:
            case SelectorKind.CellTypes:
                string key = selector.Kind == SelectorKind.Populations ? "pop" : "cellType";
                if (selector.Names.Count == 1)
                {
                    json.WriteString(key, selector.Names[0]);
                }
                else
                {
                    json.WriteStartArray(key);
                    foreach (string name in selector.Names) json.WriteStringValue(name);
                    json.WriteEndArray();
                }
                break;
            case SelectorKind.Gids:
                json.WriteStartArray("cellList");
                foreach (int gid in selector.Gids) json.WriteNumberValue(gid);
                json.WriteEndArray();
                break;
        }
        foreach (var condition in selector.Conditions)
        {
            json.WriteStartArray(TagCondition.Name(condition.Tag));
            NumberValue(json, condition.Min);
            NumberValue(json, condition.Max);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    // ---- net.cells and net.pops ----------------------------------------------------------------------------

    /// <param name="connections">Whether each cell's conns and synMechs list its incoming connections (its stimuli are listed anyway).</param>
    private static void WriteCells(Utf8JsonWriter json, SimulationResult result, bool connections)
    {
        var definition = result.Definition;
        // Without the connections, the cells' synMechs (one per incoming connection) are left out with them.
        var connectionsByPost = new Dictionary<int, List<ConnectionInfo>>();
        foreach (var connection in connections ? result.Connections : [])
        {
            if (!connectionsByPost.TryGetValue(connection.PostGid, out var list)) connectionsByPost[connection.PostGid] = list = new List<ConnectionInfo>();
            list.Add(connection);
        }
        var stimsByGid = new Dictionary<int, List<StimInfo>>();
        foreach (var stim in result.Stims)
        {
            if (!stimsByGid.TryGetValue(stim.Gid, out var list)) stimsByGid[stim.Gid] = list = new List<StimInfo>();
            list.Add(stim);
        }
        var synapses = new Dictionary<string, SynapseDefinition>(StringComparer.Ordinal);
        foreach (var synapse in definition.Synapses) synapses[synapse.Name] = synapse;
        var cellTypes = new Dictionary<string, CellDefinition>(StringComparer.Ordinal);
        foreach (var cell in definition.Cells) cellTypes[cell.Name] = cell;

        var generators = new Dictionary<string, StimSourceDefinition>(StringComparer.Ordinal);
        foreach (var population in definition.Populations)
        {
            if (population.Generator is { } generator) generators[population.Name] = generator;
        }
        var cellsByGid = new Dictionary<int, CellInfo>(result.Cells.Count);
        foreach (var cell in result.Cells) cellsByGid[cell.Gid] = cell;

        json.WriteStartArray("cells");
        foreach (var cell in result.Cells)
        {
            var incoming = connectionsByPost.GetValueOrDefault(cell.Gid) ?? new List<ConnectionInfo>();
            var stims = stimsByGid.GetValueOrDefault(cell.Gid) ?? new List<StimInfo>();

            json.WriteStartObject();
            json.WriteNumber("gid", cell.Gid);

            var generator = generators.GetValueOrDefault(cell.Population);
            json.WriteStartObject("tags");
            json.WriteString(generator is null ? "cellType" : "cellModel", cell.CellType);
            json.WriteString("pop", cell.Population);
            Number(json, "x", cell.X);
            Number(json, "xnorm", cell.XNorm);
            Number(json, "y", cell.Y);
            Number(json, "ynorm", cell.YNorm);
            Number(json, "z", cell.Z);
            Number(json, "znorm", cell.ZNorm);
            if (generator is not null)
            {
                // A point cell's parameters live in its tags (NetPyNE's PointCell params).
                json.WriteStartObject("params");
                WriteGeneratorParams(json, generator, definition);
                json.WriteEndObject();
            }
            json.WriteEndObject();

            if (generator is null) WriteCellSecs(json, cell, cellTypes.GetValueOrDefault(cell.CellType), incoming, stims, synapses);
            FlushIfLarge(json);

            json.WriteStartArray("conns");
            foreach (var connection in incoming)
            {
                json.WriteStartObject();
                json.WriteNumber("preGid", connection.PreGid);
                string? label = RuleLabel(definition, cellsByGid.GetValueOrDefault(connection.PreGid), cell, connection.Synapse);
                if (label is not null) json.WriteString("label", label);
                Number(json, "preLoc", 0.5);
                json.WriteString("sec", "soma");
                Number(json, "loc", 0.5);
                json.WriteString("synMech", connection.Synapse);
                Number(json, "weight", connection.Weight);
                Number(json, "delay", connection.Delay);
                json.WriteEndObject();
            }
            foreach (var stim in stims)
            {
                if (!NetworkStatistics.IsSpikeSource(stim)) continue;
                json.WriteStartObject();
                json.WriteString("preGid", "NetStim");
                json.WriteString("preLabel", stim.Source);
                Number(json, "preLoc", 0.5);
                json.WriteString("sec", "soma");
                Number(json, "loc", 0.5);
                if (stim.Synapse is not null) json.WriteString("synMech", stim.Synapse);
                Number(json, "weight", stim.Weight);
                Number(json, "delay", stim.Delay);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("stims");
            foreach (var stim in stims)
            {
                // NetPyNE keeps what each cell got, its string parameters evaluated for the cell.
                var source = stim.Values ?? FindSource(definition, stim.Source);
                json.WriteStartObject();
                json.WriteString("source", stim.Source);
                json.WriteString("type", stim.Type);
                switch (source)
                {
                    case NetStimSource netStim:
                        // NetPyNE's cell stim keeps a rate, 1000 / interval for an interval (compartCell.py:1269-1277),
                        // which sim.loadAll reads back.
                        Number(json, "rate", netStim.Rate ?? 1000.0 / (netStim.Interval ?? double.NaN));
                        Number(json, "noise", netStim.Noise);
                        Number(json, "start", netStim.Start);
                        Number(json, "number", netStim.Number);
                        json.WriteNumber("seed", netStim.Seed ?? definition.Simulation.EffectiveSeeds.Stim);
                        break;
                    case IClampSource clamp:
                        json.WriteString("label", stim.Source + "->" + cell.Population);
                        json.WriteString("sec", "soma");
                        Number(json, "loc", 0.5);
                        Number(json, "del", clamp.Delay);
                        Number(json, "dur", clamp.Duration);
                        Number(json, "amp", clamp.Amplitude);
                        break;
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartObject("secLists");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>The label of the first rule whose pre and post selections and synapse match the connection.</summary>
    private static string? RuleLabel(NetworkDefinition definition, CellInfo? pre, CellInfo post, string synapse)
    {
        if (pre is null) return null;
        string? defaultSynapse = definition.Synapses.Count > 0 ? definition.Synapses[0].Name : null;
        foreach (var rule in definition.Connections)
        {
            if ((rule.Synapse ?? defaultSynapse) == synapse && Selects(rule.Pre, pre) && Selects(rule.Post, post)) return rule.Label;
        }
        return null;
    }

    private static bool Selects(CellSelector selector, CellInfo cell) => selector.Selects(cell);

    private static void WriteCellSecs(
        Utf8JsonWriter json,
        CellInfo cell,
        CellDefinition? cellType,
        List<ConnectionInfo> incoming,
        List<StimInfo> stims,
        Dictionary<string, SynapseDefinition> synapses)
    {
        json.WriteStartObject("secs");
        json.WriteStartObject("soma");

        json.WriteStartObject("geom");
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (cellType is not null)
        {
            foreach (var value in cellType.Geometry)
            {
                if (cell.Parameters.TryGetValue(value.Name, out double actual)) Number(json, value.Name, actual);
                else Spec(json, value.Name, value.Value);
                written.Add(value.Name);
            }
        }
        foreach (var (name, value) in cell.Parameters)
        {
            if (GeometryNames.Contains(name) && written.Add(name)) Number(json, name, value);
        }
        json.WriteEndObject();

        var densityMechanisms = DensityMechanisms(cell, cellType);
        if (densityMechanisms is not null)
        {
            // A Hodgkin-Huxley style soma: NetPyNE's secs.soma.mechs with the values this cell got (gnabar_hh -> hh.gnabar).
            json.WriteStartObject("mechs");
            foreach (var mechanism in densityMechanisms)
            {
                json.WriteStartObject(mechanism.Name);
                var given = cellType?.Mechs.FirstOrDefault(m => m.Name == mechanism.Name);
                foreach (var parameter in mechanism.Parameters)
                {
                    if (cell.Parameters.TryGetValue(CellParameterKeys.RangeName(parameter.Name, mechanism.Name), out double actual))
                    {
                        Number(json, parameter.Name, actual);
                    }
                    else if (given?.Parameters.FirstOrDefault(p => p.Name == parameter.Name) is { } spec)
                    {
                        Spec(json, parameter.Name, spec.Value);
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        else
        {
            json.WriteStartObject("pointps");
            json.WriteStartObject("Izhi");
            json.WriteString("mod", cellType?.Mechanism ?? "Izhi2007b");
            // Only the mechanism's own variables: NetPyNE's sim.loadAll sets every key on the point process, and one
            // that is not a variable of Izhi2007b (area, threshold) stops it from re-creating the cell.
            foreach (var (name, value) in cell.Parameters)
            {
                if (MechanismCatalog.Izhi2007b.Find(name) is not null) Number(json, name, value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }

        // One synapse per incoming connection (NetPyNE's oneSynPerNetcon), cell inputs first, then NetStims.
        json.WriteStartArray("synMechs");
        foreach (var connection in incoming) WriteSynMech(json, connection.Synapse, synapses);
        foreach (var stim in stims)
        {
            if (NetworkStatistics.IsSpikeSource(stim) && stim.Synapse is not null) WriteSynMech(json, stim.Synapse, synapses);
        }
        json.WriteEndArray();

        json.WriteStartObject("topol");
        json.WriteEndObject();
        // NetPyNE reads the spike detection threshold from the section.
        Number(json, "threshold", cellType?.Threshold ?? 10.0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteSynMech(Utf8JsonWriter json, string label, Dictionary<string, SynapseDefinition> synapses)
    {
        json.WriteStartObject();
        json.WriteString("label", label);
        Number(json, "loc", 0.5);
        if (synapses.TryGetValue(label, out var synapse)) WriteSynapseParameters(json, synapse);
        else json.WriteString("mod", "Exp2Syn");
        json.WriteEndObject();
    }

    /// <summary>NetPyNE's synMech parameters: the model's mod and its parameters by catalog name.</summary>
    private static void WriteSynapseParameters(Utf8JsonWriter json, SynapseDefinition synapse)
    {
        json.WriteString("mod", NetDsl.Kernels.SynapseModels.Info(synapse.Model).Name);
        foreach (var (name, value) in synapse.NamedParameters) Number(json, name, value);
    }

    /// <summary>A cell type made of density mechanisms (hh, pas) rather than the Izhi2007b point process.</summary>
    private static bool IsDensityCell(CellDefinition cell) => string.IsNullOrEmpty(cell.Mechanism);

    /// <summary>
    /// The density mechanisms of a cell in NEURON's order (the builder's key set, else its cell type's), or null
    /// for a point-process (Izhi2007b) cell.
    /// </summary>
    private static IReadOnlyList<MechanismInfo>? DensityMechanisms(CellInfo cell, CellDefinition? cellType)
    {
        if (cell.Parameters is CellParameters parameters)
        {
            var density = parameters.KeySet.Mechanisms.Where(m => m.Role == MechanismRole.Density).ToList();
            if (density.Count > 0 || parameters.KeySet.Mechanisms.Length == 0) return density;
            return null;
        }
        if (cellType is null || !IsDensityCell(cellType)) return null;
        var mechanisms = new List<MechanismInfo>();
        foreach (var mechanism in cellType.Mechs)
        {
            if (MechanismCatalog.Find(mechanism.Name) is { Role: MechanismRole.Density } info) mechanisms.Add(info);
        }
        return mechanisms;
    }

    /// <summary>A NetStim population's parameters as NetPyNE keeps them in its cells' tags (a PointCell's params), the seed included.</summary>
    private static void WriteNetStimParams(Utf8JsonWriter json, NetStimSource netStim, NetworkDefinition definition)
    {
        if (netStim.Rate is double rate) Number(json, "rate", rate);
        if (netStim.Interval is double interval) Number(json, "interval", interval);
        Number(json, "noise", netStim.Noise);
        Number(json, "start", netStim.Start);
        Number(json, "number", netStim.Number);
        json.WriteNumber("seed", netStim.Seed ?? definition.Simulation.EffectiveSeeds.Stim);
    }

    /// <summary>A spike generator's parameters by NetPyNE's names (popParams and a PointCell's params).</summary>
    private static void WriteGeneratorParams(Utf8JsonWriter json, StimSourceDefinition generator, NetworkDefinition definition)
    {
        switch (generator)
        {
            case NetStimSource netStim:
                WriteNetStimParams(json, netStim, definition);
                break;
            case VecStimSource vecStim:
                if (vecStim.Rate is double vecRate) Number(json, "rate", vecRate);
                else if (vecStim.Interval is double vecInterval) Number(json, "interval", vecInterval);
                if (vecStim.Rate is not null || vecStim.Interval is not null)
                {
                    Number(json, "noise", vecStim.Noise);
                    Number(json, "start", vecStim.Start);
                }
                else if (vecStim.File is { } file) json.WriteString("spkTimesFile", file.Path);
                else if (vecStim.Trains is null)
                {
                    json.WriteStartArray("spkTimes");
                    foreach (double t in vecStim.Times) NumberValue(json, t);
                    json.WriteEndArray();
                }
                if (vecStim.Pulses.Count > 0)
                {
                    json.WriteStartArray("pulses");
                    foreach (var pulse in vecStim.Pulses)
                    {
                        json.WriteStartObject();
                        Number(json, "start", pulse.Start);
                        Number(json, "end", pulse.End);
                        if (pulse.Interval is double pulseInterval) Number(json, "interval", pulseInterval);
                        else if (pulse.Rate is double pulseRate) Number(json, "rate", pulseRate);
                        Number(json, "noise", pulse.Noise);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteNumber("seed", vecStim.Seed ?? definition.Simulation.EffectiveSeeds.Stim);
                break;
        }
    }

    private static void WritePops(Utf8JsonWriter json, SimulationResult result)
    {
        var generatorPops = new HashSet<string>(result.Definition.Populations.Where(p => p.IsSpikeGenerator).Select(p => p.Name), StringComparer.Ordinal);
        json.WriteStartObject("pops");
        foreach (var population in result.Populations)
        {
            json.WriteStartObject(population.Name);
            json.WriteStartObject("tags");
            json.WriteString(generatorPops.Contains(population.Name) ? "cellModel" : "cellType", population.CellType);
            json.WriteNumber("numCells", population.Count);
            json.WriteString("pop", population.Name);
            json.WriteEndObject();
            json.WriteStartArray("cellGids");
            for (int gid = population.FirstGid; gid < population.EndGid; gid++) json.WriteNumberValue(gid);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    // ---- simConfig, simData, timing ------------------------------------------------------------------------

    private static void WriteSimConfig(Utf8JsonWriter json, SimulationResult result, string fileStem, DataInclude include, bool connections)
    {
        var settings = result.Definition.Simulation;
        var seeds = settings.EffectiveSeeds;
        json.WriteStartObject("simConfig");
        // A partial run reports the simulated span as its duration so NetPyNE's rates stay correct.
        Number(json, "duration", result.Partial ? result.SimulatedTime : settings.Duration);
        Number(json, "tstop", result.Partial ? result.SimulatedTime : settings.Duration);
        Number(json, "dt", settings.Dt);
        json.WriteStartObject("seeds");
        json.WriteNumber("conn", seeds.Conn);
        json.WriteNumber("stim", seeds.Stim);
        json.WriteNumber("loc", seeds.Loc);
        json.WriteNumber("cell", seeds.Cell);
        json.WriteEndObject();
        json.WriteStartObject("hParams");
        Number(json, "celsius", settings.Celsius);
        Number(json, "clamp_resist", 0.001);
        Number(json, "v_init", settings.VInit);
        json.WriteEndObject();
        Number(json, "recordStep", settings.RecordStep);
        json.WriteBoolean("recordTime", true);
        json.WriteNumber("recordCellsSpikes", -1);
        json.WriteBoolean("recordStim", false);
        // NetPyNE's flag that puts simData['allWeights'] in the saved data.
        if (result.Weights is not null) json.WriteBoolean("saveWeights", true);

        json.WriteStartObject("recordTraces");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in result.Definition.Records)
        {
            if (!seen.Add(record.Name)) continue;
            json.WriteStartObject(record.Name);
            switch (record.Variable)
            {
                case RecordVariable.V:
                    json.WriteString("sec", "soma");
                    Number(json, "loc", 0.5);
                    json.WriteString("var", "v");
                    break;
                case RecordVariable.U:
                    json.WriteString("sec", "soma");
                    Number(json, "loc", 0.5);
                    json.WriteString("pointp", "Izhi");
                    json.WriteString("var", "u");
                    break;
                case RecordVariable.G:
                    json.WriteString("sec", "soma");
                    Number(json, "loc", 0.5);
                    if (record.Synapse is not null) json.WriteString("synMech", record.Synapse);
                    json.WriteString("var", "g");
                    break;
                default:
                    // A density mechanism's state (hh's gates), as NetPyNE names it: {'sec', 'loc', 'var', 'mech'}.
                    string state = TraceSet.StateName(record.Variable)!;
                    json.WriteString("sec", "soma");
                    Number(json, "loc", 0.5);
                    json.WriteString("var", state);
                    json.WriteString("mech", MechanismCatalog.OfRole(MechanismRole.Density).First(m => m.Recordables.Contains(state)).Name);
                    break;
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartArray("recordCells");
        var traced = new SortedSet<int>();
        foreach (var trace in result.Traces) traced.Add(trace.Gid);
        foreach (int gid in traced) json.WriteNumberValue(gid);
        json.WriteEndArray();

        json.WriteString("filename", fileStem);
        json.WriteString("simLabel", "");
        json.WriteString("saveFolder", "");
        json.WriteBoolean("saveJson", true);
        json.WriteBoolean("saveCSV", true);
        json.WriteBoolean("timing", true);
        json.WriteBoolean("verbose", false);
        json.WriteBoolean("cvode_active", false);
        json.WriteBoolean("allowSelfConns", false);
        json.WriteBoolean("oneSynPerNetcon", true);
        // sim.loadAll requires compactConnFormat and reads cells' secs and conns as saved when these are set.
        json.WriteBoolean("compactConnFormat", false);
        json.WriteBoolean("saveCellSecs", true);
        json.WriteBoolean("saveCellConns", connections);
        json.WriteBoolean("gatherOnlySimData", false);
        json.WriteBoolean("createNEURONObj", true);
        json.WriteBoolean("createPyStruct", true);
        json.WriteBoolean("invertedYCoord", true);
        json.WriteBoolean("includeParamsLabel", true);
        json.WriteBoolean("printPopAvgRates", false);
        json.WriteBoolean("validateNetParams", false);
        json.WriteStartArray("saveDataInclude");
        foreach (string part in include.Parts()) json.WriteStringValue(part);
        json.WriteEndArray();
        json.WriteStartObject("analysis");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteSimData(Utf8JsonWriter json, SimulationResult result)
    {
        json.WriteStartObject("simData");
        json.WriteStartArray("spkt");
        foreach (double t in result.SpikeTimes) NumberValue(json, t);
        json.WriteEndArray();
        json.WriteStartArray("spkid");
        foreach (int gid in result.SpikeGids) NumberValue(json, gid);
        json.WriteEndArray();
        json.WriteStartArray("t");
        foreach (double t in result.TraceTimes) NumberValue(json, t);
        json.WriteEndArray();

        var names = new List<string>();
        foreach (var record in result.Definition.Records)
        {
            if (!names.Contains(record.Name)) names.Add(record.Name);
        }
        foreach (var trace in result.Traces)
        {
            if (!names.Contains(trace.Name)) names.Add(trace.Name);
        }
        foreach (string name in names)
        {
            json.WriteStartObject(name);
            foreach (var trace in result.Traces)
            {
                if (trace.Name != name) continue;
                json.WriteStartArray("cell_" + trace.Gid.ToString(CultureInfo.InvariantCulture));
                foreach (double value in trace.Values) NumberValue(json, value);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        Number(json, "avgRate", result.AverageRate);
        if (result.Weights is { } weights) WriteWeights(json, result, weights);
        json.WriteEndObject();
    }

    /// <summary>
    /// The plastic weights in NetPyNE's <c>cfg.saveWeights</c> layout, <c>simData['allWeights']</c>, as NetPyNE's
    /// examples fill it (examples/RL_arm/main.py): one row per sample, the time (ms) and then weight[0] of every plastic
    /// connection in NetPyNE's order (cells by gid, each cell's conns in order). Without a weight record step the rows
    /// are the initial weights (t = 0) and the final ones (the end of the run). <c>simData['allWeightsConns']</c>
    /// says which connection each column is, with its initial and final weight.
    /// </summary>
    private static void WriteWeights(Utf8JsonWriter json, SimulationResult result, PlasticWeights weights)
    {
        var connections = weights.Connections;
        json.WriteStartArray("allWeights");
        if (weights.SampleTimes.Length > 0)
        {
            for (int s = 0; s < weights.SampleTimes.Length; s++)
            {
                json.WriteStartArray();
                NumberValue(json, weights.SampleTimes[s]);
                foreach (var connection in connections) NumberValue(json, connection.Samples[s]);
                json.WriteEndArray();
            }
        }
        else
        {
            json.WriteStartArray();
            NumberValue(json, 0);
            foreach (var connection in connections) NumberValue(json, connection.InitialWeight);
            json.WriteEndArray();
            json.WriteStartArray();
            NumberValue(json, result.SimulatedTime);
            foreach (var connection in connections) NumberValue(json, connection.FinalWeight);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteStartArray("allWeightsConns");
        foreach (var connection in connections)
        {
            json.WriteStartObject();
            json.WriteNumber("preGid", connection.PreGid);
            json.WriteNumber("postGid", connection.PostGid);
            json.WriteString("label", connection.Rule);
            json.WriteString("synMech", connection.Synapse);
            json.WriteString("plastMech", connection.Mechanism);
            Number(json, "initialWeight", connection.InitialWeight);
            Number(json, "finalWeight", connection.FinalWeight);
            json.WriteNumber("updates", connection.UpdateCount);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (weights.RecordStep is { } step) Number(json, "weightRecordStep", step);
    }

    private static void WriteTiming(Utf8JsonWriter json, TimingData timing)
    {
        json.WriteStartObject("timingData");
        Number(json, "createTime", timing.CreateTime);
        Number(json, "connectTime", timing.ConnectTime);
        Number(json, "stimsTime", timing.StimsTime);
        Number(json, "setrecordTime", timing.SetrecordTime);
        Number(json, "runTime", timing.RunTime);
        Number(json, "totalTime", timing.TotalTime);
        json.WriteEndObject();
    }

    // ---- numbers -------------------------------------------------------------------------------------------

    private static void Spec(Utf8JsonWriter json, string name, ValueSpec value)
    {
        if (value.IsConstant) Number(json, name, value.A);
        // NetPyNE's string: "normal(0.7, 0.05)", or a string function such as "0.12 + 0.001*ynorm".
        else json.WriteString(name, value.ToString());
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        NumberValue(json, value);
    }

    /// <summary>Floats keep a decimal point (NetPyNE writes gids in spkid as 12.0); NaN and infinities become null.</summary>
    private static void NumberValue(Utf8JsonWriter json, double value)
    {
        if (!double.IsFinite(value))
        {
            json.WriteNullValue();
            return;
        }
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(['.', 'E', 'e']) < 0) text += ".0";
        json.WriteRawValue(text, skipInputValidation: true);
        FlushIfLarge(json);
    }

    /// <summary>
    /// Utf8JsonWriter keeps everything written until it is flushed: hand it to the file every megabyte, so that saving
    /// a large run needs a buffer, not a second copy of the data.
    /// </summary>
    private static void FlushIfLarge(Utf8JsonWriter json)
    {
        if (json.BytesPending > FlushBytes) json.Flush();
    }

    private const int FlushBytes = 1 << 20;
}
