using System.Collections.Generic;
using System.Text;

namespace NetDsl.Generators.Syntax;

/// <summary>
/// The first, forgiving pass over a file: blanks out comments and cuts the text into statements
/// (at newlines and ';' outside cell blocks), so that each statement is parsed on its own and one
/// file can report several syntax errors.
/// </summary>
internal static class SourceScanner
{
    /// <summary>Top-level keywords: a line starting with one ends an unclosed cell block.</summary>
    private static readonly HashSet<string> TopLevelKeywords = new()
    {
        "network", "cell", "pop", "syn", "stim", "conn", "sim", "record", "plot",
    };

    /// <summary>The text with every comment ('#' or '//' to the end of the line) replaced by spaces; same length.</summary>
    public static string BlankComments(string text)
    {
        var chars = text.ToCharArray();
        bool inString = false;
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (c == '\n' || c == '\r')
            {
                inString = false;
                continue;
            }
            if (c == '"')
            {
                inString = !inString;
                continue;
            }
            if (inString) continue;
            if (c == '#' || (c == '/' && i + 1 < chars.Length && chars[i + 1] == '/'))
            {
                while (i < chars.Length && chars[i] != '\n' && chars[i] != '\r')
                {
                    chars[i] = ' ';
                    i++;
                }
                i--;
            }
        }
        return new string(chars);
    }

    /// <summary>A statement's extent, and for a block whose '}' is missing, where its '{' is.</summary>
    public readonly record struct Segment(int Start, int End, int UnclosedBrace);

    /// <summary>Splits [start, end) of comment-free text into non-blank statements.</summary>
    public static List<Segment> Split(string text, int start, int end, bool allowBlocks)
    {
        var segments = new List<Segment>();
        int segmentStart = start;
        int depth = 0;
        int openBrace = -1;
        bool inString = false;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c == '"' && !IsLineEnd(c))
            {
                inString = !inString;
                continue;
            }
            if (IsLineEnd(c)) inString = false;
            if (inString) continue;
            if (allowBlocks && c == '{')
            {
                if (depth == 0) openBrace = i;
                depth++;
            }
            else if (allowBlocks && c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth > 0 && IsLineEnd(c) && StartsTopLevelStatement(text, i + 1, end))
            {
                // A block left open: end it here so the rest of the file is still checked.
                Add(segments, text, segmentStart, i, openBrace);
                segmentStart = i + 1;
                depth = 0;
            }
            else if (depth == 0 && (IsLineEnd(c) || c == ';'))
            {
                Add(segments, text, segmentStart, i, -1);
                segmentStart = i + 1;
            }
        }
        Add(segments, text, segmentStart, end, depth > 0 ? openBrace : -1);
        return segments;
    }

    private static bool IsLineEnd(char c) => c == '\n' || c == '\r';

    private static bool StartsTopLevelStatement(string text, int position, int end)
    {
        while (position < end && (text[position] == ' ' || text[position] == '\t')) position++;
        int wordStart = position;
        while (position < end && char.IsLetter(text[position])) position++;
        if (position == wordStart) return false;
        bool wordEnds = position >= end || !(char.IsLetterOrDigit(text[position]) || text[position] == '_');
        return wordEnds && TopLevelKeywords.Contains(text.Substring(wordStart, position - wordStart));
    }

    private static void Add(List<Segment> segments, string text, int start, int end, int unclosedBrace)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) segments.Add(new Segment(start, end, unclosedBrace));
    }

    /// <summary>The statement's text with runs of whitespace collapsed, for comments in generated code.</summary>
    public static string Normalize(string text, int start, int end)
    {
        var sb = new StringBuilder();
        bool space = false;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
