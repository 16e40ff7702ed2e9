using NetDsl.Definition;
using NetDsl.Random;

namespace NetDsl.Construction;

/// <summary>Evaluates a <see cref="ValueSpec"/> as NetPyNE evaluates a string function with <c>rand</c>.</summary>
internal static class ValueDraw
{
    public static double Draw(ValueSpec spec, ref Random123Stream stream) => Draw(spec, ref stream, default(CellTags));

    /// <summary>A cell's value: its variables (x, ynorm, ...) read the cell's tags.</summary>
    public static double Draw(ValueSpec spec, ref Random123Stream stream, in CellTags tags) => Draw(spec, ref stream, new CellPair(in tags, in tags));

    /// <summary>A pair's value: through the compiled code when there is one, else node by node (the same arithmetic).</summary>
    public static double Draw(in ValueSpec spec, ref Random123Stream stream, in CellPair pair) => spec.Kind switch
    {
        ValueKind.Constant => spec.A,
        ValueKind.Normal => stream.Normal(spec.A, spec.B),
        ValueKind.Uniform => stream.Uniform(spec.A, spec.B),
        _ => spec.Compiled is { } compiled
            ? compiled(pair, ref stream)
            : Evaluate(spec.Expression ?? throw new InvalidOperationException("An expression value has no expression."), ref stream, pair),
    };

    /// <summary>
    /// Python's evaluation of the string function: operands left to right (so draws come in NetPyNE's order),
    /// IEEE double arithmetic, each random call a fresh NEURON Random distribution on the cell's stream.
    /// </summary>
    public static double Evaluate(ValueExpression expression, ref Random123Stream stream, in CellTags tags) =>
        Evaluate(expression, ref stream, new CellPair(in tags, in tags));

    public static double Evaluate(ValueExpression expression, ref Random123Stream stream, in CellPair tags)
    {
        switch (expression)
        {
            case NumberExpression number:
                return number.Value;
            case NamedValueExpression named:
                return named.Value;
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
                        ExpressionFunction.Max => Math.Max(a, b),
                        ExpressionFunction.Log10 => Math.Log10(a),
                        ExpressionFunction.Tan => Math.Tan(a),
                        ExpressionFunction.Pow => Math.Pow(a, b),
                        ExpressionFunction.NegExp => stream.NegExp(a),
                        // NEURON's discunif takes integers: hoc truncates its arguments.
                        ExpressionFunction.DiscUnif => stream.DiscreteUniform((long)a, (long)b),
                        _ => throw new NotSupportedException($"Unknown function {call.Function}."),
                    };
                }
            default:
                throw new NotSupportedException($"Unknown expression node {expression.GetType().Name}.");
        }
    }
}
