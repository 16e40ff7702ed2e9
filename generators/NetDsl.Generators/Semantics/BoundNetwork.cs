using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Semantics.Expressions;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics;

/// <summary>An argument matched to the parameter it names (<see cref="Def"/> is null when the name is unknown).</summary>
internal sealed class BoundArgument
{
    public BoundArgument(Argument node, ParameterDef? def, BoundArguments? group)
    {
        Node = node;
        Def = def;
        Group = group;
    }

    public Argument Node { get; }
    public ParameterDef? Def { get; }
    /// <summary>The inner arguments of a group such as <c>seeds(conn=2)</c>.</summary>
    public BoundArguments? Group { get; }
    public SourceSpan NameSpan => Node.Name?.Span ?? Node.Span;
}

/// <summary>The arguments of one statement (or cell line) matched against a <see cref="ParameterTable"/>.</summary>
internal sealed class BoundArguments
{
    public BoundArguments(ParameterTable table, IEnumerable<BoundArgument> items)
    {
        Table = table;
        Items = items.ToList();
    }

    public ParameterTable Table { get; }
    public List<BoundArgument> Items { get; }

    /// <summary>The first argument for a parameter (duplicates are reported separately).</summary>
    public BoundArgument? Get(string name) => Items.FirstOrDefault(i => i.Def?.Name == name);

    public static BoundArguments Bind(ParameterTable table, IEnumerable<Argument> arguments) =>
        new(table, arguments.Select(a =>
        {
            var def = table.Find(a.Key);
            BoundArguments? group = def?.Kind == ParameterKind.SeedGroup && a.Group is not null ? Bind(ParameterTables.Seeds, a.Group)
                // plast=STDP(hebbwt=0.01, ...): the call's arguments against the mechanism's parameters.
                : def?.Kind == ParameterKind.Plasticity && a.Value is CallNode call && ParameterTables.ForPlasticity(call.Function.Name) is { } plasticity
                    ? Bind(plasticity, call.Arguments)
                    : null;
            return new BoundArgument(a, def, group);
        }));
}

internal sealed class BoundCell
{
    public BoundCell(CellStatement statement) => Statement = statement;

    public CellStatement Statement { get; }
    public Identifier Name => Statement.Name;
    public List<CellItem> SomaItems { get; } = new();
    /// <summary>Izhi2007b lines (the point process that is the cell model).</summary>
    public List<CellItem> MechanismItems { get; } = new();
    /// <summary>hh and pas lines, in file order, each with its arguments.</summary>
    public List<BoundDensity> DensityItems { get; } = new();
    /// <summary>Lines whose first word is neither 'soma' nor a known mechanism.</summary>
    public List<CellItem> UnknownItems { get; } = new();
    public BoundArguments Geometry { get; set; } = new(ParameterTables.Geometry, new BoundArgument[0]);
    public BoundArguments Mechanism { get; set; } = new(ParameterTables.Izhikevich, new BoundArgument[0]);
    public BoundArguments Settings { get; set; } = new(ParameterTables.CellSettings, new BoundArgument[0]);

    /// <summary>The density mechanisms as NetPyNE's secs.soma.mechs: the first line of each, in file order.</summary>
    public IEnumerable<BoundDensity> Mechs() => DensityItems.GroupBy(d => d.Name).Select(g => g.First());

    public bool HasMechanism(string name) => name == ParameterTables.Izhi2007b ? MechanismItems.Count > 0 : DensityItems.Any(d => d.Name == name);
}

/// <summary>A density mechanism line of a cell (<c>hh gnabar=0.12 ...</c>) with its arguments bound to the mechanism's table.</summary>
internal sealed record BoundDensity(CellItem Item, string Name, BoundArguments Arguments);

internal sealed record BoundSynapse(SynStatement Statement, BoundArguments? Arguments);

internal sealed record BoundStimSource(StimSourceStatement Statement, BoundArguments? Arguments);

internal sealed record BoundStimTarget(StimTargetStatement Statement, BoundArguments Arguments);

internal sealed record BoundConnection(ConnStatement Statement, BoundArguments Arguments);

internal sealed record BoundSim(SimStatement Statement, BoundArguments Arguments);

internal sealed record BoundPlot(PlotStatement Statement, BoundArguments Arguments);

