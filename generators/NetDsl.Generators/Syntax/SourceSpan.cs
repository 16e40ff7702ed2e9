using System;
using System.Collections.Generic;

namespace NetDsl.Generators.Syntax;

/// <summary>A range of characters in a .netdsl file (0-based offset and length).</summary>
internal readonly record struct SourceSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static SourceSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    public SourceSpan Union(SourceSpan other) => FromBounds(Math.Min(Start, other.Start), Math.Max(End, other.End));
}

/// <summary>0-based line and column of an offset, handling \n, \r\n and \r line ends.</summary>
internal sealed class LineMap
{
    private readonly List<int> lineStarts = new() { 0 };

    public LineMap(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                lineStarts.Add(i + 1);
            }
            else if (c == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }
        Length = text.Length;
    }

    public int Length { get; }

    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, Length));
        int lo = 0, hi = lineStarts.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return (lo, offset - lineStarts[lo]);
    }
}
