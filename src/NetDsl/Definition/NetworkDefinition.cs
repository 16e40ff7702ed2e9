namespace NetDsl.Definition;

/// <summary>
/// A complete, location-free description of a network: what a <c>.netdsl</c> file says, with every
/// default filled in. Generated code builds one of these from its typed parameters; the engine
/// (<see cref="NetDsl.Simulation.NetworkBuilder"/>) turns it into arrays and runs it.
/// Order matters everywhere: populations, rules and parameters are kept in file order because
/// NetPyNE's gids, random streams and synapse order depend on it.
/// </summary>
public sealed record NetworkDefinition(
    string Name,
    IReadOnlyList<CellDefinition> Cells,
    IReadOnlyList<PopulationDefinition> Populations,
    IReadOnlyList<SynapseDefinition> Synapses,
    IReadOnlyList<StimSourceDefinition> StimSources,
    IReadOnlyList<StimTargetDefinition> StimTargets,
    IReadOnlyList<ConnectionDefinition> Connections,
    SimulationSettings Simulation,
    IReadOnlyList<RecordDefinition> Records,
    IReadOnlyList<PlotDefinition> Plots)
{
    /// <summary>Network volume in um (NetPyNE's sizeX/Y/Z, default 100).</summary>
    public double SizeX { get; init; } = 100;
    public double SizeY { get; init; } = 100;
    public double SizeZ { get; init; } = 100;
}

/// <summary>
/// A cell type: one soma section with either an Izhi2007b point process or density mechanisms (hh, pas).
/// <paramref name="Geometry"/> holds <c>diam</c>, <c>L</c>, <c>cm</c> (and optionally <c>Ra</c>) in file order;
/// <paramref name="Mechanism"/> names the point process that is the cell model (<c>Izhi2007b</c>), or is empty
/// for a cell made of density mechanisms only (<see cref="Mechs"/>); <paramref name="Parameters"/> holds the point
/// process's parameters by their NEURON names (<c>C k vr vt vpeak a b c d Iin celltype alive</c>) in file order.
/// Missing ones take the mod file defaults (<see cref="NetDsl.Catalog.MechanismCatalog"/>).
/// Random values are drawn per cell in NetPyNE's order: geometry, then density mechanisms, then the point process.
/// </summary>
public sealed record CellDefinition(
    string Name,
    IReadOnlyList<NamedValue> Geometry,
    string Mechanism,
    IReadOnlyList<NamedValue> Parameters,
    double Threshold = 10.0)
{
    /// <summary>Density mechanisms of the soma (NetPyNE's <c>secs.soma.mechs</c>): hh and pas, in file order.</summary>
    public IReadOnlyList<MechanismDefinition> Mechs { get; init; } = [];

    /// <summary>A Hodgkin-Huxley style cell: density mechanisms only, no point process.</summary>
    public static CellDefinition WithMechanisms(string name, IReadOnlyList<NamedValue> geometry, IReadOnlyList<MechanismDefinition> mechs, double threshold = 10.0) =>
        new(name, geometry, string.Empty, [], threshold) { Mechs = mechs };
}

/// <summary>A density mechanism on the soma (<c>hh</c> or <c>pas</c>) with its parameters in file order.</summary>
public sealed record MechanismDefinition(string Name, IReadOnlyList<NamedValue> Parameters);

/// <summary>A named parameter value, possibly a per-cell (or per-connection) random draw.</summary>
public sealed record NamedValue(string Name, ValueSpec Value);

/// <summary>Kind of a <see cref="ValueSpec"/>.</summary>
public enum ValueKind
{
    Constant,
    /// <summary>NEURON's Random.normal(mean, variance): the second argument is a variance.</summary>
    Normal,
    /// <summary>Random.uniform(low, high).</summary>
    Uniform,
    /// <summary>A <see cref="ValueExpression"/> (NetPyNE's string function), evaluated per cell.</summary>
    Expression,
}

