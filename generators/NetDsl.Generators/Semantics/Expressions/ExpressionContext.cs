using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Generators.Semantics.Expressions;

/// <summary>A variable an expression can read: its name in files, the runtime's <c>ExpressionVariable</c> member and its dimension.</summary>
internal sealed record ExpressionVariableInfo(string Name, string Member, Dimension Dimension);

/// <summary>
/// Where an expression is written and what it may read. This is the one place a context's variables are declared:
/// cell parameters see the cell's position, connection parameters the pair of cells (pre_x, post_ynorm, dist_3D, ...),
/// a <c>param</c> no variable at all. Every context also reads the named values (<see cref="NamedValues"/>).
/// </summary>
internal sealed class ExpressionContext
{
    private readonly Dictionary<string, string> notSupported;

    private ExpressionContext(string description, ExpressionVariableInfo[] variables, string variableList, Dictionary<string, string> notSupported,
        bool constantOnly = false)
    {
        Description = description;
        Variables = variables;
        VariableList = variableList;
        this.notSupported = notSupported;
        ConstantOnly = constantOnly;
    }

    /// <summary>A <c>param</c>: one number, so no random draws.</summary>
    public bool ConstantOnly { get; }

    /// <summary>Whether the expression is evaluated per pair (or per stimulated cell) and compiled to a PairFunction.</summary>
    public bool CompilesToPairFunction => this == Connection || this == StimTarget || this == StimSource;

    /// <summary>How messages name the context: "a cell parameter".</summary>
    public string Description { get; }

    public IReadOnlyList<ExpressionVariableInfo> Variables { get; }

    /// <summary>The variables as messages list them, with their units.</summary>
    public string VariableList { get; }

    public ExpressionVariableInfo? Find(string name) => Variables.FirstOrDefault(v => v.Name == name);

    /// <summary>
    /// For a name NetPyNE knows that NetDsl does not offer in this context: why (may be empty); null for a name
    /// NetPyNE does not know either (an unknown variable).
    /// </summary>
    public string? NotSupported(string name) => notSupported.TryGetValue(name, out var note) ? note : null;

    private const string PairNote = " (in NetPyNE it is a property of the pre- and postsynaptic cell pair of a connection)";

    private static readonly string[] CellVariableNames = { "x", "y", "z", "xnorm", "ynorm", "znorm" };

    private static readonly string[] PairVariableNames =
    {
        "pre_x", "pre_y", "pre_z", "pre_xnorm", "pre_ynorm", "pre_znorm", "post_x", "post_y", "post_z", "post_xnorm", "post_ynorm", "post_znorm",
        "dist_x", "dist_y", "dist_z", "dist_xnorm", "dist_ynorm", "dist_znorm", "dist_2D", "dist_3D", "dist_norm2D", "dist_norm3D",
    };

    /// <summary>NetPyNE's pair variables NetDsl does not compute (borders of the volume, path length along dendrites).</summary>
    private static readonly string[] UnsupportedPairNames = { "dist_2D_border", "dist_3D_border", "dist_path" };

    /// <summary>Every variable name of every context, which a param cannot take.</summary>
    public static readonly string[] AllVariableNames = CellVariableNames.Concat(PairVariableNames).Concat(UnsupportedPairNames).ToArray();

    /// <summary>Geometry, Izhi2007b, hh and pas parameters: the cell's position (x, y, z in um) and normalized position.</summary>
    public static readonly ExpressionContext CellParameter = new(
        "a cell parameter",
        new[]
        {
            new ExpressionVariableInfo("x", "X", Dimension.Length),
            new ExpressionVariableInfo("y", "Y", Dimension.Length),
            new ExpressionVariableInfo("z", "Z", Dimension.Length),
            new ExpressionVariableInfo("xnorm", "XNorm", Dimension.None),
            new ExpressionVariableInfo("ynorm", "YNorm", Dimension.None),
            new ExpressionVariableInfo("znorm", "ZNorm", Dimension.None),
        },
        "x, y, z (the cell's position, um), xnorm, ynorm, znorm (the position as a fraction of sizeX, sizeY, sizeZ)",
        PairVariableNames.Concat(new[] { "dist_2D_border", "dist_3D_border" })
            .Select(n => (n, PairNote))
            .Concat(new[] { ("dist_path", string.Empty) })
            .ToDictionary(p => p.Item1, p => p.Item2));

