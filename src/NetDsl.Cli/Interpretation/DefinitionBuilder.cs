using NetDsl.Definition;
using NetDsl.Generators.Model;
using NetDsl.Models;
using RuntimeMechanisms = NetDsl.Catalog.MechanismCatalog;

namespace NetDsl.Cli.Interpretation;

/// <summary>
/// The <see cref="NetworkDefinition"/> of a file from the generator's model and the current parameter values: what
/// the generated <c>ToDefinition()</c> builds (generators/NetDsl.Generators/Emit/DefinitionEmitter.cs), step for step.
/// </summary>
internal static class DefinitionBuilder
{
    public static NetworkDefinition Build(NetworkSpec spec, InterpretedParameters p)
    {
        var populations = Map(spec.Populations, population => Population(population, p));
        return new NetworkDefinition(
            spec.ClassName,
            Cells: Map(spec.Cells, cell => Cell(cell, p)),
            Populations: populations,
            Synapses: Map(spec.Synapses, synapse => Synapse(synapse, p)),
            StimSources: Map(spec.StimSources, stim => Source(stim, p, stim.Times)),
            StimTargets: Map(spec.StimTargets, target => StimTarget(target, p)),
            Connections: Map(spec.Connections, connection => Connection(connection, p)),
            Simulation: p.Sim.ToSettings(),
            Records: Map(spec.Records, record => new RecordDefinition(record.Name, Enum.Parse<RecordVariable>(record.Variable), record.Synapse,
                record.Cells is null ? null : Selector(record.Cells))),
            Plots: Map(spec.Plots, plot => Plot(plot, spec, populations, p)))
        {
            SizeX = p.Sim.sizeX,
            SizeY = p.Sim.sizeY,
            SizeZ = p.Sim.sizeZ,
        };
    }

    private static CellDefinition Cell(CellSpec cell, InterpretedParameters p)
    {
        double threshold = p[cell.Threshold].Real;
        if (cell.Mechanism.Length == 0)
        {
            // Density mechanisms (hh, pas) in file order, NetPyNE's secs.soma.mechs.
            return CellDefinition.WithMechanisms(cell.Name, NamedValues(cell.Geometry, p),
                Map(cell.Mechs, mech => new MechanismDefinition(mech.Name, NamedValues(mech.Parameters, p))), threshold);
        }
        return new CellDefinition(cell.Name, NamedValues(cell.Geometry, p), cell.Mechanism, NamedValues(cell.Parameters, p), threshold);
    }

    private static PopulationDefinition Population(PopulationSpec population, InterpretedParameters p)
    {
        int count = population.Count is null ? 0 : p[population.Count].Integer;
        var definition = population.Generator is { } generator
            // A spike-generator population (NetPyNE's cellModel NetStim or VecStim): its source reads the pop's parameters.
            ? Source(generator, p, generator.Times) switch
            {
                NetStimSource netStim => PopulationDefinition.NetStim(population.Name, count, netStim),
                VecStimSource vecStim => PopulationDefinition.VecStim(population.Name, count, vecStim),
                var other => throw new InvalidOperationException($"a {other.GetType().Name} population has no definition"),
            }
            : new PopulationDefinition(population.Name, population.CellType, count);
        foreach (var key in population.Placement)
        {
            var v = key.Values;
            definition = key.Key switch
            {
                "xRange" => definition with { XRange = new PlacementRange(v[0], v[1]) },
                "yRange" => definition with { YRange = new PlacementRange(v[0], v[1]) },
                "zRange" => definition with { ZRange = new PlacementRange(v[0], v[1]) },
                "xnormRange" => definition with { XNormRange = new PlacementRange(v[0], v[1]) },
                "ynormRange" => definition with { YNormRange = new PlacementRange(v[0], v[1]) },
                "znormRange" => definition with { ZNormRange = new PlacementRange(v[0], v[1]) },
                "density" => definition with { Density = v[0] },
                "gridSpacing" => definition with { GridSpacing = v[0] },
                _ => definition with { CellsList = CellsList(v) },
            };
        }
        return definition;
    }

    private static CellLocation[] CellsList(Generators.Helpers.EquatableArray<double> values)
    {
        var cells = new CellLocation[values.Count / 3];
        for (int i = 0; i < cells.Length; i++) cells[i] = new CellLocation(values[3 * i], values[3 * i + 1], values[3 * i + 2]);
        return cells;
    }

    /// <summary>Any synapse model of the catalog, by its parameters' names in the catalog's order.</summary>
    private static SynapseDefinition Synapse(SynapseSpec synapse, InterpretedParameters p)
    {
        var model = RuntimeMechanisms.Find(synapse.Kind) ?? throw new InvalidOperationException($"no synapse model '{synapse.Kind}' in the catalog");
        var values = new (string Parameter, double Value)[model.Parameters.Count];
        for (int i = 0; i < values.Length; i++)
        {
            string name = model.Parameters[i].Name;
            values[i] = (name, p[Named(synapse.Parameters, name)].Number);
        }
        return SynapseDefinition.Of(synapse.Kind, synapse.Name, values);
    }

