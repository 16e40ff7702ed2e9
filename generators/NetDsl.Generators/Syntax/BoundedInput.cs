using System.Collections.Generic;
using Sprache;

namespace NetDsl.Generators.Syntax;

/// <summary>
/// Sprache input over one statement of the whole file: positions stay absolute file offsets,
/// and the statement's end looks like the end of input.
/// </summary>
internal sealed class BoundedInput : IInput
{
    private readonly int end;

    public BoundedInput(string source, int start, int end)
        : this(source, start, end, 1, 1)
    {
    }

    private BoundedInput(string source, int position, int end, int line, int column)
    {
        Source = source;
        Position = position;
        this.end = end;
        Line = line;
        Column = column;
    }

    public string Source { get; }

    public int Position { get; }

    public int Line { get; }

    public int Column { get; }

    private IDictionary<object, object>? memos;

    /// <summary>Per-position cache used by Parse.Ref; created on first use since most positions never need it.</summary>
    public IDictionary<object, object> Memos => memos ??= new Dictionary<object, object>();

    public bool AtEnd => Position >= end;

    public char Current => Source[Position];

    public IInput Advance()
    {
        if (AtEnd)
        {
            // Sprache only advances after checking AtEnd; stay put rather than throw.
            return this;
        }
        // Memos are per position (as in Sprache's own Input): a new input starts without any.
        return Current == '\n'
            ? new BoundedInput(Source, Position + 1, end, Line + 1, 1)
            : new BoundedInput(Source, Position + 1, end, Line, Column + 1);
    }

    public bool Equals(IInput? other) =>
        other is not null && ReferenceEquals(Source, other.Source) && Position == other.Position;

    public override bool Equals(object? obj) => obj is IInput other && Equals(other);

    public override int GetHashCode() => Position;
}