/// <summary>
/// A population of spike generators (<c>pop thal: NetStim x 100 rate=10Hz</c>): its generator arguments bound to
/// <see cref="ParameterTables.ForGenerator"/>; the placement keys stay with the pop (<see cref="Placement"/>).
/// </summary>
internal sealed record BoundGenerator(PopStatement Statement, string Model, BoundArguments Arguments);

/// <summary>
/// The file's statements grouped by kind with their arguments matched to parameters. Still carries
/// positions: checks report against it; <see cref="Lowering"/> then turns a valid one into the model.
/// </summary>
internal sealed class BoundNetwork
{
    public BoundNetwork(SyntaxFile file) => File = file;

    public SyntaxFile File { get; }
    public List<NetworkStatement> NetworkStatements { get; } = new();
    public List<BoundCell> Cells { get; } = new();
    public List<PopStatement> Populations { get; } = new();
    public List<BoundSynapse> Synapses { get; } = new();
    public List<BoundStimSource> StimSources { get; } = new();
    public List<BoundStimTarget> StimTargets { get; } = new();
    public List<BoundConnection> Connections { get; } = new();
    public List<BoundSim> Sims { get; } = new();
    public List<RecordStatement> Records { get; } = new();
    public List<BoundPlot> Plots { get; } = new();
    public List<ParamStatement> Params { get; } = new();
    public List<BoundGenerator> Generators { get; } = new();
    public List<WeightRecordStatement> WeightRecords { get; } = new();

    /// <summary>The generator of a pop, or null for a population of cells.</summary>
    public BoundGenerator? GeneratorOf(PopStatement pop) => Generators.FirstOrDefault(g => ReferenceEquals(g.Statement, pop));

    /// <summary>Whether the population of this name is one of spike generators.</summary>
    public bool IsGenerator(string population) => Generators.Any(g => g.Statement.Name.Name == population);

    /// <summary>The params of the file and the built-ins (sizeX from sim, propVelocity, ...), which every expression reads.</summary>
    public NamedValues Names { get; private set; } = NamedValues.Builtins;

    /// <summary>Every selector of the file (conn pre and post, stim targets, record of), for the condition checks.</summary>
    public IEnumerable<TargetNode> Targets()
    {
        foreach (var conn in Connections)
        {
            yield return conn.Statement.Pre;
            yield return conn.Statement.Post;
        }
        foreach (var stim in StimTargets) yield return stim.Statement.Target;
        foreach (var record in Records) if (record.Of is not null) yield return record.Of;
    }

    /// <summary>The network's size in um (sim sizeX, sizeY, sizeZ as written, else NetPyNE's 100).</summary>
    public double Size(string axis)
    {
        foreach (var arg in SimArguments())
        {
            if (arg.Def?.Name == "size" + axis)
            {
                var value = ValueConverter.Convert(arg.Node, arg.Def);
                if (value.Ok && value.A > 0) return value.A;
            }
        }
        return 100;
    }

    public BoundCell? FindCell(string name) => Cells.FirstOrDefault(c => c.Name.Name == name);
    public PopStatement? FindPopulation(string name) => Populations.FirstOrDefault(p => p.Name.Name == name);
    public BoundSynapse? FindSynapse(string name) => Synapses.FirstOrDefault(s => s.Statement.Name.Name == name);
    public BoundStimSource? FindStimSource(string name) => StimSources.FirstOrDefault(s => s.Statement.Name.Name == name);

    /// <summary>Every argument list in the file, for the per-argument checks.</summary>
    public IEnumerable<BoundArguments> AllArguments()
    {
        foreach (var cell in Cells)
        {
            yield return cell.Geometry;
            yield return cell.Mechanism;
            foreach (var density in cell.DensityItems) yield return density.Arguments;
            yield return cell.Settings;
        }
        foreach (var s in Synapses) if (s.Arguments is not null) yield return s.Arguments;
        foreach (var s in StimSources) if (s.Arguments is not null) yield return s.Arguments;
        foreach (var t in StimTargets) yield return t.Arguments;
        foreach (var c in Connections)
        {
            yield return c.Arguments;
            foreach (var item in c.Arguments.Items) if (item.Group is not null) yield return item.Group;
        }
        foreach (var s in Sims)
        {
            yield return s.Arguments;
            foreach (var item in s.Arguments.Items) if (item.Group is not null) yield return item.Group;
        }
        foreach (var p in Plots) yield return p.Arguments;
        foreach (var g in Generators) yield return g.Arguments;
    }

