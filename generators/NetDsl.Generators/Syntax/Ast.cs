using System.Collections.Generic;

namespace NetDsl.Generators.Syntax;

// The syntax tree of a .netdsl file. Every node knows where it came from (SourceSpan) so that
// checks can point at the exact token; nothing here is passed on to code generation.

internal sealed record Identifier(string Name, SourceSpan Span);

/// <summary>A value as written: a number with an optional unit, a name, a call, a list, a tuple or a string.</summary>
internal abstract record ValueNode(SourceSpan Span);

/// <summary><c>-70mV</c>: <see cref="Unit"/> is null for a bare number.</summary>
internal sealed record NumberNode(double Value, string Text, string? Unit, SourceSpan UnitSpan, SourceSpan Span) : ValueNode(Span);

internal sealed record NameNode(string Name, SourceSpan Span) : ValueNode(Span);

internal sealed record StringNode(string Value, SourceSpan Span) : ValueNode(Span);

/// <summary><c>normal(0.7, variance=0.05)</c>, <c>g(exc)</c>: positional values and named ones.</summary>
internal sealed record CallNode(Identifier Function, IReadOnlyList<Argument> Arguments, SourceSpan Span) : ValueNode(Span);

internal sealed record ListNode(IReadOnlyList<ValueNode> Items, SourceSpan Span) : ValueNode(Span);

internal sealed record TupleNode(IReadOnlyList<ValueNode> Items, SourceSpan Span) : ValueNode(Span);

/// <summary><c>19+uniform(-0.5,0.5)</c>: an arithmetic operator (<c>+ - * / **</c>) and its operands.</summary>
internal sealed record BinaryNode(string Operator, ValueNode Left, ValueNode Right, SourceSpan OperatorSpan, SourceSpan Span) : ValueNode(Span);

/// <summary><c>-ynorm</c>: unary minus of anything but a number (<c>-70mV</c> is a <see cref="NumberNode"/>).</summary>
internal sealed record NegateNode(ValueNode Operand, SourceSpan Span) : ValueNode(Span);

/// <summary><c>(0.12 + 0.001 * ynorm)</c>: one expression in parentheses (two or more items are a <see cref="TupleNode"/>).</summary>
internal sealed record ParenNode(ValueNode Inner, SourceSpan Span) : ValueNode(Span);

/// <summary>
/// One argument: <c>name=value</c>, a bare flag <c>all</c>, a group <c>seeds(conn=2)</c>, or (inside calls)
/// a positional value with no name.
/// </summary>
internal sealed record Argument(Identifier? Name, ValueNode? Value, IReadOnlyList<Argument>? Group, SourceSpan Span)
{
    public string Key => Name?.Name ?? string.Empty;
}

/// <summary>Cells a rule applies to: <c>all</c>, one name, or <c>[a, b]</c>, with optional conditions <c>(y=[100um, 1000um])</c>.</summary>
internal sealed record TargetNode(bool All, IReadOnlyList<Identifier> Names, SourceSpan Span)
{
    /// <summary>Tag conditions written in parentheses after the selector (<c>ynorm=[0.5, 1.0]</c>), in file order.</summary>
    public IReadOnlyList<Argument> Conditions { get; init; } = new Argument[0];
}

/// <summary>A statement; <see cref="Text"/> is its source text with comments removed and spaces collapsed.</summary>
internal abstract record Statement(SourceSpan Span)
{
    public string Text { get; init; } = string.Empty;
}

internal sealed record NetworkStatement(Identifier Name, SourceSpan Span) : Statement(Span);

internal sealed record CellStatement(Identifier Name, IReadOnlyList<CellItem> Items, SourceSpan Span) : Statement(Span);

/// <summary>A line inside a cell block: <c>soma ...</c>, <c>Izhi2007b ...</c> (Keyword set) or <c>threshold=10mV</c> (no keyword).</summary>
internal sealed record CellItem(Identifier? Keyword, IReadOnlyList<Argument> Arguments, SourceSpan Span);

/// <summary><c>pop E: RS x 50 ynormRange=[0.1, 0.4]</c>: <see cref="Count"/> is null without <c>x N</c> (density, gridSpacing, cellsList).</summary>
internal sealed record PopStatement(Identifier Name, Identifier Cell, NumberNode? Count, IReadOnlyList<Argument> Arguments, SourceSpan Span) : Statement(Span);

internal sealed record SynStatement(Identifier Name, Identifier Kind, IReadOnlyList<Argument> Arguments, SourceSpan Span) : Statement(Span);

internal sealed record StimSourceStatement(Identifier Name, Identifier Kind, IReadOnlyList<Argument> Arguments, SourceSpan Span) : Statement(Span);

internal sealed record StimTargetStatement(Identifier Source, TargetNode Target, IReadOnlyList<Argument> Arguments, SourceSpan Span) : Statement(Span);

internal sealed record ConnStatement(Identifier? Label, TargetNode Pre, TargetNode Post, IReadOnlyList<Argument> Arguments, SourceSpan Span) : Statement(Span);

/// <summary><c>param probLengthConst = 150um</c>: a named value usable in every expression.</summary>
internal sealed record ParamStatement(Identifier Name, ValueNode Value, SourceSpan Span) : Statement(Span);

internal sealed record SimStatement(IReadOnlyList<Argument> Arguments, SourceSpan Span) : Statement(Span);

internal sealed record RecordStatement(Identifier Name, ValueNode Variable, TargetNode? Of, SourceSpan Span) : Statement(Span);

/// <summary>
/// <c>record w of conn E_E every 10ms</c>: the weights of plastic connection rules sampled every <see cref="Every"/>
/// (null: initial and final weights only); <see cref="Rules"/> is empty for every plastic rule.
/// </summary>
internal sealed record WeightRecordStatement(Identifier Variable, IReadOnlyList<RuleReference> Rules, NumberNode? Every, SourceSpan Span) : Statement(Span);

/// <summary>A connection rule named by its label (<c>E_E</c>) or by its default label <c>PRE-&gt;POST</c>.</summary>
internal sealed record RuleReference(string Label, SourceSpan Span);

internal sealed record PlotStatement(Identifier Kind, IReadOnlyList<Argument> Arguments, SourceSpan Span) : Statement(Span);

/// <summary>A parsed file: its statements in order, and the syntax diagnostics found on the way.</summary>
internal sealed record SyntaxFile(string Path, string Text, LineMap Lines, IReadOnlyList<Statement> Statements);