/// <summary>A constant, a distribution or an expression, evaluated with NetPyNE's Random123 streams.</summary>
public readonly record struct ValueSpec(ValueKind Kind, double A, double B = 0)
{
    public static ValueSpec Constant(double value) => new(ValueKind.Constant, value);
    public static ValueSpec Normal(double mean, double variance) => new(ValueKind.Normal, mean, variance);
    public static ValueSpec Uniform(double low, double high) => new(ValueKind.Uniform, low, high);

    /// <summary>A per-cell or per-connection expression, evaluated through delegates built from it once; a plain number stays a constant.</summary>
    public static ValueSpec Of(ValueExpression expression) => expression is NumberExpression number
        ? Constant(number.Value)
        : new(ValueKind.Expression, 0) { Expression = expression, Compiled = ExpressionDelegates.Build(expression) };

    /// <summary>
    /// A connection expression with the code compiled from it (what generated code passes): the engine calls
    /// <paramref name="compiled"/> and keeps <paramref name="expression"/> for NetPyNE's string and for equality.
    /// </summary>
    public static ValueSpec Of(ValueExpression expression, PairFunction compiled) => expression is NumberExpression number
        ? Constant(number.Value)
        : new(ValueKind.Expression, 0) { Expression = expression, Compiled = compiled };

    public static implicit operator ValueSpec(double value) => Constant(value);
    public bool IsConstant => Kind == ValueKind.Constant;

    /// <summary>The expression when <see cref="Kind"/> is <see cref="ValueKind.Expression"/>.</summary>
    public ValueExpression? Expression { get; init; }

    /// <summary>
    /// The expression as code, set whenever <see cref="Kind"/> is <see cref="ValueKind.Expression"/>: the C# the
    /// generator compiled from a connection expression, else delegates built from <see cref="Expression"/>, with the
    /// same result. Not part of equality: the expression says what the value is.
    /// </summary>
    public PairFunction? Compiled { get; init; }

    /// <summary>Whether evaluating the value draws from a random stream.</summary>
    public bool IsRandom => Kind is ValueKind.Normal or ValueKind.Uniform || (Kind == ValueKind.Expression && Expression!.IsRandom);

    /// <summary>Whether the value reads the cells of a pair (pre_*, post_*, dist_*).</summary>
    public bool ReadsPair => Kind == ValueKind.Expression && Expression!.ReadsPair;

    public bool Equals(ValueSpec other) => Kind == other.Kind && A.Equals(other.A) && B.Equals(other.B) && Equals(Expression, other.Expression);

    public override int GetHashCode() => HashCode.Combine(Kind, A, B, Expression);

    public override string ToString() => Kind switch
    {
        ValueKind.Constant => A.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.Normal => FormattableString.Invariant($"normal({A:R}, {B:R})"),
        ValueKind.Uniform => FormattableString.Invariant($"uniform({A:R}, {B:R})"),
        _ => Expression?.ToString() ?? string.Empty,
    };
}

/// <summary>
/// A population of <paramref name="Count"/> cells of one cell type (NetPyNE's <c>numCells</c>). Gids follow population
/// order. Placement follows NetPyNE 1.1.0 (network/pop.py): with <see cref="CellsList"/> the cells are the list's;
/// with <see cref="Density"/> (cells/mm³) or <see cref="GridSpacing"/> (µm) the count comes from the volume and
/// <paramref name="Count"/> must be 0; otherwise <paramref name="Count"/> cells are drawn uniformly in the box
/// (one Random123(numCells, firstGid, seeds.loc) stream per population) and rescaled into the ranges.
/// </summary>
public sealed record PopulationDefinition(string Name, string CellType, int Count)
{
    /// <summary>NetPyNE's <c>xRange</c> in µm; replaces <see cref="XNormRange"/> (xnormRange = xRange / sizeX).</summary>
    public PlacementRange? XRange { get; init; }
    /// <summary>NetPyNE's <c>yRange</c> in µm; replaces <see cref="YNormRange"/>.</summary>
    public PlacementRange? YRange { get; init; }
    /// <summary>NetPyNE's <c>zRange</c> in µm; replaces <see cref="ZNormRange"/>.</summary>
    public PlacementRange? ZRange { get; init; }
    /// <summary>NetPyNE's <c>xnormRange</c>: a sub-range of [0, 1] of the network's x extent.</summary>
    public PlacementRange? XNormRange { get; init; }
    /// <summary>NetPyNE's <c>ynormRange</c>.</summary>
    public PlacementRange? YNormRange { get; init; }
    /// <summary>NetPyNE's <c>znormRange</c>.</summary>
    public PlacementRange? ZNormRange { get; init; }
    /// <summary>NetPyNE's <c>density</c> in cells/mm³: numCells = int(density · volume of the ranges in mm³).</summary>
    public double? Density { get; init; }
    /// <summary>NetPyNE's <c>gridSpacing</c> in µm: one cell per grid point of the ranges (x outer, y, z inner), no random draws.</summary>
    public double? GridSpacing { get; init; }
    /// <summary>NetPyNE's <c>cellsList</c>: one cell per entry, in order, no random draws.</summary>
    public IReadOnlyList<CellLocation>? CellsList { get; init; }

    /// <summary>
    /// The number of cells NetPyNE gives this population in a network of sizeX · sizeY · sizeZ µm: the list's length,
    /// <see cref="Count"/>, int(density · volume) or the number of grid points. Throws
    /// <see cref="NetDsl.Simulation.NetDslModelException"/> for invalid placement keys.
    /// </summary>
    public int CellCount(double sizeX, double sizeY, double sizeZ) => NetDsl.Construction.PopulationPlacement.Count(this, sizeX, sizeY, sizeZ);

