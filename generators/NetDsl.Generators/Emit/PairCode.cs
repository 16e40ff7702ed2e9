using System.Linq;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>
/// A connection expression as C# code: the static <c>PairFunction</c> lambda the engine calls per pair. Operands keep
/// Python's left-to-right order (C# evaluates them in that order too), so random draws come in NetPyNE's order;
/// parentheses keep Python's grouping, <c>**</c> is Math.Pow, draws go to the rule's Random123 stream.
/// </summary>
internal static class PairCode
{
    private const int Additive = 1, Multiplicative = 2, Unary = 3, Atom = 4;

    public static string Lambda(ExpressionSpec expression) =>
        $"static (in {TypeRefs.CellPair} pair, ref {TypeRefs.Random123Stream} random) => {Code(expression).Text}";

    private static (string Text, int Precedence) Code(ExpressionSpec e)
    {
        switch (e.Kind)
        {
            case ExpressionKind.Number:
                return (Double(e.Value), Atom);
            case ExpressionKind.Named:
                // A param is inlined: changing it means rebuilding, as the tree keeps its name for NetPyNE's string.
                return ($"{Double(e.Value)} /* {e.Name} */", Atom);
            case ExpressionKind.Variable:
                return (Variable(e.Name), Atom);
            case ExpressionKind.Negate:
                {
                    var operand = Code(e.Operands[0]);
                    bool wrap = operand.Precedence < Unary || operand.Text.StartsWith("-", System.StringComparison.Ordinal);
                    return ("-" + (wrap ? "(" + operand.Text + ")" : operand.Text), Unary);
                }
            case ExpressionKind.Binary:
                return Binary(e);
            default:
                return Call(e);
        }
    }

    private static (string, int) Binary(ExpressionSpec e)
    {
        var left = Code(e.Operands[0]);
        var right = Code(e.Operands[1]);
        if (e.Name == "Power") return ($"{TypeRefs.Math}.Pow({left.Text}, {right.Text})", Atom);
        int precedence = e.Name is "Add" or "Subtract" ? Additive : Multiplicative;
        string op = e.Name switch
        {
            "Add" => "+",
            "Subtract" => "-",
            "Multiply" => "*",
            _ => "/",
        };
        // Left-associative as in Python: a right operand of the same precedence keeps its parentheses, a - (b - c).
        string l = left.Precedence < precedence ? "(" + left.Text + ")" : left.Text;
        string r = right.Precedence <= precedence ? "(" + right.Text + ")" : right.Text;
        return ($"{l} {op} {r}", precedence);
    }

    private static (string, int) Call(ExpressionSpec e)
    {
        var args = e.Operands.Select(o => Code(o).Text).ToArray();
        switch (e.Name)
        {
            case "Uniform":
                return ($"random.Uniform({args[0]}, {args[1]})", Atom);
            case "Normal":
                return ($"random.Normal({args[0]}, {args[1]})", Atom);
            case "NegExp":
                return ($"random.NegExp({args[0]})", Atom);
            case "DiscUnif":
                // NEURON's discunif truncates its bounds to integers.
                return ($"(double)random.DiscreteUniform((long)({args[0]}), (long)({args[1]}))", Unary);
            default:
                return ($"{TypeRefs.Math}.{e.Name}({string.Join(", ", args)})", Atom);
        }
    }

    /// <summary>pre_x is pair.Pre.X, post_ynorm pair.Post.YNorm, dist_3D pair.Dist3D.</summary>
    private static string Variable(string member)
    {
        if (member.StartsWith("Pre", System.StringComparison.Ordinal)) return "pair.Pre." + member.Substring(3);
        if (member.StartsWith("Post", System.StringComparison.Ordinal)) return "pair.Post." + member.Substring(4);
        return "pair." + member;
    }

    /// <summary>A double literal (150.0, not the int 150, so that 1/2 stays a float division as in Python); negative ones in parentheses.</summary>
    private static string Double(double value)
    {
        string text = Literals.Number(value);
        if (text.All(c => char.IsDigit(c) || c == '-')) text += ".0";
        return value < 0 || text.StartsWith("-", System.StringComparison.Ordinal) ? "(" + text + ")" : text;
    }
}
