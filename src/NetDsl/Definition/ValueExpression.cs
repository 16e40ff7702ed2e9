using System.Globalization;
using System.Text;

namespace NetDsl.Definition;

/// <summary>
/// A variable an expression can read, with NetPyNE's meaning (network/conn.py:215-259). Cell parameters see the cell's
/// position (x, y, z in µm) and its normalized position; connection parameters see the pair's cells (pre_/post_) and
/// their distances (µm, or normalized for the *norm ones).
/// </summary>
public enum ExpressionVariable
{
    X,
    Y,
    Z,
    XNorm,
    YNorm,
    ZNorm,
    PreX,
    PreY,
    PreZ,
    PreXNorm,
    PreYNorm,
    PreZNorm,
    PostX,
    PostY,
    PostZ,
    PostXNorm,
    PostYNorm,
    PostZNorm,
    /// <summary>|pre x − post x| in µm; likewise <see cref="DistY"/>, <see cref="DistZ"/>.</summary>
    DistX,
    DistY,
    DistZ,
    /// <summary>|pre xnorm − post xnorm|; likewise <see cref="DistYNorm"/>, <see cref="DistZNorm"/>.</summary>
    DistXNorm,
    DistYNorm,
    DistZNorm,
    /// <summary>√(Δx² + Δz²) in µm: the distance in the horizontal plane (y is depth).</summary>
    Dist2D,
    /// <summary>√(Δx² + Δy² + Δz²) in µm.</summary>
    Dist3D,
    /// <summary>
    /// NetPyNE 1.1.0's <c>dist_norm2D</c>: √(Δxnorm² + √(pre znorm − post znorm)), a signed difference under the inner
    /// root (conn.py:246-253), NaN when pre znorm &lt; post znorm. Kept as NetPyNE computes it; a NaN stops the build.
    /// </summary>
    DistNorm2D,
    /// <summary>NetPyNE 1.1.0's <c>dist_norm3D</c>: √(Δxnorm² + √(pre ynorm − post ynorm) + √(pre znorm − post znorm)).</summary>
    DistNorm3D,
}

/// <summary>Arithmetic of an expression, with Python's meaning (NetPyNE evaluates its string functions in Python).</summary>
public enum ExpressionOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}

/// <summary>
/// Functions an expression can call. The random ones draw from the stream of what is being evaluated (a cell's
/// cellParams stream) in evaluation order, with NEURON's Random methods: <c>normal(mean, variance)</c>.
/// </summary>
public enum ExpressionFunction
{
    Uniform,
    Normal,
    Exp,
    Log,
    Sqrt,
    Abs,
    Sin,
    Cos,
    Min,
    Max,
    /// <summary>Base-10 logarithm (numpy's log10).</summary>
    Log10,
    Tan,
    /// <summary>pow(base, exponent), as <c>**</c>.</summary>
    Pow,
    /// <summary>NEURON's Random.negexp(mean).</summary>
    NegExp,
    /// <summary>NEURON's Random.discunif(low, high): an integer in [low, high].</summary>
    DiscUnif,
}

/// <summary>
/// A value computed per cell, as a NetPyNE string function such as <c>'19 + uniform(-0.5, 0.5)'</c> or
/// <c>'0.12 + 0.001*ynorm'</c>: numbers in the parameter's NetPyNE unit, variables, operators and functions.
/// Evaluated left to right, so random draws come in the order NetPyNE makes them.
/// </summary>
public abstract record ValueExpression
{
    public static ValueExpression Number(double value) => new NumberExpression(value);
    /// <summary>A named value (a <c>param</c>, or NetPyNE's sizeX, propVelocity, ...): written by name, evaluated as <paramref name="value"/>.</summary>
    public static ValueExpression Named(string name, double value) => new NamedValueExpression(name, value);
    public static ValueExpression Of(ExpressionVariable variable) => new VariableExpression(variable);
    public static ValueExpression Negate(ValueExpression operand) => new NegateExpression(operand);
    public static ValueExpression Binary(ExpressionOperator op, ValueExpression left, ValueExpression right) => new BinaryExpression(op, left, right);
    public static ValueExpression Call(ExpressionFunction function, params ValueExpression[] arguments) => new CallExpression(function, arguments);

    /// <summary>Whether evaluating it draws random numbers.</summary>
    public abstract bool IsRandom { get; }

