using System.Collections.Generic;
using NetDsl.Generators.Model;
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
    /// <summary>A value out of range found inside an expression (uniform's low above high); <see cref="ConvertedValue.ProblemDetail"/> says why.</summary>
    OutOfRange,
    /// <summary>NDSL0212: units that do not fit together in an expression, or its result's unit.</summary>
    ExpressionUnit,
    /// <summary>NDSL0116: a variable or function NetDsl does not know.</summary>
    UnknownIdentifier,
    /// <summary>NDSL0117: a NetPyNE variable or function NetDsl does not support in this context.</summary>
    NotSupported,
    /// <summary>NDSL0213: a function called with the wrong arguments.</summary>
    BadCall,
}

/// <summary>Distribution kind of a converted number (mirrors NetDsl.Definition.ValueKind).</summary>
internal enum DistributionKind
{
    Constant,
    Normal,
    Uniform,
    /// <summary>An expression (<see cref="ConvertedValue.Expression"/>), evaluated per cell.</summary>
    Expression,
}

/// <summary>normal(m, x) inside an expression with x given positionally: where, as written, and the SD x implies.</summary>
internal sealed record PositionalNormal(SourceSpan Span, string MeanText, string VarianceText, double Variance);

/// <summary>One of NetPyNE's VecStim pulses: <c>pulse(start=400ms, end=500ms, rate=50Hz, noise=0)</c>, in ms, Hz and a fraction.</summary>
internal sealed record PulseValue(double Start, double End, double? Rate, double? Interval, double Noise);

/// <summary>One element of a plot's include list: a gid (Population null), a whole population (Index -1), or (population, index).</summary>
/// <remarks><see cref="Text"/>: the index or gid as written; <see cref="IndexSpan"/>: where the index of a pair is.</remarks>
internal sealed record IncludeItem(string? Population, int Index, SourceSpan Span, string? Text = null, SourceSpan IndexSpan = default)
{
    /// <summary>Tag conditions of a population written <c>E2(ynorm=[0.5, 1.0])</c>; null for none.</summary>
    public IReadOnlyList<Argument>? Conditions { get; init; }

    /// <summary>A (population, index) pair whose index is below 0 (an error; -1 alone means the whole population).</summary>
    public const int NegativeIndex = int.MinValue;
}

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
    /// <summary>The rest of the message: the range for OutOfRange; for UnknownIdentifier and NotSupported the parts of theirs.</summary>
    public IReadOnlyList<string> ProblemDetail { get; init; } = new string[0];

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
    /// <summary>For a train list: one list of times (ms) per cell; <see cref="Times"/> holds them all, for the range check.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Trains { get; init; } = new IReadOnlyList<double>[0];
    /// <summary>For a pulse list: NetPyNE's VecStim pulses, in ms, Hz and a fraction.</summary>
    public IReadOnlyList<PulseValue> Pulses { get; init; } = new PulseValue[0];

    /// <summary>normal(m, x) with x given positionally, as NetPyNE users write it thinking x is an SD.</summary>
    public bool PositionalVariance { get; init; }
    public string MeanText { get; init; } = string.Empty;
    public string VarianceText { get; init; } = string.Empty;

    /// <summary>For <see cref="DistributionKind.Expression"/>: the tree, numbers in NetPyNE units.</summary>
    public ExpressionSpec? Expression { get; init; }
    /// <summary>For an expression that draws nothing and reads no variable: its value (also in <see cref="A"/>).</summary>
    public bool IsConstantExpression { get; init; }
    /// <summary>normal() calls inside an expression whose variance is given positionally (warning NDSL0205).</summary>
    public IReadOnlyList<PositionalNormal> PositionalNormals { get; init; } = new PositionalNormal[0];
    /// <summary>dist_norm2D / dist_norm3D read by an expression (warning NDSL0215: NetPyNE's formula gives NaN for half the pairs).</summary>
    public IReadOnlyList<(SourceSpan Span, string Name)> NormDistances { get; init; } = new (SourceSpan, string)[0];

    public bool Ok => Problem == ConversionProblem.None;
}
