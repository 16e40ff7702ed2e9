using System.Globalization;
using System.Linq;
using System.Text;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>C# literals, always in the invariant culture.</summary>
internal static class Literals
{
    public static string Number(double value)
    {
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        if (double.IsNaN(value)) return "double.NaN";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string Integer(double value) => ((long)value).ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string String(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The value of a parameter as written in the file, in its C# type.</summary>
    public static string Value(ParameterSpec parameter) => parameter.Type switch
    {
        ParameterType.Integer => Integer(parameter.A),
        ParameterType.Distribution => parameter.Distribution switch
        {
            1 => $"{TypeRefs.ValueSpec}.Normal({Number(parameter.A)}, {Number(parameter.B)})",
            2 => $"{TypeRefs.ValueSpec}.Uniform({Number(parameter.A)}, {Number(parameter.B)})",
            3 when parameter.Expression is not null && parameter.Pair =>
                $"{TypeRefs.ValueSpec}.Of(\n    {Expression(parameter.Expression)},\n    {PairCode.Lambda(parameter.Expression)})",
            3 when parameter.Expression is not null => $"{TypeRefs.ValueSpec}.Of({Expression(parameter.Expression)})",
            _ => $"{TypeRefs.ValueSpec}.Constant({Number(parameter.A)})",
        },
        _ => Number(parameter.A),
    };

    /// <summary>An expression as the ValueExpression factory calls that build it.</summary>
    public static string Expression(ExpressionSpec expression) => expression.Kind switch
    {
        ExpressionKind.Number => $"{TypeRefs.ValueExpression}.Number({Number(expression.Value)})",
        ExpressionKind.Named => $"{TypeRefs.ValueExpression}.Named({String(expression.Name)}, {Number(expression.Value)})",
        ExpressionKind.Variable => $"{TypeRefs.ValueExpression}.Of({TypeRefs.ExpressionVariable}.{expression.Name})",
        ExpressionKind.Negate => $"{TypeRefs.ValueExpression}.Negate({Expression(expression.Operands[0])})",
        ExpressionKind.Binary => $"{TypeRefs.ValueExpression}.Binary({TypeRefs.ExpressionOperator}.{expression.Name}, {Expression(expression.Operands[0])}, {Expression(expression.Operands[1])})",
        _ => $"{TypeRefs.ValueExpression}.Call({TypeRefs.ExpressionFunction}.{expression.Name}{string.Concat(expression.Operands.Select(o => ", " + Expression(o)))})",
    };

    public static string TypeOf(ParameterSpec parameter) => parameter.Type switch
    {
        ParameterType.Integer => "int",
        ParameterType.Distribution => TypeRefs.ValueSpec,
        _ => "double",
    };

    /// <summary>A comment line that is safe whatever the statement text holds.</summary>
    public static string Comment(string text) => "// " + text.Replace("\r", " ").Replace("\n", " ");
}
