using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Generators.Catalog;
using NetDsl.Generators.Semantics.Expressions;

namespace NetDsl.Generators.Semantics;

/// <summary>What kind of value a parameter takes.</summary>
internal enum ParameterKind
{
    /// <summary>A number.</summary>
    Real,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A number or normal(mean, variance) / uniform(low, high), drawn per cell or per connection.</summary>
    Distribution,
    /// <summary>One of a fixed set of names (or, for celltype, their numbers).</summary>
    Choice,
    /// <summary>A bare word, no value (e.g. <c>all</c>).</summary>
    Flag,
    /// <summary>The name of a declared synapse.</summary>
    Synapse,
    /// <summary>A list of times, e.g. <c>[5, 12.5]</c>.</summary>
    TimeList,
    /// <summary>A list of (pre, post) index pairs.</summary>
    PairList,
    /// <summary>A list of gids, populations and (population, index) pairs.</summary>
    Include,
    /// <summary>A group of named integers, e.g. <c>seeds(conn=2, stim=3)</c>.</summary>
    SeedGroup,
    /// <summary>A plasticity mechanism with named parameters, e.g. <c>STDP(hebbwt=0.01, wmax=50)</c> (<see cref="PlasticityCatalog"/>).</summary>
    Plasticity,
    /// <summary>The value of a <c>param</c> statement: a number with any unit, or an expression of named values.</summary>
    NamedValue,
    /// <summary>One word of <see cref="ParameterDef.Words"/> (a plot's feature or orderBy).</summary>
    Word,
    /// <summary>A list of words of <see cref="ParameterDef.Words"/>, or <c>all</c> (sim saveDataInclude).</summary>
    WordList,
    /// <summary>One spike train per cell, e.g. <c>[[5, 12.5], [], [30]]</c>.</summary>
    TrainList,
    /// <summary>A file path in quotes, e.g. <c>"trains.csv"</c>.</summary>
    File,
    /// <summary>NetPyNE's VecStim pulses, e.g. <c>[pulse(start=400ms, end=500ms, rate=50Hz)]</c>.</summary>
    PulseList,
}

/// <summary>
/// An allowed range; <see cref="Description"/> is what the error message says. The shared ones come from
/// <see cref="ValueLimits"/>, which the runtime's checks read too.
/// </summary>
internal sealed record ValueRange(double Min, bool MinInclusive, double Max, bool MaxInclusive, string Description)
{
    public static readonly ValueRange Any = From(ValueLimits.Any);
    public static readonly ValueRange Positive = From(ValueLimits.Positive);
    public static readonly ValueRange NonNegative = From(ValueLimits.NonNegative);
    public static readonly ValueRange Probability = From(ValueLimits.Probability);
    public static readonly ValueRange Fraction = From(ValueLimits.Fraction);
    public static readonly ValueRange Count = From(ValueLimits.Count);
    public static readonly ValueRange PopulationSize = From(ValueLimits.PopulationSize);
    public static readonly ValueRange CellTypeNumber = From(ValueLimits.CellType);
    public static readonly ValueRange Celsius = From(ValueLimits.Celsius);

    public static ValueRange From(ValueLimits limits) => new(limits.Min, limits.MinInclusive, limits.Max, limits.MaxInclusive, limits.Description);

    public bool Contains(double value) =>
        !double.IsNaN(value) && !double.IsInfinity(value)
        && (MinInclusive ? value >= Min : value > Min)
        && (MaxInclusive ? value <= Max : value < Max);
}

/// <summary>
/// One parameter NetDsl knows: its name in files, dimension, kind, default and range. <see cref="Expressions"/>
/// is where an expression may be written (null: only numbers and, for distributions, normal()/uniform()).
/// A <see cref="ParameterKind.Choice"/> takes the names of <see cref="ChoiceSet"/> (<see cref="NamedChoices"/>).
/// </summary>
internal sealed record ParameterDef(
    string Name,
    Dimension Dimension,
    ParameterKind Kind,
    double Default,
    ValueRange Range,
    ChoiceSet? ChoiceSet = null,
    string[]? Aliases = null,
    ExpressionContext? Expressions = null,
    string[]? Words = null)
{
    /// <summary>The names a choice takes, in number order.</summary>
    public IReadOnlyList<string>? Choices => ChoiceSet?.Names;
}

/// <summary>The parameters a statement (or part of one) accepts.</summary>
internal sealed class ParameterTable
{
    public ParameterTable(string owner, params ParameterDef[] parameters)
    {
        Owner = owner;
        Parameters = parameters;
    }

