using System.Collections.Generic;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics;

/// <summary>Why a written value does not fit its parameter; each problem is reported by its own check.</summary>
internal enum ConversionProblem
{
    None,
    WrongKind,
    BadUnit,
    NotInteger,
    UnknownName,
    ListFile,
}

/// <summary>Distribution kind of a converted number (mirrors NetDsl.Definition.ValueKind).</summary>
internal enum DistributionKind
{
    Constant,
    Normal,
    Uniform,
}

/// <summary>One element of a plot's include list: a gid (Population null), a whole population (Index -1), or (population, index).</summary>
internal sealed record IncludeItem(string? Population, int Index, SourceSpan Span);

/// <summary>
/// A written value converted to NetPyNE's unit for its parameter, or the problem that prevented it.
/// <see cref="ProblemSpan"/> and <see cref="ProblemText"/> say where and what to report.
/// </summary>
internal sealed class ConvertedValue
{
    public ConversionProblem Problem { get; init; }
    public string ProblemText { get; init; } = string.Empty;
    public SourceSpan ProblemSpan { get; init; }
    /// <summary>For UnknownName: the allowed names, for a "did you mean".</summary>
    public IReadOnlyList<string> Candidates { get; init; } = new string[0];

    public DistributionKind Kind { get; init; }
    public double A { get; init; }
    public double B { get; init; }
    /// <summary>The number as written (before unit conversion), for messages.</summary>
    public string Text { get; init; } = string.Empty;
    public bool HasUnit { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<(double Value, SourceSpan Span)> Times { get; init; } = new (double, SourceSpan)[0];
    public IReadOnlyList<(double Pre, double Post, SourceSpan Span)> Pairs { get; init; } = new (double, double, SourceSpan)[0];
    public IReadOnlyList<IncludeItem> Include { get; init; } = new IncludeItem[0];

    /// <summary>normal(m, x) with x given positionally, as NetPyNE users write it thinking x is an SD.</summary>
    public bool PositionalVariance { get; init; }
    public string MeanText { get; init; } = string.Empty;
    public string VarianceText { get; init; } = string.Empty;

    public bool Ok => Problem == ConversionProblem.None;
}