    /// <summary>The ranges given, by NetPyNE's key (<c>xRange</c> … <c>znormRange</c>), in that order.</summary>
    public IEnumerable<(string Key, PlacementRange Range)> Ranges()
    {
        if (XRange is { } x) yield return ("xRange", x);
        if (YRange is { } y) yield return ("yRange", y);
        if (ZRange is { } z) yield return ("zRange", z);
        if (XNormRange is { } xn) yield return ("xnormRange", xn);
        if (YNormRange is { } yn) yield return ("ynormRange", yn);
        if (ZNormRange is { } zn) yield return ("znormRange", zn);
    }

    /// <summary>
    /// The spike generator every cell of the population is (NetPyNE's popParams <c>cellModel</c>), or null for a
    /// population of cells. A <see cref="NetStimSource"/> makes each cell a NetStim on its own stream,
    /// Random123(hashStr('NetStim'), gid, seed); a <see cref="VecStimSource"/> gives each cell a spike train (its
    /// <see cref="VecStimSource.Trains"/>, <see cref="VecStimSource.File"/> or shared <see cref="VecStimSource.Times"/>,
    /// or NetPyNE's rate pattern and <see cref="VecStimSource.Pulses"/>). The cells get gids and positions as any
    /// population's, have no membrane, and are sources of <c>conn</c> rules only; their spikes are recorded.
    /// <see cref="CellType"/> is then the cellModel name, <c>"NetStim"</c> or <c>"VecStim"</c> (what
    /// <see cref="NetStim"/> and <see cref="VecStim"/> set), not a cell type.
    /// </summary>
    public StimSourceDefinition? Generator { get; init; }

    /// <summary>Whether the population's cells are spike generators (<see cref="Generator"/>).</summary>
    public bool IsSpikeGenerator => Generator is not null;

    /// <summary>A population of <paramref name="count"/> NetStims (NetPyNE's <c>'cellModel': 'NetStim'</c>).</summary>
    public static PopulationDefinition NetStim(string name, int count, NetStimSource generator) =>
        new(name, SpikeGeneratorModels.NetStim, count) { Generator = generator };

    /// <summary>A population of <paramref name="count"/> VecStims (NetPyNE's <c>'cellModel': 'VecStim'</c>).</summary>
    public static PopulationDefinition VecStim(string name, int count, VecStimSource generator) =>
        new(name, SpikeGeneratorModels.VecStim, count) { Generator = generator };
}

/// <summary>The cellModel names of spike-generator populations (<see cref="PopulationDefinition.Generator"/>).</summary>
public static class SpikeGeneratorModels
{
    public const string NetStim = "NetStim";
    public const string VecStim = "VecStim";

    /// <summary>
    /// NEURON's netstim.mod default start (ms): a NetStim population whose popParams give no <c>start</c> keeps it
    /// (NetPyNE sets only <c>number</c> = 1e9 and the seed), unlike a NetStim stimulus, whose start NetPyNE sets to 0.
    /// </summary>
    public const double NetStimDefaultStart = 50;
}

/// <summary>A closed range [<paramref name="Min"/>, <paramref name="Max"/>] of one coordinate (µm or normalised).</summary>
public readonly record struct PlacementRange(double Min, double Max);

/// <summary>
/// One cell of a <see cref="PopulationDefinition.CellsList"/>: per axis, x (µm) gives xnorm = x / sizeX; else xnorm
/// gives x = xnorm · sizeX; else both are 0 (NetPyNE pop.py:383-393).
/// </summary>
public readonly record struct CellLocation(double? X = null, double? Y = null, double? Z = null)
{
    public double? XNorm { get; init; }
    public double? YNorm { get; init; }
    public double? ZNorm { get; init; }
}

/// <summary>
/// A synapse kind (tau in ms, reversal e in mV): NEURON's Exp2Syn (rise <paramref name="Tau1"/>, decay
/// <paramref name="Tau2"/>) or, with <see cref="Model"/> <see cref="SynapseModel.ExpSyn"/>, ExpSyn, whose one
/// time constant is its decay <paramref name="Tau2"/> (<see cref="ExpSyn"/> builds one).
/// </summary>
public sealed record SynapseDefinition(string Name, double Tau1, double Tau2, double E)
{
    public SynapseModel Model { get; init; } = SynapseModel.Exp2Syn;

    /// <summary>NEURON's ExpSyn: g decays with <paramref name="tau"/>, an event adds its weight to g.</summary>
    public static SynapseDefinition ExpSyn(string name, double tau, double e) => new(name, 0, tau, e) { Model = SynapseModel.ExpSyn };

    /// <summary>A synapse of a catalog model (<c>"Exp2Syn"</c>, <c>"ExpSyn"</c>) from its parameters by NetPyNE name; the rest take the defaults.</summary>
    public static SynapseDefinition Of(string model, string name, params (string Parameter, double Value)[] parameters) =>
        NetDsl.Kernels.SynapseModels.Create(model, name, parameters);