    /// <summary>
    /// p, conv, div, w and d of a conn rule: NetPyNE's pair variables (network/conn.py), lengths in um, the normalized
    /// ones plain numbers. x, y, z alone mean nothing for a pair.
    /// </summary>
    public static readonly ExpressionContext Connection = new(
        "a connection parameter",
        new[] { "x", "y", "z", "xnorm", "ynorm", "znorm" }
            .SelectMany(axis => new[] { ("pre_", "Pre"), ("post_", "Post"), ("dist_", "Dist") }
                .Select(p => new ExpressionVariableInfo(p.Item1 + axis, p.Item2 + Member(axis), axis.EndsWith("norm", System.StringComparison.Ordinal) ? Dimension.None : Dimension.Length)))
            .Concat(new[]
            {
                new ExpressionVariableInfo("dist_2D", "Dist2D", Dimension.Length),
                new ExpressionVariableInfo("dist_3D", "Dist3D", Dimension.Length),
                new ExpressionVariableInfo("dist_norm2D", "DistNorm2D", Dimension.None),
                new ExpressionVariableInfo("dist_norm3D", "DistNorm3D", Dimension.None),
            })
            .ToArray(),
        "pre_x, pre_y, pre_z, post_x, post_y, post_z, dist_x, dist_y, dist_z, dist_2D, dist_3D (um), pre_xnorm, pre_ynorm, pre_znorm, post_xnorm, post_ynorm, post_znorm, dist_xnorm, dist_ynorm, dist_znorm, dist_norm2D, dist_norm3D (plain numbers)",
        CellVariableNames.Select(n => (n, $" (a connection reads the position of its pre- or postsynaptic cell: pre_{n} or post_{n})"))
            .Concat(new[] { ("dist_2D_border", string.Empty), ("dist_3D_border", string.Empty), ("dist_path", string.Empty) })
            .ToDictionary(p => p.Item1, p => p.Item2));

    /// <summary>A <c>param</c>: one constant of numbers and other named values.</summary>
    public static readonly ExpressionContext Param = new(
        "a param",
        new ExpressionVariableInfo[0],
        "no variables (a param is one number, the same for every cell and connection)",
        AllVariableNames.ToDictionary(n => n, _ => " (a param is one number, the same for every cell and connection)"),
        constantOnly: true);

    /// <summary>
    /// w and d of a stimulus target: NetPyNE's stim string functions read the stimulated cell as post_x ... post_znorm
    /// (network/stim.py); there is no presynaptic cell.
    /// </summary>
    public static readonly ExpressionContext StimTarget = new(
        "a stimulus target",
        CellVariableNames.Select(n => new ExpressionVariableInfo("post_" + n, "Post" + Member(n), n.EndsWith("norm", System.StringComparison.Ordinal) ? Dimension.None : Dimension.Length)).ToArray(),
        "post_x, post_y, post_z (the stimulated cell's position, um), post_xnorm, post_ynorm, post_znorm (plain numbers)",
        PairVariableNames.Where(n => !n.StartsWith("post_", System.StringComparison.Ordinal))
            .Select(n => (n, " (a stimulus has no presynaptic cell: a stimulus target reads the stimulated cell as post_x ... post_znorm)"))
            .Concat(CellVariableNames.Select(n => (n, $" (a stimulus target reads the stimulated cell's position as post_{n})")))
            .Concat(UnsupportedPairNames.Select(n => (n, string.Empty)))
            .ToDictionary(p => p.Item1, p => p.Item2));

    /// <summary>
    /// A NetStim's rate, interval, noise, start, number and an IClamp's del, dur, amp: NetPyNE evaluates a string stim
    /// source parameter per target cell with the target's variables, post_x ... post_znorm (network/stim.py:329-380).
    /// </summary>
    public static readonly ExpressionContext StimSource = new(
        "a stimulus source",
        StimTarget.Variables.ToArray(),
        "post_x, post_y, post_z (the stimulated cell's position, um), post_xnorm, post_ynorm, post_znorm (plain numbers)",
        PairVariableNames.Where(n => !n.StartsWith("post_", System.StringComparison.Ordinal))
            .Select(n => (n, " (a stimulus has no presynaptic cell: a stimulus source reads each stimulated cell as post_x ... post_znorm)"))
            .Concat(CellVariableNames.Select(n => (n, $" (a stimulus source reads the stimulated cell's position as post_{n})")))
            .Concat(UnsupportedPairNames.Select(n => (n, string.Empty)))
            .ToDictionary(p => p.Item1, p => p.Item2));

