using NetDsl.Generators.Helpers;

namespace NetDsl.Generators.Model;

// The location-free description of one .netdsl file that code generation works from. Everything is a value:
// two parses of equivalent text give equal specs, so the pipeline skips regeneration. There are no positions:
// Origin strings (file: statement) hold what the generated comments quote.

/// <summary>How a parameter is typed in generated code.</summary>
internal enum ParameterType
{
    /// <summary>double</summary>
    Real,
    /// <summary>int</summary>
    Integer,
    /// <summary>global::NetDsl.Definition.ValueSpec (a constant, a per-cell/per-connection distribution or a per-cell expression).</summary>
    Distribution,
}

/// <summary>A node of an expression (mirrors NetDsl.Definition.ValueExpression).</summary>
internal enum ExpressionKind
{
    Number,
    /// <summary>A param or built-in: <see cref="ExpressionSpec.Name"/> is its name, <see cref="ExpressionSpec.Value"/> its value.</summary>
    Named,
    Variable,
    Negate,
    Binary,
    Call,
}

/// <summary>
/// An expression (NetPyNE's string function) with every number already in NetPyNE's unit for it. <see cref="Name"/>
/// is the runtime's enum member: ExpressionVariable for a variable, ExpressionOperator for a binary node,
/// ExpressionFunction for a call. A tree of values, so equal text gives equal specs and the pipeline caches.
/// </summary>
internal sealed record ExpressionSpec(ExpressionKind Kind, double Value, string Name, EquatableArray<ExpressionSpec> Operands)
{
    public static ExpressionSpec Number(double value) => new(ExpressionKind.Number, value, string.Empty, EquatableArray<ExpressionSpec>.Empty);

    public static ExpressionSpec Named(string name, double value) => new(ExpressionKind.Named, value, name, EquatableArray<ExpressionSpec>.Empty);

    public static ExpressionSpec Variable(string member) => new(ExpressionKind.Variable, 0, member, EquatableArray<ExpressionSpec>.Empty);

    public static ExpressionSpec Negate(ExpressionSpec operand) => new(ExpressionKind.Negate, 0, string.Empty, new[] { operand }.ToEquatableArray());

    public static ExpressionSpec Binary(string @operator, ExpressionSpec left, ExpressionSpec right) =>
        new(ExpressionKind.Binary, 0, @operator, new[] { left, right }.ToEquatableArray());

    public static ExpressionSpec Call(string function, params ExpressionSpec[] arguments) =>
        new(ExpressionKind.Call, 0, function, arguments.ToEquatableArray());
}

/// <summary>
/// One editable value: <see cref="Name"/> as in the file (also the C# property name), its path for
/// IModelParameters, its type, value (<see cref="Distribution"/> 0 constant A, 1 normal mean A / variance B,
/// 2 uniform low A / high B, 3 <see cref="Expression"/>) and range. <see cref="Choice"/> names the set of
/// NamedChoices (its CatalogName, e.g. CellType) whose names the value also takes; A is then the choice's number.
/// </summary>
internal sealed record ParameterSpec(
    string Name,
    string Path,
    ParameterType Type,
    int Distribution,
    double A,
    double B,
    double Min,
    bool MinInclusive,
    double Max,
    bool MaxInclusive,
    string RangeText,
    ExpressionSpec? Expression = null,
    string? Choice = null)
{
    /// <summary>A connection expression: emitted with the code compiled from it (a PairFunction) as well as its tree.</summary>
    public bool Pair { get; init; }
}

/// <summary>Cells selected by a rule (mirrors NetDsl.Definition.CellSelector); Items is set for plot include lists.</summary>
internal sealed record SelectorSpec(string Kind, EquatableArray<string> Names, EquatableArray<IncludeSpec> Items)
{
    /// <summary>Tag conditions (NetPyNE's x, y, z, xnorm, ynorm, znorm conds), all of which must hold.</summary>
    public EquatableArray<ConditionSpec> Conditions { get; init; } = EquatableArray<ConditionSpec>.Empty;
}

/// <summary><c>y=[100um, 1000um]</c>: the runtime's CellTag member and the half-open range (um or a fraction).</summary>
internal sealed record ConditionSpec(string Tag, double Min, double Max);

/// <summary>A <c>param</c>: its name, value in NetPyNE's unit for it, that unit ("um", "um/ms", "" for none) and the statement.</summary>
internal sealed record ParamSpec(string Name, string Member, double Value, string Unit, string Origin);

/// <summary>A plot include item: gid (Population null), whole population (Index -1), or (population, index).</summary>
internal sealed record IncludeSpec(string? Population, int Index);

/// <summary>A density mechanism of a cell's soma (hh, pas) with its parameters: written ones in file order, then defaults.</summary>
internal sealed record MechanismSpec(string Name, EquatableArray<ParameterSpec> Parameters);

/// <summary>
/// A cell type: geometry, then either the point process <see cref="Mechanism"/> (Izhi2007b) with its
/// <see cref="Parameters"/>, or (Mechanism empty) the density mechanisms <see cref="Mechs"/> in file order.
/// </summary>
internal sealed record CellSpec(
    string Name,
    string Member,
    string Origin,
    EquatableArray<ParameterSpec> Geometry,
    string Mechanism,
    EquatableArray<ParameterSpec> Parameters,
    ParameterSpec Threshold,
    EquatableArray<MechanismSpec> Mechs);

/// <summary>A population; <see cref="Count"/> (the typed parameter n) is null when density, gridSpacing or cellsList sizes it.</summary>
internal sealed record PopulationSpec(string Name, string Member, string Origin, string CellType, ParameterSpec? Count)
{
    /// <summary>Placement keys in file order (µm, cells/mm³ or fractions), e.g. ynormRange [0.1, 0.4].</summary>
    public EquatableArray<PlacementSpec> Placement { get; init; } = EquatableArray<PlacementSpec>.Empty;

