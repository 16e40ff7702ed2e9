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
        using var json = new Utf8JsonWriter(stream, WriterOptions);
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
        var cells = new CellWriter(result, connections);
        json.WriteStartArray("cells");
        WriteArrayItems(json, cells.Chunks(), cells.Write);
        json.WriteEndArray();
    }

    /// <summary>
    /// Writes entries of <c>net.cells</c>. Built once per file, it only reads the result afterwards, so chunks of cells
    /// are formatted on several threads at once.
    /// </summary>
    private sealed class CellWriter
    {
        private readonly SimulationResult _result;
        private readonly NetworkDefinition _definition;
        private readonly IReadOnlyList<CellInfo> _cells;
        // Incoming connections and stimuli of each cell, grouped by gid in their order (one array each, no list per cell).
        private readonly int[] _connectionStart, _stimStart;
        private readonly ConnectionInfo[] _connections;
        private readonly StimInfo[] _stims;
        private readonly Dictionary<string, SynapseDefinition> _synapses = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CellDefinition> _cellTypes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, StimSourceDefinition> _generators = new(StringComparer.Ordinal);
        private readonly Dictionary<int, CellInfo> _cellsByGid;
        // Parameter names encoded once rather than for every cell (a class, so the dictionary's code is the shared,
        // precompiled instantiation rather than one compiled at run time for a struct value).
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EncodedName> _names = new(StringComparer.Ordinal);

        public CellWriter(SimulationResult result, bool connections)
        {
            _result = result;
            _definition = result.Definition;
            _cells = result.Cells;
            int slots = 0;
            foreach (var cell in _cells) slots = Math.Max(slots, cell.Gid + 1);
            foreach (var stim in result.Stims) slots = Math.Max(slots, stim.Gid + 1);
            if (connections)
            {
                foreach (var connection in result.Connections) slots = Math.Max(slots, connection.PostGid + 1);
            }
            (_connectionStart, _connections) = connections
                ? GroupByGid(result.Connections, slots, static c => c.PostGid)
                : (new int[slots + 1], []);
            (_stimStart, _stims) = GroupByGid(result.Stims, slots, static s => s.Gid);
            foreach (var synapse in _definition.Synapses) _synapses[synapse.Name] = synapse;
            foreach (var cell in _definition.Cells) _cellTypes[cell.Name] = cell;
            foreach (var population in _definition.Populations)
            {
                if (population.Generator is { } generator) _generators[population.Name] = generator;
            }
            _cellsByGid = new Dictionary<int, CellInfo>(connections ? _cells.Count : 0);
            if (connections)
            {
                foreach (var cell in _cells) _cellsByGid[cell.Gid] = cell;
            }
        }

        /// <summary>Items in order of their gid (a stable counting sort); item k of gid g is at start[g] + k.</summary>
        private static (int[] Start, T[] Items) GroupByGid<T>(IReadOnlyList<T> items, int slots, Func<T, int> gidOf)
        {
            // Read once (a connection table decodes as it is read); already in gid order, as connections come, it is kept.
            var read = new T[items.Count];
            int n = 0;
            foreach (var item in items) read[n++] = item;
            var start = new int[slots + 1];
            bool ordered = true;
            for (int i = 0; i < n; i++)
            {
                int gid = gidOf(read[i]);
                start[gid + 1]++;
                if (i > 0 && gid < gidOf(read[i - 1])) ordered = false;
            }
            for (int g = 0; g < slots; g++) start[g + 1] += start[g];
            if (ordered) return (start, read);
            var grouped = new T[n];
            var next = start.AsSpan(0, slots).ToArray();
            foreach (var item in read) grouped[next[gidOf(item)]++] = item;
            return (start, grouped);
        }

        /// <summary>What each key of a parameter table is, worked out once per table rather than per cell.</summary>
        private sealed class KeyPlan
        {
            public KeyPlan(CellParameterKeys keys)
            {
                var names = keys.Names;
                Izhi = new EncodedName?[names.Length];
                Geometry = new bool[names.Length];
                for (int i = 0; i < names.Length; i++)
                {
                    if (MechanismCatalog.Izhi2007b.Find(names[i]) is not null) Izhi[i] = new EncodedName(names[i]);
                    Geometry[i] = GeometryNames.Contains(names[i]);
                }
            }

            /// <summary>The encoded name of a variable of Izhi2007b, null for other keys.</summary>
            public readonly EncodedName?[] Izhi;

            public readonly bool[] Geometry;
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<CellParameterKeys, KeyPlan> _plans = new();

        /// <summary>The plan of a builder's parameter table (its keys in enumeration order); null for another dictionary.</summary>
        private KeyPlan? PlanOf(IReadOnlyDictionary<string, double> parameters) =>
            parameters is CellParameters table ? _plans.GetOrAdd(table.KeySet, static keys => new KeyPlan(keys)) : null;

        private JsonEncodedText Name(string name) => _names.GetOrAdd(name, static n => new EncodedName(n)).Text;

        /// <summary>
        /// Chunks of about 400 KB of text: a cell is about 800 bytes, each of its connections about 200, so a chunk
        /// holds 512 cells without connections and fewer the more connections they have.
        /// </summary>
        public int[] Chunks()
        {
            const int CellUnits = 4, ChunkUnits = 2048;
            var starts = new List<int> { 0 };
            int units = 0;
            for (int i = 0; i < _cells.Count; i++)
            {
                int gid = _cells[i].Gid;
                units += CellUnits + (_connectionStart[gid + 1] - _connectionStart[gid]);
                if (units >= ChunkUnits && i + 1 < _cells.Count)
                {
                    starts.Add(i + 1);
                    units = 0;
                }
            }
            starts.Add(_cells.Count);
            return starts.ToArray();
        }

        public void Write(Utf8JsonWriter json, int first, int end)
        {
            for (int i = first; i < end; i++) WriteCell(json, _cells[i]);
        }

        private void WriteCell(Utf8JsonWriter json, CellInfo cell)
        {
            var definition = _definition;
            int gid = cell.Gid;
            // Index ranges into the grouped arrays (plain loops: no generic span code compiled at run time).
            var incoming = new Range(_connectionStart[gid], _connectionStart[gid + 1]);
            var stims = new Range(_stimStart[gid], _stimStart[gid + 1]);

            json.WriteStartObject();
            json.WriteNumber(Names.Gid, gid);

            var generator = _generators.GetValueOrDefault(cell.Population);
            json.WriteStartObject(Names.Tags);
            json.WriteString(generator is null ? Names.CellType : Names.CellModel, cell.CellType);
            json.WriteString(Names.Pop, cell.Population);
            Number(json, Names.X, cell.X);
            Number(json, Names.XNorm, cell.XNorm);
            Number(json, Names.Y, cell.Y);
            Number(json, Names.YNorm, cell.YNorm);
            Number(json, Names.Z, cell.Z);
            Number(json, Names.ZNorm, cell.ZNorm);
            if (generator is not null)
            {
                // A point cell's parameters live in its tags (NetPyNE's PointCell params).
                json.WriteStartObject("params");
                WriteGeneratorParams(json, generator, definition);
                json.WriteEndObject();
            }
            json.WriteEndObject();

            if (generator is null) WriteCellSecs(json, cell, _cellTypes.GetValueOrDefault(cell.CellType), incoming, stims);
            FlushIfLarge(json);

            json.WriteStartArray(Names.Conns);
            for (int c = incoming.Start.Value; c < incoming.End.Value; c++)
            {
                ref readonly var connection = ref _connections[c];
                json.WriteStartObject();
                json.WriteNumber(Names.PreGid, connection.PreGid);
                string? label = RuleLabel(definition, _cellsByGid.GetValueOrDefault(connection.PreGid), cell, connection.Synapse);
                if (label is not null) json.WriteString(Names.Label, label);
                Number(json, Names.PreLoc, 0.5);
                json.WriteString(Names.Sec, Names.Soma);
                Number(json, Names.Loc, 0.5);
                json.WriteString(Names.SynMech, connection.Synapse);
                Number(json, Names.Weight, connection.Weight);
                Number(json, Names.Delay, connection.Delay);
                json.WriteEndObject();
                FlushIfLarge(json);
            }
            for (int k = stims.Start.Value; k < stims.End.Value; k++)
            {
                var stim = _stims[k];
                if (!NetworkStatistics.IsSpikeSource(stim)) continue;
                json.WriteStartObject();
                json.WriteString(Names.PreGid, Names.NetStim);
                json.WriteString(Names.PreLabel, stim.Source);
                Number(json, Names.PreLoc, 0.5);
                json.WriteString(Names.Sec, Names.Soma);
                Number(json, Names.Loc, 0.5);
                if (stim.Synapse is not null) json.WriteString(Names.SynMech, stim.Synapse);
                Number(json, Names.Weight, stim.Weight);
                Number(json, Names.Delay, stim.Delay);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray(Names.Stims);
            for (int k = stims.Start.Value; k < stims.End.Value; k++)
            {
                var stim = _stims[k];
                // NetPyNE keeps what each cell got, its string parameters evaluated for the cell.
                var source = stim.Values ?? FindSource(definition, stim.Source);
                json.WriteStartObject();
                json.WriteString(Names.Source, stim.Source);
                json.WriteString(Names.Type, stim.Type);
                switch (source)
                {
                    case NetStimSource netStim:
                        // NetPyNE's cell stim keeps a rate, 1000 / interval for an interval (compartCell.py:1269-1277),
                        // which sim.loadAll reads back.
                        Number(json, Names.Rate, netStim.Rate ?? 1000.0 / (netStim.Interval ?? double.NaN));
                        Number(json, Names.Noise, netStim.Noise);
                        Number(json, Names.Start, netStim.Start);
                        Number(json, Names.Number, netStim.Number);
                        json.WriteNumber(Names.Seed, netStim.Seed ?? definition.Simulation.EffectiveSeeds.Stim);
                        break;
                    case IClampSource clamp:
                        json.WriteString(Names.Label, stim.Source + "->" + cell.Population);
                        json.WriteString(Names.Sec, Names.Soma);
                        Number(json, Names.Loc, 0.5);
                        Number(json, "del", clamp.Delay);
                        Number(json, "dur", clamp.Duration);
                        Number(json, "amp", clamp.Amplitude);
                        break;
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartObject(Names.SecLists);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private void WriteCellSecs(Utf8JsonWriter json, CellInfo cell, CellDefinition? cellType, Range incoming, Range stims)
        {
            json.WriteStartObject(Names.Secs);
            json.WriteStartObject(Names.Soma);

            json.WriteStartObject(Names.Geom);
            if (cellType is not null)
            {
                foreach (var value in cellType.Geometry)
                {
                    if (cell.Parameters.TryGetValue(value.Name, out double actual)) Number(json, Name(value.Name), actual);
                    else Spec(json, value.Name, value.Value);
                }
            }
            var plan = PlanOf(cell.Parameters);
            int index = 0;
            foreach (var (name, value) in cell.Parameters)
            {
                if ((plan?.Geometry[index] ?? GeometryNames.Contains(name)) && !InGeometry(cellType, name)) Number(json, Name(name), value);
                index++;
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
                    var given = GivenMechanism(cellType, mechanism.Name);
                    foreach (var parameter in mechanism.Parameters)
                    {
                        if (cell.Parameters.TryGetValue(CellParameterKeys.RangeName(parameter.Name, mechanism.Name), out double actual))
                        {
                            Number(json, Name(parameter.Name), actual);
                        }
                        else if (GivenParameter(given, parameter.Name) is { } spec)
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
                json.WriteStartObject(Names.Pointps);
                json.WriteStartObject(Names.Izhi);
                json.WriteString(Names.Mod, cellType?.Mechanism ?? "Izhi2007b");
                // Only the mechanism's own variables: NetPyNE's sim.loadAll sets every key on the point process, and one
                // that is not a variable of Izhi2007b (area, threshold) stops it from re-creating the cell.
                index = 0;
                foreach (var (name, value) in cell.Parameters)
                {
                    if (plan is not null)
                    {
                        if (plan.Izhi[index] is { } encoded) Number(json, encoded.Text, value);
                    }
                    else if (MechanismCatalog.Izhi2007b.Find(name) is not null) Number(json, Name(name), value);
                    index++;
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }

            // One synapse per incoming connection (NetPyNE's oneSynPerNetcon), cell inputs first, then NetStims.
            json.WriteStartArray(Names.SynMechs);
            for (int c = incoming.Start.Value; c < incoming.End.Value; c++) WriteSynMech(json, _connections[c].Synapse);
            for (int k = stims.Start.Value; k < stims.End.Value; k++)
            {
                var stim = _stims[k];
                if (NetworkStatistics.IsSpikeSource(stim) && stim.Synapse is not null) WriteSynMech(json, stim.Synapse);
            }
            json.WriteEndArray();

            json.WriteStartObject(Names.Topol);
            json.WriteEndObject();
            // NetPyNE reads the spike detection threshold from the section.
            Number(json, Names.Threshold, cellType?.Threshold ?? 10.0);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static bool InGeometry(CellDefinition? cellType, string name)
        {
            if (cellType is null) return false;
            foreach (var value in cellType.Geometry)
            {
                if (value.Name == name) return true;
            }
            return false;
        }

        private void WriteSynMech(Utf8JsonWriter json, string label)
        {
            json.WriteStartObject();
            json.WriteString(Names.Label, label);
            Number(json, Names.Loc, 0.5);
            if (_synapses.TryGetValue(label, out var synapse))
            {
                json.WriteString(Names.Mod, NetDsl.Kernels.SynapseModels.Info(synapse.Model).Name);
                foreach (var (name, value) in synapse.NamedParameters) Number(json, Name(name), value);
            }
            else json.WriteString(Names.Mod, "Exp2Syn");
            json.WriteEndObject();
        }
    }

    /// <summary>A property name encoded once.</summary>
    private sealed class EncodedName(string name)
    {
        public readonly JsonEncodedText Text = JsonEncodedText.Encode(name);
    }

    /// <summary>Property names written for every cell, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Gid = JsonEncodedText.Encode("gid"), Tags = JsonEncodedText.Encode("tags"),
            CellType = JsonEncodedText.Encode("cellType"), CellModel = JsonEncodedText.Encode("cellModel"), Pop = JsonEncodedText.Encode("pop"),
            X = JsonEncodedText.Encode("x"), XNorm = JsonEncodedText.Encode("xnorm"), Y = JsonEncodedText.Encode("y"),
            YNorm = JsonEncodedText.Encode("ynorm"), Z = JsonEncodedText.Encode("z"), ZNorm = JsonEncodedText.Encode("znorm"),
            Secs = JsonEncodedText.Encode("secs"), Soma = JsonEncodedText.Encode("soma"), Geom = JsonEncodedText.Encode("geom"),
            Pointps = JsonEncodedText.Encode("pointps"), Izhi = JsonEncodedText.Encode("Izhi"), Mod = JsonEncodedText.Encode("mod"),
            SynMechs = JsonEncodedText.Encode("synMechs"), Label = JsonEncodedText.Encode("label"), Loc = JsonEncodedText.Encode("loc"),
            Topol = JsonEncodedText.Encode("topol"), Threshold = JsonEncodedText.Encode("threshold"), Conns = JsonEncodedText.Encode("conns"),
            PreGid = JsonEncodedText.Encode("preGid"), PreLabel = JsonEncodedText.Encode("preLabel"), PreLoc = JsonEncodedText.Encode("preLoc"),
            Sec = JsonEncodedText.Encode("sec"), SynMech = JsonEncodedText.Encode("synMech"), Weight = JsonEncodedText.Encode("weight"),
            Delay = JsonEncodedText.Encode("delay"), NetStim = JsonEncodedText.Encode("NetStim"), Stims = JsonEncodedText.Encode("stims"),
            Source = JsonEncodedText.Encode("source"), Type = JsonEncodedText.Encode("type"), Rate = JsonEncodedText.Encode("rate"),
            Noise = JsonEncodedText.Encode("noise"), Start = JsonEncodedText.Encode("start"), Number = JsonEncodedText.Encode("number"),
            Seed = JsonEncodedText.Encode("seed"), SecLists = JsonEncodedText.Encode("secLists");
    }

    /// <summary>The mechanism of that name among those the cell type gives, or null.</summary>
    private static MechanismDefinition? GivenMechanism(CellDefinition? cellType, string name)
    {
        if (cellType is null) return null;
        foreach (var mechanism in cellType.Mechs)
        {
            if (mechanism.Name == name) return mechanism;
        }
        return null;
    }

    /// <summary>The given value of a parameter of a mechanism, or null.</summary>
    private static NamedValue? GivenParameter(MechanismDefinition? mechanism, string name)
    {
        if (mechanism is null) return null;
        foreach (var parameter in mechanism.Parameters)
        {
            if (parameter.Name == name) return parameter;
        }
        return null;
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
            var keyMechanisms = parameters.KeySet.Mechanisms;
            // Counted first: a point cell (the usual case, every cell of a large network) allocates nothing here.
            int count = 0;
            foreach (var m in keyMechanisms) count += m.Role == MechanismRole.Density ? 1 : 0;
            if (count == 0) return keyMechanisms.Length == 0 ? [] : null;
            var density = new List<MechanismInfo>(count);
            foreach (var m in keyMechanisms)
            {
                if (m.Role == MechanismRole.Density) density.Add(m);
            }
            return density;
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
        var spikeTimes = result.SpikeTimes;
        var spikeGids = result.SpikeGids;
        json.WriteStartArray("spkt");
        WriteArrayItems(json, UniformChunks(spikeTimes.Length, NumbersPerChunk), (writer, first, end) =>
        {
            for (int i = first; i < end; i++) NumberValue(writer, spikeTimes[i]);
        });
        json.WriteEndArray();
        json.WriteStartArray("spkid");
        WriteArrayItems(json, UniformChunks(spikeGids.Length, NumbersPerChunk), (writer, first, end) =>
        {
            for (int i = first; i < end; i++) FloatValue(writer, spikeGids[i]);
        });
        json.WriteEndArray();
        // As NetPyNE: the sample times only where traces are recorded.
        if (result.Definition.Records.Count > 0)
        {
            json.WriteStartArray("t");
            foreach (double t in result.TraceTimes) NumberValue(json, t);
            json.WriteEndArray();
        }

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

    private static void Number(Utf8JsonWriter json, JsonEncodedText name, double value)
    {
        json.WritePropertyName(name);
        NumberValue(json, value);
    }

    /// <summary>
    /// Floats keep a decimal point (NetPyNE writes gids in spkid as 12.0); NaN and infinities become null. The text is
    /// <c>ToString("R")</c>'s, formatted as UTF-8 (no string per number), a repeated value copied from the cache.
    /// </summary>
    private static void NumberValue(Utf8JsonWriter json, double value)
    {
        if (!double.IsFinite(value))
        {
            json.WriteNullValue();
            return;
        }
        json.WriteRawValue(Utf8NumberCache.Floats.Format(value), skipInputValidation: true);
        FlushIfLarge(json);
    }

    /// <summary>An int written as a float, 12.0, as <see cref="NumberValue(Utf8JsonWriter, double)"/> writes it.</summary>
    private static void FloatValue(Utf8JsonWriter json, int value)
    {
        Span<byte> text = stackalloc byte[Utf8Numbers.MaxIntLength + 2];
        json.WriteRawValue(text[..Utf8Numbers.Format(value, text, asFloat: true)], skipInputValidation: true);
        FlushIfLarge(json);
    }

    /// <summary>Set while <see cref="WriteSerial"/> writes on this thread: every array by the one writer, in order.</summary>
    [ThreadStatic]
    private static bool t_serial;

    /// <summary>
    /// Writes as <see cref="Write"/> does, every array by the one writer on this thread: the reference the tests compare
    /// the chunked, multi-core bytes with.
    /// </summary>
    internal static void WriteSerial(Stream stream, SimulationResult result, string fileStem, DataInclude? include = null)
    {
        t_serial = true;
        try
        {
            Write(stream, result, fileStem, include);
        }
        finally
        {
            t_serial = false;
        }
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    /// <summary>
    /// Writes the items of an array already started in <paramref name="json"/>, chunk k being items
    /// [<paramref name="chunkStarts"/>[k], [k + 1]). With several chunks they are formatted on all cores, each by its
    /// own writer into a pooled buffer, and copied in order: the bytes are those one writer gives (the same options;
    /// the writer puts the commas between chunks).
    /// </summary>
    private static void WriteArrayItems(Utf8JsonWriter json, int[] chunkStarts, Action<Utf8JsonWriter, int, int> writeItems)
    {
        int chunks = chunkStarts.Length - 1;
        int workers = Math.Min(Environment.ProcessorCount - 1, chunks - 1);
        if (workers <= 0 || t_serial)
        {
            writeItems(json, chunkStarts[0], chunkStarts[^1]);
            return;
        }
        using var pipeline = new ChunkPipeline(chunkStarts, writeItems, workers);
        pipeline.WriteTo(json);
    }

    /// <summary>
    /// Chunks formatted by this thread and up to <c>workers</c> thread-pool helpers, written in order by this thread.
    /// A chunk is claimed only by a thread that formats it at once, and this thread formats what is left unclaimed, so
    /// the writing never waits for a helper the pool has not started (the figures may hold it); at most a window of
    /// chunks is formatted ahead of the writing, so the memory held stays a few chunks however large the file.
    /// </summary>
    private sealed class ChunkPipeline : IDisposable
    {
        private readonly int[] _chunkStarts;
        private readonly Action<Utf8JsonWriter, int, int> _writeItems;
        private readonly PooledBuffer[] _buffers;
        private readonly bool[] _ready;
        private readonly object _gate = new();
        private int _nextClaim, _written, _activeHelpers;
        private bool _closed;
        private Exception? _failure;

        public ChunkPipeline(int[] chunkStarts, Action<Utf8JsonWriter, int, int> writeItems, int workers)
        {
            _chunkStarts = chunkStarts;
            _writeItems = writeItems;
            int chunks = chunkStarts.Length - 1;
            _ready = new bool[chunks];
            // Chunk i is formatted into buffer i % window, free again once chunk i - window is written.
            _buffers = new PooledBuffer[Math.Min(chunks, 2 * (workers + 1))];
            for (int k = 0; k < _buffers.Length; k++) _buffers[k] = new PooledBuffer();
            for (int w = 0; w < workers; w++) Task.Run(Help);
        }

        public void WriteTo(Utf8JsonWriter json)
        {
            for (int i = 0; i < _ready.Length; i++)
            {
                while (!IsReady(i))
                {
                    if (TryClaim(out int chunk, helper: false))
                    {
                        Format(chunk);
                        continue;
                    }
                    lock (_gate)
                    {
                        while (!_ready[i] && _failure is null) Monitor.Wait(_gate);
                    }
                }
                // The chunk's items without its brackets: "{...},{...}".
                var items = _buffers[i % _buffers.Length].WrittenSpan;
                if (items.Length > 2)
                {
                    // What is pending goes first when the two together would make a write above the flush size.
                    if (json.BytesPending > 0 && json.BytesPending + items.Length > FlushBytes) json.Flush();
                    json.WriteRawValue(items[1..^1], skipInputValidation: true);
                    FlushIfLarge(json);
                }
                lock (_gate)
                {
                    _written = i + 1;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private bool IsReady(int chunk)
        {
            lock (_gate)
            {
                if (_failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
                return _ready[chunk];
            }
        }

        /// <summary>The next chunk to format, if one is unclaimed and within the window; a helper waits for room.</summary>
        private bool TryClaim(out int chunk, bool helper)
        {
            lock (_gate)
            {
                while (!_closed && _failure is null && _nextClaim < _ready.Length)
                {
                    if (_nextClaim < _written + _buffers.Length)
                    {
                        chunk = _nextClaim++;
                        return true;
                    }
                    if (!helper) break;
                    Monitor.Wait(_gate);
                }
                chunk = -1;
                return false;
            }
        }

        private void Format(int chunk)
        {
            var buffer = _buffers[chunk % _buffers.Length];
            buffer.Clear();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartArray();
                _writeItems(writer, _chunkStarts[chunk], _chunkStarts[chunk + 1]);
                writer.WriteEndArray();
                writer.Flush();
            }
            lock (_gate)
            {
                _ready[chunk] = true;
                Monitor.PulseAll(_gate);
            }
        }

        private void Help()
        {
            lock (_gate)
            {
                // Started after the writing ended: the buffers may be gone.
                if (_closed) return;
                _activeHelpers++;
            }
            try
            {
                while (TryClaim(out int chunk, helper: true)) Format(chunk);
            }
            catch (Exception e)
            {
                lock (_gate) _failure ??= e;
            }
            finally
            {
                lock (_gate)
                {
                    _activeHelpers--;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>Stops the helpers (those running finish their chunk) and returns the buffers to the pool.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _closed = true;
                Monitor.PulseAll(_gate);
                while (_activeHelpers > 0) Monitor.Wait(_gate);
            }
            foreach (var buffer in _buffers) buffer.Dispose();
        }
    }

    /// <summary>Chunk starts of <paramref name="count"/> items, <paramref name="perChunk"/> a chunk, ending with count.</summary>
    private static int[] UniformChunks(int count, int perChunk)
    {
        int chunks = Math.Max(1, (count + perChunk - 1) / perChunk);
        var starts = new int[chunks + 1];
        for (int k = 0; k < chunks; k++) starts[k] = k * perChunk;
        starts[chunks] = count;
        return starts;
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

    /// <summary>Numbers of a long array formatted as one chunk (about 150 KB of text).</summary>
    private const int NumbersPerChunk = 8192;
}