    private static string Member(string axis) => axis switch
    {
        "xnorm" => "XNorm",
        "ynorm" => "YNorm",
        "znorm" => "ZNorm",
        _ => axis.ToUpperInvariant(),
    };
}

/// <summary>How a function treats the units of its arguments.</summary>
internal enum FunctionRule
{
    /// <summary>uniform(low, high): both of one unit, the result in it.</summary>
    Uniform,
    /// <summary>normal(mean, variance): the variance in the mean's unit squared.</summary>
    Normal,
    /// <summary>exp, log, sin, cos: a plain number in, a plain number out.</summary>
    Plain,
    /// <summary>sqrt: halves the unit's exponents (um^2 → um).</summary>
    SquareRoot,
    /// <summary>abs, min, max: arguments of one unit, the result in it.</summary>
    SameUnit,
    /// <summary>pow(base, exponent): as <c>**</c>.</summary>
    Power,
    /// <summary>negexp(mean): a draw in the mean's unit.</summary>
    NegExp,
    /// <summary>discunif(low, high): both of one unit, a whole number drawn in it.</summary>
    DiscreteUniform,
}

/// <summary>A function expressions can call: name, the runtime's <c>ExpressionFunction</c> member, parameters and unit rule.</summary>
internal sealed record ExpressionFunctionInfo(string Name, string Member, string[] Parameters, FunctionRule Rule)
{
    public bool IsRandom => Rule is FunctionRule.Uniform or FunctionRule.Normal or FunctionRule.NegExp or FunctionRule.DiscreteUniform;

    /// <summary>"uniform(low, high)".</summary>
    public string Signature => Name + "(" + string.Join(", ", Parameters) + ")";
}

/// <summary>The functions of every expression context (NetPyNE's string functions that NetDsl evaluates).</summary>
internal static class ExpressionFunctions
{
    public static readonly ExpressionFunctionInfo[] All =
    {
        new("uniform", "Uniform", new[] { "low", "high" }, FunctionRule.Uniform),
        new("normal", "Normal", new[] { "mean", "variance" }, FunctionRule.Normal),
        new("exp", "Exp", new[] { "x" }, FunctionRule.Plain),
        new("log", "Log", new[] { "x" }, FunctionRule.Plain),
        new("sqrt", "Sqrt", new[] { "x" }, FunctionRule.SquareRoot),
        new("abs", "Abs", new[] { "x" }, FunctionRule.SameUnit),
        new("sin", "Sin", new[] { "x" }, FunctionRule.Plain),
        new("cos", "Cos", new[] { "x" }, FunctionRule.Plain),
        new("min", "Min", new[] { "a", "b" }, FunctionRule.SameUnit),
        new("max", "Max", new[] { "a", "b" }, FunctionRule.SameUnit),
        new("log10", "Log10", new[] { "x" }, FunctionRule.Plain),
        new("tan", "Tan", new[] { "x" }, FunctionRule.Plain),
        new("pow", "Pow", new[] { "base", "exponent" }, FunctionRule.Power),
        new("negexp", "NegExp", new[] { "mean" }, FunctionRule.NegExp),
        new("discunif", "DiscUnif", new[] { "low", "high" }, FunctionRule.DiscreteUniform),
    };

    public static readonly string List = string.Join(", ", All.Select(f => f.Name));

    public static ExpressionFunctionInfo? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>NEURON Random distributions NetPyNE's string functions offer and NetDsl does not draw yet.</summary>
    private static readonly string[] NotSupportedDistributions =
        { "lognormal", "poisson", "binomial", "erlang", "geometric", "hypergeo", "weibull" };

    public static string? NotSupported(string name) =>
        NotSupportedDistributions.Contains(name) ? $" (a NEURON Random distribution: NetDsl does not draw {name} yet)" : null;
}