    /// <summary>The parameters by NetPyNE name, in the catalog's order (tau1, tau2, e or tau, e).</summary>
    public IReadOnlyList<(string Name, double Value)> NamedParameters => NetDsl.Kernels.SynapseModels.Parameters(this);
}

/// <summary>The point-process synapse a <see cref="SynapseDefinition"/> is.</summary>
public enum SynapseModel
{
    /// <summary>Double exponential: g = B - A, an event adds weight * factor to A and B (peak = weight).</summary>
    Exp2Syn,
    /// <summary>Single exponential: an event adds weight to g.</summary>
    ExpSyn,
}

/// <summary>
/// A stimulus source: <see cref="NetStimSource"/>, <see cref="IClampSource"/> or <see cref="VecStimSource"/>. A NetStim's
/// or IClamp's parameters may be evaluated per target cell (NetPyNE's string stim parameters, network/stim.py:329-380):
/// for each target, NetPyNE's order of parameters (del, dur, amp, interval, rate, number, start, noise, then the target's
/// weight and delay), each over every target cell in gid order, drawing from one stream per target,
/// Random123(hashStr('stim_' + source type), hashList(target gids), stim seed).
/// </summary>
public abstract record StimSourceDefinition(string Name)
{
    /// <summary>Whether some parameter is evaluated per target cell (an expression or a distribution).</summary>
    public virtual bool PerTarget => false;
}

/// <summary>
/// NetStim with NetPyNE's defaults: start 0 ms, number 1e9, noise 0, seed = the stim seed of the simulation.
/// Exactly one of <paramref name="Rate"/> (Hz) or <paramref name="Interval"/> (ms) is used; interval = 1000 / rate.
/// </summary>
public sealed record NetStimSource(
    string Name,
    double? Rate,
    double? Interval,
    double Noise = 0,
    double Start = 0,
    double Number = 1e9,
    int? Seed = null) : StimSourceDefinition(Name)
{
    /// <summary>
    /// The rate (Hz) as an expression or distribution evaluated per target cell, replacing <see cref="Rate"/> when set
    /// (NetPyNE's string rate, e.g. <c>'50 + 50*post_ynorm'</c>). Every per-target value of a stimulus is drawn in
    /// NetPyNE's order (<see cref="StimSourceDefinition"/>).
    /// </summary>
    public ValueSpec? RateSpec { get; init; }

    /// <summary>The interval (ms) per target cell, replacing <see cref="Interval"/> when set.</summary>
    public ValueSpec? IntervalSpec { get; init; }

    /// <summary>The noise (0-1) per target cell, replacing <see cref="Noise"/> when set.</summary>
    public ValueSpec? NoiseSpec { get; init; }

    /// <summary>The start (ms) per target cell, replacing <see cref="Start"/> when set.</summary>
    public ValueSpec? StartSpec { get; init; }

    /// <summary>The number of events per target cell, replacing <see cref="Number"/> when set (NetPyNE keeps a fraction).</summary>
    public ValueSpec? NumberSpec { get; init; }

    /// <summary>Whether some parameter is evaluated per target cell.</summary>
    public override bool PerTarget => RateSpec is not null || IntervalSpec is not null || NoiseSpec is not null || StartSpec is not null || NumberSpec is not null;
}

/// <summary>IClamp: <paramref name="Delay"/> and <paramref name="Duration"/> in ms, <paramref name="Amplitude"/> in nA.</summary>
public sealed record IClampSource(string Name, double Delay, double Duration, double Amplitude) : StimSourceDefinition(Name)
{
    /// <summary>The delay (ms) as an expression or distribution evaluated per target cell, replacing <see cref="Delay"/> when set.</summary>
    public ValueSpec? DelaySpec { get; init; }

    /// <summary>The duration (ms) per target cell, replacing <see cref="Duration"/> when set.</summary>
    public ValueSpec? DurationSpec { get; init; }

    /// <summary>The amplitude (nA) per target cell, replacing <see cref="Amplitude"/> when set (NetPyNE's <c>'0.1*post_xnorm'</c>).</summary>
    public ValueSpec? AmplitudeSpec { get; init; }

    /// <summary>Whether some parameter is evaluated per target cell.</summary>
    public override bool PerTarget => DelaySpec is not null || DurationSpec is not null || AmplitudeSpec is not null;
}

/// <summary>
/// A source that fires at the given times (ms), one per target cell, like NetPyNE's VecStim. <paramref name="Times"/>
/// is one train every target cell gets; <see cref="Trains"/> or <see cref="File"/> give each cell its own.
/// </summary>
public sealed record VecStimSource(string Name, IReadOnlyList<double> Times) : StimSourceDefinition(Name)
{
    /// <summary>
    /// One train per target cell, replacing <see cref="Times"/>: train i drives the i-th cell of the target set (a
    /// stim target's selected cells in gid order, a population's cells in order). There must be one per cell.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>>? Trains { get; init; }