    /// <summary>How messages name the owner, e.g. "Izhi2007b" or "the soma geometry".</summary>
    public string Owner { get; }

    public IReadOnlyList<ParameterDef> Parameters { get; }

    public ParameterDef? Find(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name || (p.Aliases is not null && p.Aliases.Contains(name)));

    public IEnumerable<string> Names => Parameters.Select(p => p.Name);
}

/// <summary>
/// Every parameter table of the language. The mechanisms' tables (geometry, Izhi2007b, hh, pas, Exp2Syn, ExpSyn,
/// NetStim, IClamp, VecStim) are built from <see cref="MechanismCatalog"/>, which the runtime compiles too, so a name,
/// default or range is written once; the language-only tables (targets, connections, sim, seeds, plots) are here.
/// </summary>
internal static class ParameterTables
{
    public static readonly string Izhi2007b = MechanismCatalog.Izhi2007b.Name;
    public static readonly string Hh = MechanismCatalog.Hh.Name;
    public static readonly string Exp2Syn = MechanismCatalog.Exp2Syn.Name;
    public static readonly string NetStim = MechanismCatalog.NetStim.Name;
    public static readonly string IClamp = MechanismCatalog.IClamp.Name;
    public static readonly string VecStim = MechanismCatalog.VecStim.Name;

    /// <summary>Izhikevich (2007) cell classes, in celltype order 1..7.</summary>
    public static readonly string[] CellTypeNames = MechanismCatalog.IzhikevichCellTypes;

    /// <summary>
    /// Builds a table from a catalog mechanism: names and order, defaults, dimensions (from the quantity), ranges and
    /// choices. Cell parameters (geometry, point cell, density mechanisms) are drawn per cell and accept expressions;
    /// synapse and stimulus parameters are numbers. <paramref name="hidden"/> are catalog parameters the language
    /// does not expose (Izhi2007b's alive and cellid, which NetPyNE sets itself).
    /// </summary>
    private static ParameterTable FromCatalog(MechanismInfo mechanism, IReadOnlyDictionary<string, string[]>? aliases = null,
        IReadOnlyDictionary<string, ValueRange>? ranges = null, IReadOnlyDictionary<string, ParameterKind>? kinds = null, params string[] hidden)
    {
        bool perCell = mechanism.Role is MechanismRole.Geometry or MechanismRole.PointCell or MechanismRole.Density;
        var parameters = new List<ParameterDef>();
        foreach (var info in mechanism.Parameters)
        {
            if (System.Array.IndexOf(hidden, info.Name) >= 0) continue;
            ParameterKind kind;
            if (kinds is not null && kinds.TryGetValue(info.Name, out var given)) kind = given;
            else if (info.Choices.Count > 0) kind = ParameterKind.Choice;
            else if (perCell) kind = ParameterKind.Distribution;
            else if (info.Quantity == Quantity.None && info.Min == 0 && info.Max == int.MaxValue) kind = ParameterKind.Integer;
            else kind = ParameterKind.Real;
            var range = ranges is not null && ranges.TryGetValue(info.Name, out var r) ? r : RangeOf(info);
            parameters.Add(new ParameterDef(info.Name, Units.Of(info.Quantity), kind, info.Default, range,
                info.Choices.Count > 0 ? NamedChoices.Find(info.Name) ?? throw new System.InvalidOperationException("no named choices for " + info.Name) : null,
                aliases is not null && aliases.TryGetValue(info.Name, out var a) ? a : null,
                kind == ParameterKind.Distribution ? ExpressionContext.CellParameter : null));
        }
        string owner = mechanism.Role == MechanismRole.Geometry ? mechanism.Summary : mechanism.Name;
        return new ParameterTable(owner, parameters.ToArray());
    }

    /// <summary>The catalog's range with the sentence the error message gives.</summary>
    private static ValueRange RangeOf(ParameterInfo info)
    {
        double min = info.Min, max = info.Max;
        if (double.IsNegativeInfinity(min) && double.IsPositiveInfinity(max)) return ValueRange.Any;
        if (min == 0 && double.IsPositiveInfinity(max)) return info.MinExclusive ? ValueRange.Positive : ValueRange.NonNegative;
        if (min == 0 && max == int.MaxValue && !info.MinExclusive) return ValueRange.Count;
        string low = min.ToString("R", CultureInfo.InvariantCulture), high = max.ToString("R", CultureInfo.InvariantCulture);
        string description = double.IsPositiveInfinity(max)
            ? (info.MinExclusive ? "it must be greater than " + low : "it must be " + low + " or more")
            : "it must be between " + low + " and " + high;
        return new ValueRange(min, !info.MinExclusive, max, true, description);
    }

