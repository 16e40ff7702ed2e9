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
    /// <summary>global::NetDsl.Definition.ValueSpec (a constant or a per-cell/per-connection distribution).</summary>
    Distribution,
}

/// <summary>
/// One editable value: <see cref="Name"/> as in the file (also the C# property name), its path for
/// IModelParameters, its type, value (A, B: constant, normal mean/variance or uniform low/high) and range.
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
    string RangeText);

/// <summary>Cells selected by a rule (mirrors NetDsl.Definition.CellSelector); Items is set for plot include lists.</summary>
internal sealed record SelectorSpec(string Kind, EquatableArray<string> Names, EquatableArray<IncludeSpec> Items);

/// <summary>A plot include item: gid (Population null), whole population (Index -1), or (population, index).</summary>
internal sealed record IncludeSpec(string? Population, int Index);

internal sealed record CellSpec(
    string Name,
    string Member,
    string Origin,
    EquatableArray<ParameterSpec> Geometry,
    string Mechanism,
    EquatableArray<ParameterSpec> Parameters,
    ParameterSpec Threshold);

internal sealed record PopulationSpec(string Name, string Member, string Origin, string CellType, ParameterSpec Count);

internal sealed record SynapseSpec(string Name, string Member, string Origin, EquatableArray<ParameterSpec> Parameters);

internal sealed record StimSourceSpec(
    string Name,
    string Member,
    string Origin,
    string Kind,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<double> Times);

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
    bool AllowSelfConnections);

internal sealed record SimulationSpec(string? Origin, EquatableArray<ParameterSpec> Settings, EquatableArray<ParameterSpec> Seeds);

internal sealed record RecordSpec(string Name, string Origin, string Variable, string? Synapse, SelectorSpec? Cells);

internal sealed record PlotSpec(string Kind, string Origin, SelectorSpec? Include);

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
    public string HintName => (Namespace.Length == 0 ? string.Empty : Namespace + ".") + ClassName + ".g.cs";
}