    /// <summary>Trains read from a CSV or .npy file when the network is built (<see cref="SpikeTrainFile"/>), replacing <see cref="Times"/>.</summary>
    public SpikeTrainFile? File { get; init; }

    /// <summary>
    /// VecStim populations only: NetPyNE's <c>rate</c> (Hz) pattern, a train drawn per cell of about
    /// <see cref="Rate"/> from <see cref="Start"/> to the end of the run, with <see cref="Noise"/> (cell/pointCell.py,
    /// stream Random123(hashStr('vecstim_spkt'), gid, seed)). Replaces <see cref="Times"/>.
    /// </summary>
    public double? Rate { get; init; }

    /// <summary>VecStim populations only: NetPyNE's <c>interval</c> (ms) pattern, used when <see cref="Rate"/> is not set.</summary>
    public double? Interval { get; init; }

    /// <summary>Noise in [0, 1] of the <see cref="Rate"/> / <see cref="Interval"/> pattern.</summary>
    public double Noise { get; init; }

    /// <summary>Start (ms) of the <see cref="Rate"/> / <see cref="Interval"/> pattern.</summary>
    public double Start { get; init; }

    /// <summary>The seed of the drawn patterns and pulses; null takes the simulation's stim seed.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// VecStim populations only: NetPyNE's <c>pulses</c>, trains of regular (or noisy) spikes added to each cell's
    /// train; pulse i draws its noise from Random123(i, gid, seed).
    /// </summary>
    public IReadOnlyList<SpikePulse> Pulses { get; init; } = [];
}

/// <summary>
/// One of NetPyNE's VecStim <c>pulses</c>: spikes every <see cref="Interval"/> ms (or at <see cref="Rate"/> Hz) from
/// <paramref name="Start"/> to <paramref name="End"/> (ms), each interval (1 - noise) of the mean plus a negexp of mean
/// noise · interval.
/// </summary>
public sealed record SpikePulse(double Start, double End, double? Rate, double? Interval = null, double Noise = 0);

/// <summary>
/// A file of spike trains, read when the network is built; <paramref name="Path"/> is absolute or relative to the
/// working directory. The layout follows from the file:
/// <list type="bullet">
/// <item><c>.npy</c> (NumPy, float64, C or Fortran order): a 2-D array of shape (n, 2) whose rows are
/// (cell index, time in ms), the index being the position of the cell in the target set; or a 1-D array, one train
/// every target cell gets.</item>
/// <item>CSV whose first line is a header <c>index,time</c> or <c>gid,time</c>: one row per spike, keyed by the cell's
/// position in the target set (<c>index</c>) or by its gid (<c>gid</c>). Cells without rows get no spikes.</item>
/// <item>any other CSV: one row per cell of the target set, in order, its spike times separated by commas (an empty
/// line is a cell without spikes); there must be exactly one row per cell.</item>
/// </list>
/// Times need not be sorted; each must be a number &gt;= 0 ms. Lines starting with <c>#</c> are comments; in the
/// one-row-per-spike layout blank lines are ignored too.
/// </summary>
public sealed record SpikeTrainFile(string Path);

/// <summary>Which cells a rule applies to.</summary>
public enum SelectorKind
{
    /// <summary>Every cell of the named populations.</summary>
    Populations,
    /// <summary>Every cell of the named cell types (all their populations).</summary>
    CellTypes,
    /// <summary>Every cell.</summary>
    All,
    /// <summary>Explicit gids.</summary>
    Gids,
}

/// <summary>
/// Cell selection for connections, stimuli, records and plots: the cells of <see cref="Kind"/> for which every one of
/// <see cref="Conditions"/> holds (NetPyNE's conds: <c>{'cellType': 'RS', 'y': [100, 1000]}</c>).
/// </summary>
public sealed record CellSelector(SelectorKind Kind, IReadOnlyList<string> Names, IReadOnlyList<int> Gids)
{
    /// <summary>Range conditions on the cells' tags, all of which must hold (NetPyNE's x, y, z, xnorm, ynorm, znorm conds).</summary>
    public IReadOnlyList<TagCondition> Conditions { get; init; } = [];

    /// <summary>This selector with range conditions on the cells' tags.</summary>
    public CellSelector Where(params TagCondition[] conditions) => this with { Conditions = [.. Conditions, .. conditions] };

    /// <summary>Whether the built cell is selected, its tags included.</summary>
    public bool Selects(NetDsl.Simulation.CellInfo cell) => Selects(cell.Gid, cell.Population, cell.CellType, cell.Tags);

    /// <summary>Whether the cell is selected, its tags included.</summary>
    public bool Selects(int gid, string population, string cellType, in CellTags tags)
    {
        if (!Selects(gid, population, cellType)) return false;
        foreach (var condition in Conditions)
        {
            if (!condition.Holds(tags)) return false;
        }
        return true;
    }

