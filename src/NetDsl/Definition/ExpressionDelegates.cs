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

    private static PairFunction Call(CallExpression call)
    {
        var a = call.Arguments.Count > 0 ? Build(call.Arguments[0]) : null;
        var b = call.Arguments.Count > 1 ? Build(call.Arguments[1]) : null;
        PairFunction One(Func<double, double> function)
        {
            var x = a ?? throw Arity(call);
            return (in CellPair pair, ref Random123Stream random) => function(x(pair, ref random));
        }
        PairFunction Two(Func<double, double, double> function)
        {
            var x = a ?? throw Arity(call);
            var y = b ?? throw Arity(call);
            return (in CellPair pair, ref Random123Stream random) =>
            {
                double first = x(pair, ref random);
                return function(first, y(pair, ref random));
            };
        }
        switch (call.Function)
        {
            case ExpressionFunction.Uniform:
                {
                    var low = a ?? throw Arity(call);
                    var high = b ?? throw Arity(call);
                    return (in CellPair pair, ref Random123Stream random) =>
                    {
                        double first = low(pair, ref random);
                        return random.Uniform(first, high(pair, ref random));
                    };
                }
            case ExpressionFunction.Normal:
                {
                    var mean = a ?? throw Arity(call);
                    var variance = b ?? throw Arity(call);
                    return (in CellPair pair, ref Random123Stream random) =>
                    {
                        double first = mean(pair, ref random);
                        return random.Normal(first, variance(pair, ref random));
                    };
                }
            case ExpressionFunction.NegExp:
                {
                    var mean = a ?? throw Arity(call);
                    return (in CellPair pair, ref Random123Stream random) => random.NegExp(mean(pair, ref random));
                }
            case ExpressionFunction.DiscUnif:
                {
                    var low = a ?? throw Arity(call);
                    var high = b ?? throw Arity(call);
                    // NEURON's discunif takes integers: hoc truncates its arguments.
                    return (in CellPair pair, ref Random123Stream random) =>
                    {
                        double first = low(pair, ref random);
                        return random.DiscreteUniform((long)first, (long)high(pair, ref random));
                    };
                }
            case ExpressionFunction.Exp: return One(Math.Exp);
            case ExpressionFunction.Log: return One(Math.Log);
            case ExpressionFunction.Sqrt: return One(Math.Sqrt);
            case ExpressionFunction.Abs: return One(Math.Abs);
            case ExpressionFunction.Sin: return One(Math.Sin);
            case ExpressionFunction.Cos: return One(Math.Cos);
            case ExpressionFunction.Log10: return One(Math.Log10);
            case ExpressionFunction.Tan: return One(Math.Tan);
            case ExpressionFunction.Min: return Two(Math.Min);
            case ExpressionFunction.Max: return Two(Math.Max);
            case ExpressionFunction.Pow: return Two(Math.Pow);
            default:
                throw new NotSupportedException($"Unknown function {call.Function}.");
        }
    }

    private static InvalidOperationException Arity(CallExpression call) =>
        new($"{call.Function} is called with {call.Arguments.Count} arguments");
}