    /// <summary>A NetStim, IClamp or VecStim source (a stimulus's or a generator population's parameters).</summary>
    private static StimSourceDefinition Source(StimSourceSpec stim, InterpretedParameters p, Generators.Helpers.EquatableArray<double> times)
    {
        ParameterSpec? Find(string name) => stim.Parameters.FirstOrDefault(q => q.Name == name);
        double Number(string name) => p[Find(name)!].Number;
        // An expression or a draw (rate=50Hz+50Hz*post_ynorm, evaluated per target cell) replaces the number.
        ValueSpec? PerTarget(string name) => Find(name) is { Type: ParameterType.Distribution } drawn ? p[drawn].Distribution : null;
        double Fixed(string name, double placeholder) => PerTarget(name) is null ? Number(name) : placeholder;
        switch (stim.Kind)
        {
            case "NetStim":
                {
                    bool hasRate = Find("rate") is not null;
                    double? rate = hasRate && PerTarget("rate") is null ? Number("rate") : null;
                    double? interval = !hasRate && PerTarget("interval") is null ? Number("interval") : null;
                    return new NetStimSource(stim.Name, rate, interval, Fixed("noise", 0), Fixed("start", 0), Fixed("number", 0),
                        Find("seed") is { } seed ? p[seed].Integer : null)
                    {
                        RateSpec = hasRate ? PerTarget("rate") : null,
                        IntervalSpec = hasRate ? null : PerTarget("interval"),
                        NoiseSpec = PerTarget("noise"),
                        StartSpec = PerTarget("start"),
                        NumberSpec = PerTarget("number"),
                    };
                }
            case "IClamp":
                return new IClampSource(stim.Name, Fixed("del", 0), Fixed("dur", 0), Fixed("amp", 0))
                {
                    DelaySpec = PerTarget("del"),
                    DurationSpec = PerTarget("dur"),
                    AmplitudeSpec = PerTarget("amp"),
                };
            default:
                var source = new VecStimSource(stim.Name, times.ToArray());
                if (stim.HasTrains) source = source with { Trains = Map(stim.Trains, train => (IReadOnlyList<double>)train.ToArray()) };
                if (stim.File is not null) source = source with { File = new SpikeTrainFile(stim.File) };
                if (Find("rate") is not null) source = source with { Rate = Number("rate") };
                if (Find("interval") is not null) source = source with { Interval = Number("interval") };
                if (Find("noise") is not null) source = source with { Noise = Number("noise") };
                if (Find("start") is not null) source = source with { Start = Number("start") };
                if (Find("seed") is { } vecSeed) source = source with { Seed = p[vecSeed].Integer };
                if (stim.Pulses.Count > 0)
                {
                    source = source with
                    {
                        Pulses = Map(stim.Pulses, pulse => new SpikePulse(pulse.Start, pulse.End, pulse.Rate, pulse.Interval, pulse.Noise)),
                    };
                }
                return source;
        }
    }

    private static StimTargetDefinition StimTarget(StimTargetSpec target, InterpretedParameters p)
    {
        var cells = Selector(target.Target);
        if (target.Parameters.Count == 0) return new StimTargetDefinition(target.Source, cells);
        var weight = p[Named(target.Parameters, "w")];
        var delay = p[Named(target.Parameters, "d")];
        // An expression or a draw (d=max(1ms,normal(5ms,2)), per stimulated cell) replaces the number.
        bool weightDrawn = weight.Spec.Type == ParameterType.Distribution, delayDrawn = delay.Spec.Type == ParameterType.Distribution;
        return new StimTargetDefinition(target.Source, cells, weightDrawn ? 1 : weight.Number, delayDrawn ? 1 : delay.Number, target.Synapse)
        {
            WeightSpec = weightDrawn ? weight.Distribution : null,
            DelaySpec = delayDrawn ? delay.Distribution : null,
        };
    }