    public bool Equals(CellSelector? other) =>
        other is not null && Kind == other.Kind && Names.SequenceEqual(other.Names) && Gids.SequenceEqual(other.Gids) && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(Kind, Names.Count, Gids.Count, Conditions.Count);

    public static CellSelector All { get; } = new(SelectorKind.All, Array.Empty<string>(), Array.Empty<int>());
    public static CellSelector Population(params string[] names) => new(SelectorKind.Populations, names, Array.Empty<int>());
    public static CellSelector CellType(params string[] names) => new(SelectorKind.CellTypes, names, Array.Empty<int>());
    public static CellSelector ForGids(params int[] gids) => new(SelectorKind.Gids, Array.Empty<string>(), gids);

    /// <summary>Whether the cell with this gid, population and cell type is selected, not looking at <see cref="Conditions"/>.</summary>
    public bool Selects(int gid, string population, string cellType) => Kind switch
    {
        SelectorKind.All => true,
        SelectorKind.Populations => Names.Contains(population),
        SelectorKind.CellTypes => Names.Contains(cellType),
        SelectorKind.Gids => Gids.Contains(gid),
        _ => false,
    };
}

/// <summary>
/// Applies a stim source to every selected cell. For NetStim and VecStim, <paramref name="Weight"/> (uS),
/// <paramref name="Delay"/> (ms) and <paramref name="Synapse"/> apply; NetPyNE's defaults are weight 1, delay 1,
/// first synapse. For IClamp they are ignored.
/// </summary>
public sealed record StimTargetDefinition(
    string Source,
    CellSelector Target,
    double Weight = 1.0,
    double Delay = 1.0,
    string? Synapse = null)
{
    /// <summary>
    /// The weight as an expression or distribution, replacing <see cref="Weight"/> when set (NetPyNE's string weight,
    /// e.g. <c>'0.01*post_ynorm'</c>). Per target cell in gid order, all weights before all delays, on the stream
    /// Random123(hashStr('stim_' + source type), hashList(target gids), stim seed) (network/stim.py:103-108, 329-380).
    /// </summary>
    public ValueSpec? WeightSpec { get; init; }

    /// <summary>The delay as an expression or distribution (NetPyNE's <c>'max(1, normal(5,2))'</c>), replacing <see cref="Delay"/>.</summary>
    public ValueSpec? DelaySpec { get; init; }

    /// <summary>The weight as the builder uses it: <see cref="WeightSpec"/> when set, else <see cref="Weight"/>.</summary>
    public ValueSpec WeightValue => WeightSpec ?? Weight;

    /// <summary>The delay as the builder uses it: <see cref="DelaySpec"/> when set, else <see cref="Delay"/>.</summary>
    public ValueSpec DelayValue => DelaySpec ?? Delay;
}

/// <summary>The connectivity rule of a <see cref="ConnectionDefinition"/>.</summary>
public enum ConnectionRuleKind
{
    /// <summary>NetPyNE's 'probability' rule (one draw per pair, NetPyNE's order).</summary>
    Probability,
    /// <summary>NetPyNE's 'convergence': each post cell gets N distinct random pre cells.</summary>
    Convergence,
    /// <summary>NetPyNE's 'divergence': each pre cell projects to N distinct random post cells.</summary>
    Divergence,
    /// <summary>All-to-all (NetPyNE's fullConn), self-connections excluded unless allowed.</summary>
    Full,
    /// <summary>An explicit list of (pre index, post index) pairs relative to the selected cells.</summary>
    List,
    /// <summary>
    /// The probability rule sampled in O(connections) (geometric skips). Same statistics, different instance:
    /// not NetPyNE-identical. For very large networks.
    /// </summary>
    FastProbability,
}

/// <summary>A connectivity rule between two cell sets, with weight (uS), delay (ms) and synapse kind.</summary>
public sealed record ConnectionDefinition(
    string Label,
    CellSelector Pre,
    CellSelector Post,
    ConnectionRuleKind Rule,
    double RuleValue,
    ValueSpec Weight,
    ValueSpec Delay,
    string? Synapse,
    IReadOnlyList<(int Pre, int Post)>? Pairs = null,
    bool AllowSelfConnections = false)
{
    /// <summary>
    /// The rule value as an expression or distribution, replacing <see cref="RuleValue"/> when set (NetPyNE's string
    /// probability, convergence or divergence): a probability is evaluated for every (pre, post) pair, self pairs
    /// included, pre outer, before any connection is made; a convergence once per post cell; a divergence once per pre
    /// cell; random calls draw from the rule's stream Random123(hashStr('conn_' + connFunc), hashList(pre + post), conn seed).
    /// </summary>
    public ValueSpec? RuleValueSpec { get; init; }

    /// <summary>The rule value as the rules use it: <see cref="RuleValueSpec"/> when set, else <see cref="RuleValue"/>.</summary>
    public ValueSpec RuleSpec => RuleValueSpec ?? ValueSpec.Constant(RuleValue);

    /// <summary>
    /// Only pairs of cells at most this far apart (µm, dist_3D) are considered (a probability rule's explicit cutoff,
    /// <c>within=300um</c>): a network too large for NetPyNE's all-pairs rule builds in time proportional to the pairs
    /// inside it. The random instance differs from NetPyNE's; null considers every pair, as NetPyNE does.
    /// </summary>
    public double? Within { get; init; }

    /// <summary>
    /// Plasticity of every connection of the rule (NetPyNE's <c>'plast'</c>), e.g. <see cref="StdpRule"/>; null for
    /// fixed weights. A plastic connection keeps its own weight, which its plasticity mechanism changes during the
    /// run (docs/plasticity.md).
    /// </summary>
    public PlasticityDefinition? Plasticity { get; init; }
}