    /// <summary>Simulation arguments of every sim statement, in file order.</summary>
    public IEnumerable<BoundArgument> SimArguments() => Sims.SelectMany(s => s.Arguments.Items);

    public static BoundNetwork Bind(SyntaxFile file)
    {
        var net = new BoundNetwork(file);
        foreach (var statement in file.Statements)
        {
            switch (statement)
            {
                case NetworkStatement n: net.NetworkStatements.Add(n); break;
                case CellStatement c: net.Cells.Add(BindCell(c)); break;
                case PopStatement p: net.Populations.Add(p); break;
                case SynStatement s:
                    var synapse = ParameterTables.ForSynapseKind(s.Kind.Name);
                    net.Synapses.Add(new BoundSynapse(s, synapse is null ? null : BoundArguments.Bind(synapse, s.Arguments)));
                    break;
                case StimSourceStatement s:
                    var table = ParameterTables.ForStimKind(s.Kind.Name);
                    net.StimSources.Add(new BoundStimSource(s, table is null ? null : BoundArguments.Bind(table, s.Arguments)));
                    break;
                case StimTargetStatement t: net.StimTargets.Add(new BoundStimTarget(t, BoundArguments.Bind(ParameterTables.StimTarget, t.Arguments))); break;
                case ConnStatement c: net.Connections.Add(new BoundConnection(c, BoundArguments.Bind(ParameterTables.Connection, c.Arguments))); break;
                case SimStatement s: net.Sims.Add(new BoundSim(s, BoundArguments.Bind(ParameterTables.Simulation, s.Arguments))); break;
                case RecordStatement r: net.Records.Add(r); break;
                case PlotStatement p: net.Plots.Add(new BoundPlot(p, BoundArguments.Bind(ParameterTables.Plot, p.Arguments))); break;
                case ParamStatement p: net.Params.Add(p); break;
                case WeightRecordStatement w: net.WeightRecords.Add(w); break;
            }
        }
        foreach (var pop in net.Populations)
        {
            // NetStim and VecStim are spike-generator models (NetPyNE's cellModel) unless the file declares a cell type of that name.
            if (ParameterTables.ForGenerator(pop.Cell.Name) is not { } generator || net.FindCell(pop.Cell.Name) is not null) continue;
            net.Generators.Add(new BoundGenerator(pop, pop.Cell.Name, BoundArguments.Bind(generator, pop.Arguments.Where(a => a.Name is not null && generator.Find(a.Key) is not null))));
        }
        net.Names = NamedValues.Build(net.Params, net.Size("X"), net.Size("Y"), net.Size("Z"));
        return net;
    }

    private static BoundCell BindCell(CellStatement statement)
    {
        var cell = new BoundCell(statement);
        var settings = new List<Argument>();
        foreach (var item in statement.Items)
        {
            if (item.Keyword is null) settings.AddRange(item.Arguments);
            else if (item.Keyword.Name == "soma") cell.SomaItems.Add(item);
            else if (item.Keyword.Name == ParameterTables.Izhi2007b) cell.MechanismItems.Add(item);
            else if (System.Array.IndexOf(ParameterTables.DensityMechanisms, item.Keyword.Name) >= 0)
                cell.DensityItems.Add(new BoundDensity(item, item.Keyword.Name, BoundArguments.Bind(ParameterTables.ForCellMechanism(item.Keyword.Name)!, item.Arguments)));
            else cell.UnknownItems.Add(item);
        }
        if (cell.SomaItems.Count > 0) cell.Geometry = BoundArguments.Bind(ParameterTables.Geometry, cell.SomaItems[0].Arguments);
        if (cell.MechanismItems.Count > 0) cell.Mechanism = BoundArguments.Bind(ParameterTables.Izhikevich, cell.MechanismItems[0].Arguments);
        cell.Settings = BoundArguments.Bind(ParameterTables.CellSettings, settings);
        return cell;
    }
}