    private static Dictionary<string, T> Map<T>(params (string Key, T Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    public static readonly ParameterTable Geometry = FromCatalog(MechanismCatalog.Geometry);

    public static readonly ParameterTable Izhikevich = FromCatalog(MechanismCatalog.Izhi2007b,
        ranges: Map(("celltype", ValueRange.CellTypeNumber)), hidden: new[] { "alive", "cellid" });

    /// <summary>Every density mechanism of the catalog (hh, pas) by name: a new one needs no change here.</summary>
    public static readonly IReadOnlyDictionary<string, ParameterTable> DensityTables =
        MechanismCatalog.OfRole(MechanismRole.Density).ToDictionary(m => m.Name, m => FromCatalog(m));


    public static readonly ParameterTable CellSettings = new("a cell",
        new ParameterDef("threshold", Dimension.Voltage, ParameterKind.Real, 10, ValueRange.Any));

    /// <summary>Every synapse model of the catalog (Exp2Syn, ExpSyn) by name.</summary>
    public static readonly IReadOnlyDictionary<string, ParameterTable> SynapseTables =
        MechanismCatalog.OfRole(MechanismRole.Synapse).ToDictionary(m => m.Name, m => FromCatalog(m));


    /// <summary>
    /// The stim source parameters NetPyNE evaluates per target cell when they are strings (network/network.py:29-46);
    /// the seed stays one number.
    /// </summary>
    private static ParameterTable PerTarget(ParameterTable table, params string[] names) =>
        new(table.Owner, table.Parameters.Select(p => System.Array.IndexOf(names, p.Name) >= 0 ? p with { Expressions = ExpressionContext.StimSource } : p).ToArray());

    public static readonly ParameterTable NetStimSource = PerTarget(FromCatalog(MechanismCatalog.NetStim,
        ranges: Map(("noise", ValueRange.Fraction))), "rate", "interval", "noise", "start", "number");

    public static readonly ParameterTable IClampSource = PerTarget(FromCatalog(MechanismCatalog.IClamp,
        aliases: Map(("del", new[] { "delay" }), ("dur", new[] { "duration" }))), "del", "dur", "amp");

    /// <summary>A spike-generator population's parameters are numbers: NetPyNE evaluates no string in a NetStim population.</summary>
    private static ParameterDef Numbers(ParameterDef parameter) => parameter with { Expressions = null };

    /// <summary>The trains of a VecStim: one shared list, one list per cell, or a file of them (read when the network is built).</summary>
    private static readonly ParameterDef[] SpikeTrains =
    {
        new("trains", Dimension.Time, ParameterKind.TrainList, 0, ValueRange.NonNegative),
        new("file", Dimension.None, ParameterKind.File, 0, ValueRange.Any),
    };

    public static readonly ParameterTable VecStimSource = new(MechanismCatalog.VecStim.Name,
        FromCatalog(MechanismCatalog.VecStim, kinds: Map(("times", ParameterKind.TimeList))).Parameters.Concat(SpikeTrains).ToArray());

    /// <summary>The three ways a VecStim gets its spike times; a VecStim takes one of them.</summary>
    public static readonly string[] TrainKeys = { "times", "trains", "file" };

    /// <summary>
    /// NEURON's netstim.mod start (ms), which NetPyNE leaves on a NetStim population (it sets only number and seed);
    /// the runtime's SpikeGeneratorModels.NetStimDefaultStart.
    /// </summary>
    public const double NetStimPopulationStart = 50;

    /// <summary><c>pop thal: NetStim x 100 rate=10Hz noise=1</c>: NetPyNE's popParams of a <c>cellModel: 'NetStim'</c> population.</summary>
    public static readonly ParameterTable NetStimPopulation = new("a NetStim population",
        NetStimSource.Parameters.Select(Numbers).Select(p => p.Name == "start" ? p with { Default = NetStimPopulationStart } : p).ToArray());

    /// <summary>
    /// <c>pop rec: VecStim x 50 file="trains.csv"</c>: the trains (times, trains, file), or NetPyNE's drawn pattern
    /// (rate or interval, noise, start, seed), and pulses.
    /// </summary>
    public static readonly ParameterTable VecStimPopulation = new("a VecStim population",
        VecStimSource.Parameters
            .Concat(NetStimSource.Parameters.Where(p => p.Name is "rate" or "interval" or "noise" or "start" or "seed").Select(Numbers))
            .Append(new ParameterDef("pulses", Dimension.Time, ParameterKind.PulseList, 0, ValueRange.NonNegative))
            .ToArray());

    /// <summary>The parameters of a spike-generator population (<c>pop X: NetStim ...</c>, <c>pop X: VecStim ...</c>), or null for cells.</summary>
    public static ParameterTable? ForGenerator(string model) =>
        model == NetStim ? NetStimPopulation : model == VecStim ? VecStimPopulation : null;

    public static readonly ParameterTable StimTarget = new("a stimulus target",
        new ParameterDef("w", Dimension.Conductance, ParameterKind.Real, 1, ValueRange.Any, Aliases: new[] { "weight" }, Expressions: ExpressionContext.StimTarget),
        new ParameterDef("d", Dimension.Time, ParameterKind.Real, 1, ValueRange.NonNegative, Aliases: new[] { "delay" }, Expressions: ExpressionContext.StimTarget),
        new ParameterDef("syn", Dimension.None, ParameterKind.Synapse, 0, ValueRange.Any));

    public static readonly ParameterTable Connection = new("a connection",
        new ParameterDef("p", Dimension.None, ParameterKind.Real, 0, ValueRange.Probability, Aliases: new[] { "probability" }, Expressions: ExpressionContext.Connection),
        new ParameterDef("conv", Dimension.None, ParameterKind.Integer, 0, ValueRange.Count, Aliases: new[] { "convergence" }, Expressions: ExpressionContext.Connection),
        new ParameterDef("div", Dimension.None, ParameterKind.Integer, 0, ValueRange.Count, Aliases: new[] { "divergence" }, Expressions: ExpressionContext.Connection),
        new ParameterDef("all", Dimension.None, ParameterKind.Flag, 0, ValueRange.Any),
        new ParameterDef("list", Dimension.None, ParameterKind.PairList, 0, ValueRange.NonNegative),
        new ParameterDef("w", Dimension.Conductance, ParameterKind.Distribution, 1, ValueRange.Any, Aliases: new[] { "weight" }, Expressions: ExpressionContext.Connection),
        new ParameterDef("d", Dimension.Time, ParameterKind.Distribution, 1, ValueRange.NonNegative, Aliases: new[] { "delay" }, Expressions: ExpressionContext.Connection),
        new ParameterDef("within", Dimension.Length, ParameterKind.Real, 0, ValueRange.Positive),
        new ParameterDef("syn", Dimension.None, ParameterKind.Synapse, 0, ValueRange.Any),
        new ParameterDef("sampling", Dimension.None, ParameterKind.Choice, NamedChoices.Sampling.Default.Number, ValueRange.Any, NamedChoices.Sampling),
        new ParameterDef("self", Dimension.None, ParameterKind.Flag, 0, ValueRange.Any),
        new ParameterDef("plast", Dimension.None, ParameterKind.Plasticity, 0, ValueRange.Any));

    /// <summary>
    /// The parameters of each plasticity mechanism of <see cref="PlasticityCatalog"/> (<c>plast=STDP(...)</c>): names
    /// case-sensitive as in the mod file, units from the catalog's quantities (tauhebb ms, wmax uS), its ranges.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, ParameterTable> PlasticityTables =
        PlasticityCatalog.Names.ToDictionary(n => n, n => new ParameterTable(n, PlasticityCatalog.ParametersOf(n)!
            // The flags (useRLexp, softthresh, STDPon, RLon: 0 to 1) are 0 or 1, as the runtime requires: whole numbers.
            .Select(info => new ParameterDef(info.Name, Units.Of(info.Quantity),
                info.Quantity == Quantity.None && info.Min == 0 && info.Max == 1 ? ParameterKind.Integer : ParameterKind.Real, info.Default, RangeOf(info)))
            .ToArray()));

    public static ParameterTable? ForPlasticity(string mechanism) =>
        PlasticityTables.TryGetValue(mechanism, out var table) ? table : null;

    /// <summary>
    /// <c>sim</c>: the settings of <see cref="SimulationCatalog"/> (shared with the runtime's <c>Sim</c>), with
    /// <c>seed</c> (all four seeds) and <c>seeds(...)</c> after <c>v_init</c>.
    /// </summary>
    public static readonly ParameterTable Simulation = new("sim", SimulationCatalog.Settings.Take(4).Select(Setting)
        .Concat(new[]
        {
            new ParameterDef("seed", Dimension.None, ParameterKind.Integer, 1, ValueRange.Count),
            new ParameterDef("seeds", Dimension.None, ParameterKind.SeedGroup, 1, ValueRange.NonNegative),
        })
        .Concat(SimulationCatalog.Settings.Skip(4).Select(Setting))
        .Append(new ParameterDef("saveDataInclude", Dimension.None, ParameterKind.WordList, 0, ValueRange.Any, Words: SavedParts.Names))
        .ToArray());

    public static readonly ParameterTable Seeds = new("seeds", SimulationCatalog.Seeds.Select(Setting).ToArray());

    /// <summary>A <c>sim</c> setting as the language checks it.</summary>
    private static ParameterDef Setting(SettingInfo setting) => new(setting.Name, Units.Of(setting.Quantity),
        setting.Kind switch
        {
            SettingKind.Integer => ParameterKind.Integer,
            SettingKind.Choice => ParameterKind.Choice,
            _ => ParameterKind.Real,
        },
        setting.Default, ValueRange.From(setting.Limits), setting.Choices);

    /// <summary>The value of a <c>param</c> statement, as the per-value checks see it.</summary>
    public static readonly ParameterDef Param = new("param", Dimension.None, ParameterKind.NamedValue, 0, ValueRange.Any);

    /// <summary>What <c>plot conn feature=</c> shows: the runtime's ConnectivityFeature members, in order.</summary>
    public static readonly string[] ConnectivityFeatures = { "strength", "weight", "probability", "count", "delay", "convergence", "divergence" };

    /// <summary>The cell tags of selector conditions and <c>plot raster orderBy=</c> (the runtime's CellTag members, in order).</summary>
    public static readonly string[] CellTags = { "x", "y", "z", "xnorm", "ynorm", "znorm" };

    public static readonly ParameterTable Plot = new("a plot",
        new ParameterDef("include", Dimension.None, ParameterKind.Include, 0, ValueRange.NonNegative),
        new ParameterDef("feature", Dimension.None, ParameterKind.Word, 0, ValueRange.Any, Words: ConnectivityFeatures),
        new ParameterDef("orderBy", Dimension.None, ParameterKind.Word, 0, ValueRange.Any, Words: CellTags));

    /// <summary>Point processes that are a whole cell model (Izhi2007b).</summary>
    public static readonly string[] PointCells = MechanismCatalog.OfRole(MechanismRole.PointCell).Select(m => m.Name).ToArray();

    /// <summary>Density mechanisms of the soma (hh, pas), by name.</summary>
    public static readonly string[] DensityMechanisms = MechanismCatalog.OfRole(MechanismRole.Density).Select(m => m.Name).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

    /// <summary>Every mechanism a cell line can name (the point cell first, as it was the only one).</summary>
    public static readonly string[] CellMechanisms = PointCells.Concat(DensityMechanisms).ToArray();

    /// <summary>Exp2Syn first: the synapse of every model before ExpSyn, and the first "did you mean" on a tie.</summary>
    public static readonly string[] SynapseKinds = new[] { Exp2Syn }
        .Concat(MechanismCatalog.OfRole(MechanismRole.Synapse).Select(m => m.Name).Where(n => n != Exp2Syn)).ToArray();
    public static readonly string[] StimKinds = { NetStim, IClamp, VecStim };
    public static readonly string[] PlotKinds = { "raster", "traces", "net2d", "spikehist", "rates", "conn" };

    /// <summary>v, the mechanisms' recordables in catalog order (u of Izhi2007b, m h n of hh), then g(&lt;synapse&gt;).</summary>
    public static readonly string[] RecordVariables = new[] { "v" }
        .Concat(CellMechanisms.SelectMany(n => MechanismCatalog.Find(n)!.Recordables))
        .Concat(new[] { "g" }).Distinct().ToArray();

    /// <summary>The cell mechanism a record variable belongs to (u: Izhi2007b, m/h/n: hh), or null (v, g).</summary>
    public static string? MechanismOfRecordable(string variable) =>
        CellMechanisms.FirstOrDefault(n => MechanismCatalog.Find(n)!.Recordables.Contains(variable));

    public static ParameterTable? ForCellMechanism(string name) =>
        name == Izhi2007b ? Izhikevich : DensityTables.TryGetValue(name, out var table) ? table : null;

    public static ParameterTable? ForSynapseKind(string kind) =>
        SynapseTables.TryGetValue(kind, out var table) ? table : null;

    public static ParameterTable? ForStimKind(string kind) =>
        kind == NetStim ? NetStimSource : kind == IClamp ? IClampSource : kind == VecStim ? VecStimSource : null;
}