/// <summary>NetPyNE's four random seeds (<c>cfg.seeds</c>), all 1 by default.</summary>
public sealed record Seeds(int Conn = 1, int Stim = 1, int Loc = 1, int Cell = 1);

/// <summary>Simulation settings: duration and dt in ms, v_init in mV, recordStep in ms.</summary>
public sealed record SimulationSettings(
    double Duration = 1000,
    double Dt = 0.025,
    Seeds? Seeds = null,
    double VInit = -65,
    double RecordStep = 0.1)
{
    public Seeds EffectiveSeeds => Seeds ?? new Seeds();

    /// <summary>
    /// False (default): one Exp2Syn state per connection, summed in NEURON's order; v is bit-identical to NEURON.
    /// True: one Exp2Syn state (A, B) per (cell, synapse kind), summing all its connections; the work per step
    /// no longer grows with the number of synapses. NEURON keeps one Exp2Syn per connection and sums their
    /// currents one by one, so this changes the last bits of v (at most 1.2e-9 mV over 1 s in the reference
    /// networks), which a cell passing slowly near threshold (FS, LTS) can turn into a spike one step earlier or
    /// later. The fast engine always aggregates.
    /// </summary>
    public bool AggregateSynapses { get; init; }

    /// <summary>How the cells are integrated (see <see cref="SimulationPrecision"/>); NEURON-exact by default.</summary>
    public SimulationPrecision Precision { get; init; } = SimulationPrecision.Exact;

    /// <summary>Worker threads of a run unless <c>RunOptions.Threads</c> says otherwise; results do not depend on it.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Temperature in degC (NEURON's celsius; NetPyNE's default 6.3): hh's rates scale with 3^((celsius - 6.3)/10).</summary>
    public double Celsius { get; init; } = NetDsl.Catalog.MechanismCatalog.DefaultCelsius;

    /// <summary>
    /// Interval (ms) at which the weights of plastic connections are sampled, as NEURON's
    /// <c>Vector.record(netcon._ref_weight[0], step)</c>: at t = 0, step, 2·step, ... up to the end of the run
    /// (<c>SimulationResult.Weights</c>). Null (the default) samples none; initial and final weights are always kept.
    /// </summary>
    public double? WeightRecordStep { get; init; }

    /// <summary>Keep every change of a plastic weight (time, connection, before, after) in <c>SimulationResult.Weights</c>.</summary>
    public bool RecordWeightChanges { get; init; }

    /// <summary>
    /// The plastic rules whose weights the results hold (<c>record w of conn E->E</c>), by label; null (the default)
    /// holds every plastic rule. The other plastic connections still learn; only their weights are not reported.
    /// </summary>
    public RuleLabels? WeightRecordRules { get; init; }

    /// <summary>
    /// What the data JSON holds (<c>sim saveDataInclude=</c>): NetPyNE's part names (<c>NetDsl.Models.SavedParts</c>) or
    /// <c>all</c>; null (the default) holds every part and the connections up to a size. The command's --save overrides it.
    /// </summary>
    public DataParts? SaveDataInclude { get; init; }
}

/// <summary>Parts of the data JSON by name, in order; equal when the names are.</summary>
public sealed record DataParts(IReadOnlyList<string> Names)
{
    public bool Equals(DataParts? other) => other is not null && Names.SequenceEqual(other.Names);

    public override int GetHashCode() => Names.Count;
}

/// <summary>Connection rules named by their labels, in order; equal when the labels are.</summary>
public sealed record RuleLabels(IReadOnlyList<string> Labels)
{
    public bool Contains(string label)
    {
        foreach (string name in Labels)
        {
            if (name == label) return true;
        }
        return false;
    }

    public bool Equals(RuleLabels? other) => other is not null && Labels.SequenceEqual(other.Labels);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (string label in Labels) hash.Add(label);
        return hash.ToHashCode();
    }
}

