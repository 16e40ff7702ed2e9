using NetDsl.Random;

namespace NetDsl.Definition;

/// <summary>
/// An expression as a tree of delegates, one per node, built once (<see cref="ValueSpec.Of(ValueExpression)"/>): how
/// the engine evaluates every expression the generator did not compile to C#. Python's evaluation of NetPyNE's string
/// function: operands left to right (so draws come in NetPyNE's order), IEEE double arithmetic, each random call a
/// fresh NEURON Random distribution on the stream of what is evaluated; the same operations as the generated code, so
/// the same bits (the CLI's InterpretedModelTests compare the two).
/// </summary>
internal static class ExpressionDelegates
{
    public static PairFunction Build(ValueExpression expression)
    {
        switch (expression)
        {
            case NumberExpression number:
                {
                    double value = number.Value;
                    return (in CellPair pair, ref Random123Stream random) => value;
                }
            case NamedValueExpression named:
                {
                    double value = named.Value;
                    return (in CellPair pair, ref Random123Stream random) => value;
                }
            case VariableExpression variable:
                {
                    var which = variable.Variable;
                    return (in CellPair pair, ref Random123Stream random) => pair[which];
                }
            case NegateExpression negate:
                {
                    var operand = Build(negate.Operand);
                    return (in CellPair pair, ref Random123Stream random) => -operand(pair, ref random);
                }
            case BinaryExpression binary:
                return Binary(binary.Operator, Build(binary.Left), Build(binary.Right));
            case CallExpression call:
                return Call(call);
            default:
                throw new NotSupportedException($"Unknown expression node {expression.GetType().Name}.");
        }
    }

    private static PairFunction Binary(ExpressionOperator op, PairFunction left, PairFunction right) => op switch
    {
        ExpressionOperator.Add => (in CellPair pair, ref Random123Stream random) => left(pair, ref random) + right(pair, ref random),
        ExpressionOperator.Subtract => (in CellPair pair, ref Random123Stream random) => left(pair, ref random) - right(pair, ref random),
        ExpressionOperator.Multiply => (in CellPair pair, ref Random123Stream random) => left(pair, ref random) * right(pair, ref random),
        ExpressionOperator.Divide => (in CellPair pair, ref Random123Stream random) => left(pair, ref random) / right(pair, ref random),
        _ => (in CellPair pair, ref Random123Stream random) => Math.Pow(left(pair, ref random), right(pair, ref random)),
    };

    /// <summary>A function of two arguments that may draw from the stream, e.g. <c>uniform(low, high)</c>.</summary>
    private delegate double TwoArguments(ref Random123Stream random, double first, double second);

    private static PairFunction Call(CallExpression call)
    {
        var a = call.Arguments.Count > 0 ? Build(call.Arguments[0]) : null;
        var b = call.Arguments.Count > 1 ? Build(call.Arguments[1]) : null;
        PairFunction One(Func<double, double> function)
        {
            var x = a ?? throw Arity(call);
            return (in CellPair pair, ref Random123Stream random) => function(x(pair, ref random));
        }
        PairFunction Two(TwoArguments function)
        {
            var x = a ?? throw Arity(call);
            var y = b ?? throw Arity(call);
            // Left to right, as Python evaluates the arguments: a draw in the first comes before one in the second.
            return (in CellPair pair, ref Random123Stream random) =>
            {
                double first = x(pair, ref random);
                return function(ref random, first, y(pair, ref random));
            };
        }
        switch (call.Function)
        {
            case ExpressionFunction.Uniform: return Two(static (ref Random123Stream random, double low, double high) => random.Uniform(low, high));
            case ExpressionFunction.Normal: return Two(static (ref Random123Stream random, double mean, double variance) => random.Normal(mean, variance));
            case ExpressionFunction.NegExp:
                {
                    var mean = a ?? throw Arity(call);
                    return (in CellPair pair, ref Random123Stream random) => random.NegExp(mean(pair, ref random));
                }
            // NEURON's discunif takes integers: hoc truncates its arguments.
            case ExpressionFunction.DiscUnif: return Two(static (ref Random123Stream random, double low, double high) => random.DiscreteUniform((long)low, (long)high));
            case ExpressionFunction.Exp: return One(Math.Exp);
            case ExpressionFunction.Log: return One(Math.Log);
            case ExpressionFunction.Sqrt: return One(Math.Sqrt);
            case ExpressionFunction.Abs: return One(Math.Abs);
            case ExpressionFunction.Sin: return One(Math.Sin);
            case ExpressionFunction.Cos: return One(Math.Cos);
            case ExpressionFunction.Log10: return One(Math.Log10);
            case ExpressionFunction.Tan: return One(Math.Tan);
            case ExpressionFunction.Min: return Two(static (ref Random123Stream _, double x, double y) => Math.Min(x, y));
            case ExpressionFunction.Max: return Two(static (ref Random123Stream _, double x, double y) => Math.Max(x, y));
            case ExpressionFunction.Pow: return Two(static (ref Random123Stream _, double x, double y) => Math.Pow(x, y));
            default:
                throw new NotSupportedException($"Unknown function {call.Function}.");
        }
    }

    private static InvalidOperationException Arity(CallExpression call) =>
        new($"{call.Function} is called with {call.Arguments.Count} arguments");
}
