using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Generators.Semantics.Expressions;

/// <summary>A variable an expression can read: its name in files, the runtime's <c>ExpressionVariable</c> member and its dimension.</summary>
internal sealed record ExpressionVariableInfo(string Name, string Member, Dimension Dimension);

/// <summary>
/// Where an expression is written and what it may read. This is the one place a context's variables are declared:
/// cell parameters see the cell's position now; connection parameters (pre_x, post_ynorm, dist_3D, ...) are a
/// context to add here, with the pair variables moved from <see cref="NotSupported"/> to <see cref="Variables"/>.
/// </summary>
internal sealed class ExpressionContext
{
    private readonly Dictionary<string, string> notSupported;

    private ExpressionContext(string description, ExpressionVariableInfo[] variables, string variableList, Dictionary<string, string> notSupported)
    {
        Description = description;
        Variables = variables;
        VariableList = variableList;
        this.notSupported = notSupported;
    }

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
        new[] { "pre_x", "pre_y", "pre_z", "pre_xnorm", "pre_ynorm", "pre_znorm", "post_x", "post_y", "post_z", "post_xnorm", "post_ynorm", "post_znorm",
                "dist_x", "dist_y", "dist_z", "dist_xnorm", "dist_ynorm", "dist_znorm", "dist_2D", "dist_3D", "dist_norm2D", "dist_norm3D",
                "dist_2D_border", "dist_3D_border" }
            .Select(n => (n, PairNote))
            .Concat(new[] { ("dist_path", string.Empty) })
            .ToDictionary(p => p.Item1, p => p.Item2));
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
}

/// <summary>A function expressions can call: name, the runtime's <c>ExpressionFunction</c> member, parameters and unit rule.</summary>
internal sealed record ExpressionFunctionInfo(string Name, string Member, string[] Parameters, FunctionRule Rule)
{
    public bool IsRandom => Rule is FunctionRule.Uniform or FunctionRule.Normal;

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
    };

    public static readonly string List = string.Join(", ", All.Select(f => f.Name));

    public static ExpressionFunctionInfo? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>NEURON Random distributions NetPyNE's string functions offer and NetDsl does not draw yet.</summary>
    private static readonly string[] NotSupportedDistributions =
        { "lognormal", "negexp", "poisson", "binomial", "discunif", "erlang", "geometric", "hypergeo", "weibull" };

    public static string? NotSupported(string name) =>
        NotSupportedDistributions.Contains(name) ? " (a NEURON Random distribution NetDsl does not draw yet)" : null;
}