/// <summary>The arithmetic a run uses.</summary>
public enum SimulationPrecision
{
    /// <summary>
    /// NEURON's own operations in its order (three-node soma, currents at v and v + 0.001, divisions kept):
    /// spikes and voltages identical to NetPyNE on NEURON.
    /// </summary>
    Exact,

    /// <summary>
    /// Double precision, the same backward-Euler scheme written in closed form for a one-node soma (the
    /// zero-area end nodes follow the centre exactly), constants folded, blocks of cells advanced over the
    /// minimum synaptic delay. Not bit-identical to NEURON: voltages differ in the last bits, which a
    /// recurrent network can amplify into different individual spikes with the same statistics.
    /// </summary>
    Fast,

    /// <summary><see cref="Fast"/> in single precision: half the memory traffic and twice the lanes per vector.</summary>
    Single,
}

/// <summary>
/// How synapse states are stored (<c>sim synapses=</c>, the typed parameter <c>Sim.synapses</c>); the engine reads it
/// as <see cref="SimulationSettings.AggregateSynapses"/>.
/// </summary>
public enum SynapseStorage
{
    /// <summary><c>exact</c> (default): one synapse per connection, summed in NEURON's order; voltages bit for bit NEURON's.</summary>
    PerConnection,

    /// <summary><c>aggregated</c>: one synapse state per (cell, synapse kind); the step cost no longer grows with the number of synapses.</summary>
    Aggregated,
}

/// <summary>Recorded variable.</summary>
public enum RecordVariable
{
    /// <summary>Soma membrane potential (mV).</summary>
    V,
    /// <summary>Izhi2007b recovery variable u.</summary>
    U,
    /// <summary>Total conductance (uS) of one synapse kind on the cell.</summary>
    G,
    /// <summary>hh's sodium activation m.</summary>
    M,
    /// <summary>hh's sodium inactivation h.</summary>
    H,
    /// <summary>hh's potassium activation n.</summary>
    N,
}

/// <summary>
/// A recorded trace, NetPyNE's <c>recordTraces</c> entry: <paramref name="Name"/> (e.g. V_soma) of
/// <paramref name="Variable"/> (with <paramref name="Synapse"/> for G) for <paramref name="Cells"/>;
/// null cells means the cells the plots include (NetPyNE's recordCells ∪ plotTraces include).
/// </summary>
public sealed record RecordDefinition(string Name, RecordVariable Variable, string? Synapse, CellSelector? Cells);

/// <summary>A figure the file asks for.</summary>
public enum PlotKind
{
    Raster,
    Traces,
    Net2D,
    SpikeHist,
    Rates,
    /// <summary>NetPyNE's plotConn: a population-by-population matrix of one <see cref="ConnectivityFeature"/>.</summary>
    Connectivity,
}

/// <summary>What a connectivity matrix shows (NetPyNE's plotConn <c>feature</c>).</summary>
public enum ConnectivityFeature
{
    /// <summary>NetPyNE's default 'strength': probability × summed weight, n / (nPre · nPost) · Σw (network.py's plotConn).</summary>
    Strength,
    /// <summary>Mean weight of the connections ('weight').</summary>
    Weight,
    /// <summary>Connections made / (nPre · nPost), self pairs counted as possible, as NetPyNE divides ('probability').</summary>
    Probability,
    /// <summary>Number of connections ('numConns').</summary>
    Count,
    /// <summary>Mean delay ('delay').</summary>
    Delay,
    /// <summary>Connections per post cell ('convergence').</summary>
    Convergence,
    /// <summary>Connections per pre cell ('divergence').</summary>
    Divergence,
}

/// <summary>NetPyNE's names of the <see cref="ConnectivityFeature"/>s.</summary>
public static class ConnectivityFeatures
{
    /// <summary>The feature as NetPyNE's plotConn names it (its <c>feature</c> argument, titles and file names).</summary>
    public static string NetPyneName(ConnectivityFeature feature) => feature switch
    {
        ConnectivityFeature.Strength => "strength",
        ConnectivityFeature.Weight => "weight",
        ConnectivityFeature.Probability => "probability",
        ConnectivityFeature.Count => "numConns",
        ConnectivityFeature.Delay => "delay",
        ConnectivityFeature.Convergence => "convergence",
        ConnectivityFeature.Divergence => "divergence",
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, null),
    };
}

/// <summary>A requested figure with its include list (gids or populations); null means NetPyNE's default.</summary>
public sealed record PlotDefinition(PlotKind Kind, CellSelector? Include)
{
    /// <summary>The raster's y axis: cells ordered by this tag instead of by gid (NetPyNE's plotRaster <c>orderBy</c>).</summary>
    public CellTag? OrderBy { get; init; }

    /// <summary>What a <see cref="PlotKind.Connectivity"/> matrix shows.</summary>
    public ConnectivityFeature Feature { get; init; } = ConnectivityFeature.Strength;
}
