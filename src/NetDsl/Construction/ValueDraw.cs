using NetDsl.Definition;
using NetDsl.Random;

namespace NetDsl.Construction;

/// <summary>The tags of the cell a parameter is evaluated for (NetPyNE's x, y, z, xnorm, ynorm, znorm).</summary>
internal readonly record struct CellTags(double X, double Y, double Z, double XNorm, double YNorm, double ZNorm)
{
    public double this[ExpressionVariable variable] => variable switch
    {
        ExpressionVariable.X => X,
        ExpressionVariable.Y => Y,
        ExpressionVariable.Z => Z,
        ExpressionVariable.XNorm => XNorm,
        ExpressionVariable.YNorm => YNorm,
        _ => ZNorm,
    };
}

/// <summary>Evaluates a <see cref="ValueSpec"/> as NetPyNE evaluates a string function with <c>rand</c>.</summary>
internal static class ValueDraw
{
    public static double Draw(ValueSpec spec, ref Random123Stream stream) => Draw(spec, ref stream, default);

    public static double Draw(ValueSpec spec, ref Random123Stream stream, in CellTags tags) => spec.Kind switch
    {
        ValueKind.Constant => spec.A,
        ValueKind.Normal => stream.Normal(spec.A, spec.B),
        ValueKind.Uniform => stream.Uniform(spec.A, spec.B),
        _ => Evaluate(spec.Expression ?? throw new InvalidOperationException("An expression value has no expression."), ref stream, tags),
    };

    /// <summary>
    /// Python's evaluation of the string function: operands left to right (so draws come in NetPyNE's order),
    /// IEEE double arithmetic, each random call a fresh NEURON Random distribution on the cell's stream.
    /// </summary>
    public static double Evaluate(ValueExpression expression, ref Random123Stream stream, in CellTags tags)
    {
        switch (expression)
        {
            case NumberExpression number:
                return number.Value;
            case VariableExpression variable:
                return tags[variable.Variable];
            case NegateExpression negate:
                return -Evaluate(negate.Operand, ref stream, tags);
            case BinaryExpression binary:
                {
                    double left = Evaluate(binary.Left, ref stream, tags);
                    double right = Evaluate(binary.Right, ref stream, tags);
                    return binary.Operator switch
                    {
                        ExpressionOperator.Add => left + right,
                        ExpressionOperator.Subtract => left - right,
                        ExpressionOperator.Multiply => left * right,
                        ExpressionOperator.Divide => left / right,
                        _ => Math.Pow(left, right),
                    };
                }
            case CallExpression call:
                {
                    var args = call.Arguments;
                    double a = args.Count > 0 ? Evaluate(args[0], ref stream, tags) : 0;
                    double b = args.Count > 1 ? Evaluate(args[1], ref stream, tags) : 0;
                    return call.Function switch
                    {
                        ExpressionFunction.Uniform => stream.Uniform(a, b),
                        ExpressionFunction.Normal => stream.Normal(a, b),
                        ExpressionFunction.Exp => Math.Exp(a),
                        ExpressionFunction.Log => Math.Log(a),
                        ExpressionFunction.Sqrt => Math.Sqrt(a),
                        ExpressionFunction.Abs => Math.Abs(a),
                        ExpressionFunction.Sin => Math.Sin(a),
                        ExpressionFunction.Cos => Math.Cos(a),
                        ExpressionFunction.Min => Math.Min(a, b),
                        _ => Math.Max(a, b),
                    };
                }
            default:
                throw new NotSupportedException($"Unknown expression node {expression.GetType().Name}.");
        }
    }
}
