using NetDsl.Definition;
using NetDsl.Generators.Model;

namespace NetDsl.Cli.Interpretation;

/// <summary>The runtime's <see cref="ValueExpression"/> for the generator's expression tree: the same nodes generated code builds.</summary>
internal static class ExpressionBuilder
{
    public static ValueExpression Build(ExpressionSpec e) => e.Kind switch
    {
        ExpressionKind.Number => ValueExpression.Number(e.Value),
        ExpressionKind.Named => ValueExpression.Named(e.Name, e.Value),
        ExpressionKind.Variable => ValueExpression.Of(Enum.Parse<ExpressionVariable>(e.Name)),
        ExpressionKind.Negate => ValueExpression.Negate(Build(e.Operands[0])),
        ExpressionKind.Binary => ValueExpression.Binary(Enum.Parse<ExpressionOperator>(e.Name), Build(e.Operands[0]), Build(e.Operands[1])),
        _ => ValueExpression.Call(Enum.Parse<ExpressionFunction>(e.Name), Arguments(e)),
    };

    private static ValueExpression[] Arguments(ExpressionSpec call)
    {
        var arguments = new ValueExpression[call.Operands.Count];
        for (int i = 0; i < arguments.Length; i++) arguments[i] = Build(call.Operands[i]);
        return arguments;
    }
}
