using System.Globalization;
using System.Text;

namespace NetDsl.Definition;

/// <summary>A variable an expression can read. Cell parameters see the cell's position and its normalized position.</summary>
public enum ExpressionVariable
{
    X,
    Y,
    Z,
    XNorm,
    YNorm,
    ZNorm,
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
}

/// <summary>
/// A value computed per cell, as a NetPyNE string function such as <c>'19 + uniform(-0.5, 0.5)'</c> or
/// <c>'0.12 + 0.001*ynorm'</c>: numbers in the parameter's NetPyNE unit, variables, operators and functions.
/// Evaluated left to right, so random draws come in the order NetPyNE makes them.
/// </summary>
public abstract record ValueExpression
{
    public static ValueExpression Number(double value) => new NumberExpression(value);
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

    internal static string Name(ExpressionVariable variable) => variable switch
    {
        ExpressionVariable.X => "x",
        ExpressionVariable.Y => "y",
        ExpressionVariable.Z => "z",
        ExpressionVariable.XNorm => "xnorm",
        ExpressionVariable.YNorm => "ynorm",
        _ => "znorm",
    };

    internal static string Name(ExpressionFunction function) => function.ToString().ToLowerInvariant();
}

public sealed record NumberExpression(double Value) : ValueExpression
{
    public override bool IsRandom => false;

    // A negative base of ** needs parentheses: Python reads -2**2 as -(2**2).
    internal override void Write(StringBuilder text, int parentPrecedence) =>
        text.Append(Value < 0 && parentPrecedence > 4 ? "(" + Format(Value) + ")" : Format(Value));
}

public sealed record VariableExpression(ExpressionVariable Variable) : ValueExpression
{
    public override bool IsRandom => false;
    internal override void Write(StringBuilder text, int parentPrecedence) => text.Append(Name(Variable));
}

public sealed record NegateExpression(ValueExpression Operand) : ValueExpression
{
    public override bool IsRandom => Operand.IsRandom;

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
    public override bool IsRandom =>
        Function is ExpressionFunction.Uniform or ExpressionFunction.Normal || Arguments.Any(a => a.IsRandom);

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