    private static ConnectionDefinition Connection(ConnectionSpec connection, InterpretedParameters p)
    {
        string? ruleParameter = connection.Rule switch
        {
            "Probability" or "FastProbability" => "p",
            "Convergence" => "conv",
            "Divergence" => "div",
            _ => null,
        };
        double ruleValue = 0;
        ValueSpec? ruleSpec = null;
        if (ruleParameter is not null)
        {
            var rule = p[Named(connection.Parameters, ruleParameter)];
            // An expression or a draw (p=0.1*exp(-dist_3D/150um), conv=uniform(5, 15)) replaces the constant RuleValue.
            if (rule.Spec.Type == ParameterType.Distribution) ruleSpec = rule.Distribution;
            else ruleValue = rule.Number;
        }
        var within = connection.Parameters.FirstOrDefault(q => q.Name == "within");
        IReadOnlyList<(int Pre, int Post)>? pairs = connection.Rule == "List" ? Map(connection.Pairs, pair => (pair.Pre, pair.Post)) : null;
        return new ConnectionDefinition(
            connection.Label,
            Selector(connection.Pre),
            Selector(connection.Post),
            Enum.Parse<ConnectionRuleKind>(connection.Rule),
            RuleValue: ruleValue,
            Weight: p[Named(connection.Parameters, "w")].AsValue,
            Delay: p[Named(connection.Parameters, "d")].AsValue,
            Synapse: connection.Synapse,
            Pairs: pairs,
            AllowSelfConnections: connection.AllowSelfConnections)
        {
            RuleValueSpec = ruleSpec,
            Within = within is null ? null : p[within].Number,
            Plasticity = connection.Plasticity is { } plasticity
                ? PlasticityDefinition.FromParameters(plasticity.Mechanism, Map(plasticity.Parameters, q => new NamedValue(q.Name, q.Value)))
                : null,
        };
    }

    private static PlotDefinition Plot(PlotSpec plot, NetworkSpec spec, PopulationDefinition[] populations, InterpretedParameters p)
    {
        var include = plot.Include is null ? null
            : plot.Include.Kind != "Include" ? Selector(plot.Include)
            : NeedsGidList(plot.Include) ? CellSelector.ForGids(GidList(plot.Include, spec, populations, p))
            : Include(plot.Include);
        var definition = new PlotDefinition(Enum.Parse<PlotKind>(plot.Kind), include);
        if (plot.OrderBy is not null) definition = definition with { OrderBy = Enum.Parse<CellTag>(plot.OrderBy) };
        if (plot.Feature is not null) definition = definition with { Feature = Enum.Parse<ConnectivityFeature>(plot.Feature) };
        return definition;
    }

    public static CellSelector Selector(SelectorSpec selector)
    {
        var cells = selector.Kind switch
        {
            "All" => CellSelector.All,
            "Populations" => CellSelector.Population([.. selector.Names]),
            "CellTypes" => CellSelector.CellType([.. selector.Names]),
            _ => Include(selector),
        };
        if (selector.Conditions.Count == 0) return cells;
        // NetPyNE's range conds, lo <= tag < hi.
        return cells.Where(Map(selector.Conditions, c => new TagCondition(Enum.Parse<CellTag>(c.Tag), c.Min, c.Max)));
    }

    /// <summary>Include lists of plain gids or whole populations map directly; others are built as gid lists.</summary>
    private static CellSelector Include(SelectorSpec include)
    {
        if (include.Items.All(i => i.Population is null)) return CellSelector.ForGids([.. include.Items.Select(i => i.Index)]);
        return CellSelector.Population([.. include.Items.Select(i => i.Population!)]);
    }

    private static bool NeedsGidList(SelectorSpec include) =>
        include.Kind == "Include" && include.Items.Any(i => i.Population is not null) && include.Items.Any(i => i.Population is null || i.Index >= 0);

    /// <summary>The gids of an include list, through population ranges sized by the current parameters (as the typed handles are).</summary>
    private static int[] GidList(SelectorSpec include, NetworkSpec spec, PopulationDefinition[] populations, InterpretedParameters p)
    {
        var ranges = new Population[populations.Length];
        int first = 0;
        for (int i = 0; i < populations.Length; i++)
        {
            // Sized by density, gridSpacing or cellsList: the runtime counts the cells in the current volume.
            int count = spec.Populations[i].Count is null ? populations[i].CellCount(p.Sim.sizeX, p.Sim.sizeY, p.Sim.sizeZ) : populations[i].Count;
            ranges[i] = new Population(populations[i].Name, first, count);
            first = ranges[i].EndGid;
        }
        var gids = new List<int>();
        foreach (var item in include.Items)
        {
            if (item.Population is null)
            {
                gids.Add(item.Index);
                continue;
            }
            var range = ranges[Array.FindIndex(populations, population => population.Name == item.Population)];
            if (item.Index < 0) gids.AddRange(range.Gids);
            else gids.Add(range.Gid(item.Index));
        }
        return [.. gids];
    }

    private static NamedValue[] NamedValues(Generators.Helpers.EquatableArray<ParameterSpec> parameters, InterpretedParameters p) =>
        Map(parameters, parameter => new NamedValue(parameter.Name, p[parameter].AsValue));

    private static ParameterSpec Named(Generators.Helpers.EquatableArray<ParameterSpec> parameters, string name) =>
        parameters.FirstOrDefault(q => q.Name == name) ?? throw new InvalidOperationException($"the model has no parameter '{name}' here");

    private static TResult[] Map<T, TResult>(Generators.Helpers.EquatableArray<T> items, Func<T, TResult> map)
        where T : IEquatable<T>
    {
        var result = new TResult[items.Count];
        for (int i = 0; i < result.Length; i++) result[i] = map(items[i]);
        return result;
    }
}