    /// <summary>
    /// The spike generator every cell is (<c>pop thal: NetStim x 100 rate=10Hz</c>; its Kind NetStim or VecStim and its
    /// parameters under <c>pop.&lt;name&gt;</c>), or null for a population of cells.
    /// </summary>
    public StimSourceSpec? Generator { get; init; }
}

/// <summary>One placement key of a population and its numbers (a range: min, max; cellsList: x, y, z per cell).</summary>
internal sealed record PlacementSpec(string Key, EquatableArray<double> Values);

/// <summary>A synapse kind: <see cref="Kind"/> Exp2Syn (tau1, tau2, e) or ExpSyn (tau, e).</summary>
internal sealed record SynapseSpec(string Name, string Member, string Origin, string Kind, EquatableArray<ParameterSpec> Parameters);

internal sealed record StimSourceSpec(
    string Name,
    string Member,
    string Origin,
    string Kind,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<double> Times)
{
    /// <summary>VecStim <c>trains=[[...], ...]</c>: one train per target cell (ms); empty when not written.</summary>
    public EquatableArray<EquatableArray<double>> Trains { get; init; } = EquatableArray<EquatableArray<double>>.Empty;

    /// <summary>Whether <see cref="Trains"/> was written (an empty list of trains is a train list too).</summary>
    public bool HasTrains { get; init; }

    /// <summary>VecStim <c>file="..."</c>, resolved against the .netdsl file's folder: the absolute path the runtime reads.</summary>
    public string? File { get; init; }

    /// <summary>VecStim population <c>pulses=[pulse(...), ...]</c> (NetPyNE's pulses).</summary>
    public EquatableArray<PulseSpec> Pulses { get; init; } = EquatableArray<PulseSpec>.Empty;
}

/// <summary>One of NetPyNE's VecStim pulses: start and end (ms), rate (Hz) or interval (ms), noise.</summary>
internal sealed record PulseSpec(double Start, double End, double? Rate, double? Interval, double Noise);

internal sealed record StimTargetSpec(
    string Label,
    string Member,
    string Origin,
    string Source,
    string SourceKind,
    SelectorSpec Target,
    EquatableArray<ParameterSpec> Parameters,
    string? Synapse);

internal sealed record PairSpec(int Pre, int Post);

internal sealed record ConnectionSpec(
    string Label,
    string Member,
    string Origin,
    SelectorSpec Pre,
    SelectorSpec Post,
    string Rule,
    EquatableArray<ParameterSpec> Parameters,
    string Synapse,
    EquatableArray<PairSpec> Pairs,
    bool AllowSelfConnections,
    PlasticitySpec? Plasticity = null);

/// <summary>One parameter of a plasticity mechanism as written, in the mechanism's unit (tauhebb ms, wmax uS).</summary>
internal sealed record PlasticParameterSpec(string Name, double Value);

/// <summary><c>plast=STDP(hebbwt=0.01, ...)</c>: the mechanism and its written parameters in file order (the others keep the catalog's defaults).</summary>
internal sealed record PlasticitySpec(string Mechanism, EquatableArray<PlasticParameterSpec> Parameters);

internal sealed record SimulationSpec(string? Origin, EquatableArray<ParameterSpec> Settings, EquatableArray<ParameterSpec> Seeds)
{
    /// <summary>The <c>record w ... every</c> statement that set the weight record step, or null when <c>sim</c> did (or nothing).</summary>
    public string? WeightRecordOrigin { get; init; }

    /// <summary>The plastic rules <c>record w of conn ...</c> names, by label, in file order; empty: every plastic rule.</summary>
    public EquatableArray<string> WeightRecordRules { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The first <c>record w of conn ...</c> statement, for the comment above the rules.</summary>
    public string? WeightRulesOrigin { get; init; }

    /// <summary><c>sim saveDataInclude=[...]</c>: the parts of the data JSON by name (SavedParts), or <c>all</c>; empty: the default.</summary>
    public EquatableArray<string> SaveDataInclude { get; init; } = EquatableArray<string>.Empty;
}

internal sealed record RecordSpec(string Name, string Origin, string Variable, string? Synapse, SelectorSpec? Cells);

internal sealed record PlotSpec(string Kind, string Origin, SelectorSpec? Include)
{
    /// <summary>plot raster orderBy=: the CellTag member, or null for gid order.</summary>
    public string? OrderBy { get; init; }

    /// <summary>plot conn feature=: the ConnectivityFeature member, or null for NetPyNE's default (strength).</summary>
    public string? Feature { get; init; }
}

/// <summary>Everything generated from one file.</summary>
internal sealed record NetworkSpec(
    string Namespace,
    string ClassName,
    string FileName,
    EquatableArray<CellSpec> Cells,
    EquatableArray<PopulationSpec> Populations,
    EquatableArray<SynapseSpec> Synapses,
    EquatableArray<StimSourceSpec> StimSources,
    EquatableArray<StimTargetSpec> StimTargets,
    EquatableArray<ConnectionSpec> Connections,
    SimulationSpec Simulation,
    EquatableArray<RecordSpec> Records,
    EquatableArray<PlotSpec> Plots)
{
    /// <summary>The file's params in file order (the model's constants).</summary>
    public EquatableArray<ParamSpec> Params { get; init; } = EquatableArray<ParamSpec>.Empty;

    public string HintName => (Namespace.Length == 0 ? string.Empty : Namespace + ".") + ClassName + ".g.cs";
}
