using System.Globalization;
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
            _ => $"{TypeRefs.ValueSpec}.Constant({Number(parameter.A)})",
        },
        _ => Number(parameter.A),
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
