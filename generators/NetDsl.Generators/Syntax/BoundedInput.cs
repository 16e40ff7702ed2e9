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
        : this(source, start, end, 1, 1, new Dictionary<object, object>())
    {
    }

    private BoundedInput(string source, int position, int end, int line, int column, IDictionary<object, object> memos)
    {
        Source = source;
        Position = position;
        this.end = end;
        Line = line;
        Column = column;
        Memos = memos;
    }

    public string Source { get; }

    public int Position { get; }

    public int Line { get; }

    public int Column { get; }

    public IDictionary<object, object> Memos { get; }

    public bool AtEnd => Position >= end;

    public char Current => Source[Position];

    public IInput Advance()
    {
        if (AtEnd)
        {
            // Sprache only advances after checking AtEnd; stay put rather than throw.
            return this;
        }
        // Memos are per position: Parse.Ref caches results in them (as Sprache's own Input does).
        return Current == '\n'
            ? new BoundedInput(Source, Position + 1, end, Line + 1, 1, new Dictionary<object, object>())
            : new BoundedInput(Source, Position + 1, end, Line, Column + 1, new Dictionary<object, object>());
    }

    public bool Equals(IInput? other) =>
        other is not null && ReferenceEquals(Source, other.Source) && Position == other.Position;

    public override bool Equals(object? obj) => obj is IInput other && Equals(other);

    public override int GetHashCode() => Position;
}
