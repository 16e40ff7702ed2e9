using System.Linq;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics.Expressions;

/// <summary>A value as messages quote it: numbers as written with their unit, spaces around + and - only.</summary>
internal static class ExpressionText
{
    public static string Render(ValueNode? node) => node switch
    {
        null => string.Empty,
        NumberNode number => number.Text + (number.Unit ?? string.Empty),
        NameNode name => name.Name,
        StringNode text => "\"" + text.Value + "\"",
        CallNode call => call.Function.Name + "(" + string.Join(", ", call.Arguments.Select(a => (a.Name is null ? string.Empty : a.Name.Name + "=") + Render(a.Value))) + ")",
        ListNode list => "[" + string.Join(", ", list.Items.Select(Render)) + "]",
        TupleNode tuple => "(" + string.Join(", ", tuple.Items.Select(Render)) + ")",
        ParenNode paren => "(" + Render(paren.Inner) + ")",
        NegateNode negate => "-" + Render(negate.Operand),
        BinaryNode binary => Render(binary.Left) + (binary.Operator is "+" or "-" ? " " + binary.Operator + " " : binary.Operator) + Render(binary.Right),
        _ => string.Empty,
    };
}