    /// <summary>The NetPyNE string function for it (what NetPyNE's saved data keeps).</summary>
    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Write(text, 0);
        return text.ToString();
    }

    internal abstract void Write(StringBuilder text, int parentPrecedence);

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The variable's NetPyNE name: <c>x</c>, <c>pre_ynorm</c>, <c>dist_3D</c>, ...</summary>
    public static string Name(ExpressionVariable variable) => variable switch
    {
        ExpressionVariable.X => "x",
        ExpressionVariable.Y => "y",
        ExpressionVariable.Z => "z",
        ExpressionVariable.XNorm => "xnorm",
        ExpressionVariable.YNorm => "ynorm",
        ExpressionVariable.ZNorm => "znorm",
        ExpressionVariable.Dist2D => "dist_2D",
        ExpressionVariable.Dist3D => "dist_3D",
        ExpressionVariable.DistNorm2D => "dist_norm2D",
        ExpressionVariable.DistNorm3D => "dist_norm3D",
        _ => PairName(variable),
    };

    private static string PairName(ExpressionVariable variable)
    {
        string name = variable.ToString();
        string prefix = name.StartsWith("Pre", StringComparison.Ordinal) ? "pre_" : name.StartsWith("Post", StringComparison.Ordinal) ? "post_" : "dist_";
        string axis = name.Substring(prefix == "pre_" ? 3 : 4);
        return prefix + axis.ToLowerInvariant();
    }

    /// <summary>Whether the variable belongs to a cell pair (a connection) rather than to one cell.</summary>
    public static bool IsPairVariable(ExpressionVariable variable) => variable > ExpressionVariable.ZNorm;

    internal static string Name(ExpressionFunction function) => function.ToString().ToLowerInvariant();

    /// <summary>Whether the function draws from the stream (NEURON Random methods).</summary>
    public static bool DrawsRandom(ExpressionFunction function) =>
        function is ExpressionFunction.Uniform or ExpressionFunction.Normal or ExpressionFunction.NegExp or ExpressionFunction.DiscUnif;

    /// <summary>Whether any variable of the expression belongs to a cell pair.</summary>
    public abstract bool ReadsPair { get; }
}

public sealed record NumberExpression(double Value) : ValueExpression
{
    public override bool IsRandom => false;
    public override bool ReadsPair => false;

    // A negative base of ** needs parentheses: Python reads -2**2 as -(2**2).
    internal override void Write(StringBuilder text, int parentPrecedence) =>
        text.Append(Value < 0 && parentPrecedence > 4 ? "(" + Format(Value) + ")" : Format(Value));
}

/// <summary>A named value such as <c>probLengthConst</c>: NetPyNE's string keeps the name, evaluation uses <paramref name="Value"/>.</summary>
public sealed record NamedValueExpression(string ValueName, double Value) : ValueExpression
{
    public override bool IsRandom => false;
    public override bool ReadsPair => false;
    internal override void Write(StringBuilder text, int parentPrecedence) => text.Append(ValueName);
}

public sealed record VariableExpression(ExpressionVariable Variable) : ValueExpression
{
    public override bool IsRandom => false;
    public override bool ReadsPair => IsPairVariable(Variable);
    internal override void Write(StringBuilder text, int parentPrecedence) => text.Append(Name(Variable));
}

public sealed record NegateExpression(ValueExpression Operand) : ValueExpression
{
    public override bool IsRandom => Operand.IsRandom;
    public override bool ReadsPair => Operand.ReadsPair;

    internal override void Write(StringBuilder text, int parentPrecedence)
    {
        // Unary minus binds more loosely than ** on its left: (-x)**2, not -x**2.
        bool parenthesize = parentPrecedence > 4;
        if (parenthesize) text.Append('(');
        text.Append('-');
        Operand.Write(text, 3);
        if (parenthesize) text.Append(')');
    }
}

public sealed record BinaryExpression(ExpressionOperator Operator, ValueExpression Left, ValueExpression Right) : ValueExpression
{
    public override bool IsRandom => Left.IsRandom || Right.IsRandom;
    public override bool ReadsPair => Left.ReadsPair || Right.ReadsPair;

    internal override void Write(StringBuilder text, int parentPrecedence)
    {
        int precedence = Operator switch
        {
            ExpressionOperator.Add or ExpressionOperator.Subtract => 1,
            ExpressionOperator.Multiply or ExpressionOperator.Divide => 2,
            _ => 4,
        };
        bool parenthesize = precedence < parentPrecedence;
        if (parenthesize) text.Append('(');
        Left.Write(text, Operator == ExpressionOperator.Power ? precedence + 1 : precedence);
        text.Append(Operator switch
        {
            ExpressionOperator.Add => " + ",
            ExpressionOperator.Subtract => " - ",
            ExpressionOperator.Multiply => "*",
            ExpressionOperator.Divide => "/",
            _ => "**",
        });
        // Left-associative: a right operand of the same precedence needs parentheses (a - (b - c)).
        Right.Write(text, Operator == ExpressionOperator.Power ? precedence : precedence + 1);
        if (parenthesize) text.Append(')');
    }
}

public sealed record CallExpression(ExpressionFunction Function, IReadOnlyList<ValueExpression> Arguments) : ValueExpression
{
    public override bool IsRandom
    {
        get
        {
            if (DrawsRandom(Function)) return true;
            foreach (var argument in Arguments)
            {
                if (argument.IsRandom) return true;
            }
            return false;
        }
    }

    public override bool ReadsPair
    {
        get
        {
            foreach (var argument in Arguments)
            {
                if (argument.ReadsPair) return true;
            }
            return false;
        }
    }

    internal override void Write(StringBuilder text, int parentPrecedence)
    {
        text.Append(Name(Function)).Append('(');
        for (int i = 0; i < Arguments.Count; i++)
        {
            if (i > 0) text.Append(", ");
            Arguments[i].Write(text, 0);
        }
        text.Append(')');
    }

    public bool Equals(CallExpression? other) =>
        other is not null && Function == other.Function && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Function);
        foreach (var argument in Arguments) hash.Add(argument);
        return hash.ToHashCode();
    }
}
