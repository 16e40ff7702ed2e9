using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Helpers;
using Sprache;

namespace NetDsl.Generators.Syntax;

/// <summary>
/// The statement-level driver: cuts the file into statements and parses each one with <see cref="Grammar"/>,
/// so a file with several broken lines reports each of them.
/// </summary>
internal static class NetDslParser
{
    public static readonly string[] StatementKeywords = { "network", "param", "cell", "pop", "syn", "stim", "conn", "sim", "record", "plot" };

    public static SyntaxFile Parse(string path, string text, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var lines = new LineMap(text);
        string clean = SourceScanner.BlankComments(text);
        var statements = new List<Statement>();
        var context = new ParseContext(path, clean, lines, diagnostics);
        foreach (var segment in SourceScanner.Split(clean, 0, clean.Length, allowBlocks: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statement = ParseStatement(context, segment);
            if (statement is not null)
            {
                statements.Add(statement with { Text = SourceScanner.Normalize(clean, segment.Start, segment.End) });
            }
        }
        return new SyntaxFile(path, text, lines, statements);
    }

    private sealed record ParseContext(string Path, string Text, LineMap Lines, List<DiagnosticInfo> Diagnostics)
    {
        public void Report(string id, SourceSpan span, params string[] args) =>
            Diagnostics.Add(DiagnosticInfo.Create(id, Path, Lines, span, args));
    }

    private static Statement? ParseStatement(ParseContext context, SourceScanner.Segment segment)
    {
        string text = context.Text;
        int wordEnd = segment.Start;
        while (wordEnd < segment.End && (char.IsLetterOrDigit(text[wordEnd]) || text[wordEnd] == '_')) wordEnd++;
        if (wordEnd == segment.Start || char.IsDigit(text[segment.Start]))
        {
            ReportUnexpected(context, segment.Start, segment.End, "a statement (network, param, cell, pop, syn, stim, conn, sim, record or plot)");
            return null;
        }
        string keyword = text.Substring(segment.Start, wordEnd - segment.Start);
        var keywordSpan = SourceSpan.FromBounds(segment.Start, wordEnd);
        int rest = wordEnd;
        while (rest < segment.End && char.IsWhiteSpace(text[rest])) rest++;
        if (rest == wordEnd && rest < segment.End)
        {
            // "pop:" or "conn->": the keyword must be followed by a space.
            ReportUnexpected(context, rest, segment.End, "a space after '" + keyword + "'");
            return null;
        }
        var span = SourceSpan.FromBounds(segment.Start, segment.End);
        if (TooDeep(context, rest, segment.End)) return null;
        try
        {
            return ParseKeyword(context, segment, keyword, keywordSpan, rest, span);
        }
        catch (System.InsufficientExecutionStackException)
        {
            // The nesting limit keeps the grammar well inside the stack; on a thread with a small stack, say so instead of crashing.
            context.Report(DiagnosticDescriptors.SyntaxError.Id, span,
                "This statement is nested too deeply to parse; simplify its values");
            return null;
        }
    }

    private static Statement? ParseKeyword(ParseContext context, SourceScanner.Segment segment, string keyword, SourceSpan keywordSpan, int rest, SourceSpan span)
    {
        switch (keyword)
        {
            case "network":
                return Run(context, Grammar.EndOfStatement(Grammar.Identifier), rest, segment.End, name => new NetworkStatement(name, span));
            case "pop":
                return Run(context, Grammar.EndOfStatement(PopBody), rest, segment.End, b => new PopStatement(b.name, b.cell, b.count, b.args, span));
            case "syn":
                return Run(context, Grammar.EndOfStatement(KindedBody), rest, segment.End, b => new SynStatement(b.name, b.kind, b.args, span));
            case "stim":
                return ParseStim(context, rest, segment.End, span);
            case "conn":
                return Run(context, Grammar.EndOfStatement(ConnBody), rest, segment.End, b => new ConnStatement(b.label, b.pre, b.post, b.args, span));
            case "param":
                return Run(context, Grammar.EndOfStatement(ParamBody), rest, segment.End, b => new ParamStatement(b.name, b.value, span));
            case "sim":
                return Run(context, Grammar.EndOfStatement(Grammar.Arguments), rest, segment.End, args => new SimStatement(args, span));
            case "record":
                if (IsWeightRecord(context.Text, rest, segment.End))
                    return Run(context, Grammar.EndOfStatement(WeightRecordBody), rest, segment.End, b => new WeightRecordStatement(b.variable, b.rules, b.every, span));
                return Run(context, Grammar.EndOfStatement(RecordBody), rest, segment.End, b => new RecordStatement(b.name, b.variable, b.of, span));
            case "plot":
                return Run(context, Grammar.EndOfStatement(PlotBody), rest, segment.End, b => new PlotStatement(b.kind, b.args, span));
            case "cell":
                return ParseCell(context, segment, rest, span);
            default:
                context.Report(DiagnosticDescriptors.UnknownStatement.Id, keywordSpan, keyword, Suggestions.DidYouMean(keyword, StatementKeywords));
                return null;
        }
    }

    /// <summary>
    /// Values nested deeper than this are rejected before parsing: the recursive grammar must not exhaust the
    /// compiler's stack. Brackets count one level each; so do a sign before a sign (<c>--1</c>) and each <c>**</c>
    /// inside the same brackets (<c>2**2**2</c> is right-associative), which the grammar also parses recursively.
    /// </summary>
    public const int MaxNesting = 48;

    private static bool TooDeep(ParseContext context, int start, int end)
    {
        string text = context.Text;
        var powers = new Stack<int>();
        int depth = 0, power = 0, signs = 0;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c is '(' or '[')
            {
                signs = 0;
                powers.Push(power);
                power = 0;
                if (++depth + SumOf(powers) > MaxNesting)
                {
                    context.Report(DiagnosticDescriptors.SyntaxError.Id, new SourceSpan(i, 1),
                        $"Brackets nested more than {MaxNesting} deep; simplify the value");
                    return true;
                }
                continue;
            }
            if (c is ')' or ']')
            {
                signs = 0;
                if (depth > 0)
                {
                    depth--;
                    power = powers.Pop();
                }
                continue;
            }
            if (c is '-' or '+' && !(c == '-' && i + 1 < end && text[i + 1] == '>'))
            {
                if (++signs + depth + SumOf(powers) + power > MaxNesting)
                {
                    context.Report(DiagnosticDescriptors.SyntaxError.Id, new SourceSpan(i, 1),
                        $"Signs ('-' or '+') repeated more than {MaxNesting} times in a row; simplify the value");
                    return true;
                }
                continue;
            }
            if (c == '*' && i + 1 < end && text[i + 1] == '*')
            {
                signs = 0;
                if (++power + depth + SumOf(powers) > MaxNesting)
                {
                    context.Report(DiagnosticDescriptors.SyntaxError.Id, SourceSpan.FromBounds(i, i + 2),
                        $"'**' chained more than {MaxNesting} times; simplify the value or use parentheses");
                    return true;
                }
                i++;
                continue;
            }
            if (!char.IsWhiteSpace(c)) signs = 0;
        }
        return false;
    }

    private static int SumOf(Stack<int> values)
    {
        int sum = 0;
        foreach (int value in values) sum += value;
        return sum;
    }

    private static readonly Parser<(Identifier name, Identifier cell, NumberNode? count, List<Argument> args)> PopBody =
        from name in Grammar.Identifier
        from colon in Grammar.Colon
        from cell in Grammar.Identifier
        from count in Grammar.Keyword("x").Then(_ => Grammar.Number).XOptional()
        from args in Grammar.Arguments
        select (name, cell, count.IsDefined ? count.Get() : null, args);

    private static readonly Parser<(Identifier name, ValueNode value)> ParamBody =
        from name in Grammar.Identifier
        from eq in Grammar.EqualsSign
        from value in Grammar.SpacedValue
        select (name, value);

    private static readonly Parser<(Identifier name, Identifier kind, List<Argument> args)> KindedBody =
        from name in Grammar.Identifier
        from colon in Grammar.Colon
        from kind in Grammar.Identifier.Named("a kind")
        from args in Grammar.Arguments
        select (name, kind, args);

    private static readonly Parser<(Identifier source, TargetNode target, List<Argument> args)> StimTargetBody =
        from source in Grammar.Identifier
        from arrow in Grammar.Arrow
        from target in Grammar.Target
        from args in Grammar.Arguments
        select (source, target, args);

    private static readonly Parser<(Identifier? label, TargetNode pre, TargetNode post, List<Argument> args)> ConnBody =
        from label in (from name in Grammar.Identifier from colon in Grammar.Colon select name).Optional()
        from pre in Grammar.Target
        from arrow in Grammar.Arrow
        from post in Grammar.Target
        from args in Grammar.Arguments
        select (label.IsDefined ? label.Get() : null, pre, post, args);

    private static readonly Parser<(Identifier name, ValueNode variable, TargetNode? of)> RecordBody =
        from name in Grammar.Identifier
        from colon in Grammar.Colon
        from variable in Grammar.Value
        from of in (from keyword in Grammar.Keyword("of") from target in Grammar.Target select target).XOptional()
        select (name, variable, of.IsDefined ? of.Get() : null);

    /// <summary>"record w of conn ..." or "record w every ...": the word w not followed by ':' (a trace is "record NAME: VAR").</summary>
    private static bool IsWeightRecord(string text, int start, int end)
    {
        if (end - start < 1 || text[start] != 'w') return false;
        int i = start + 1;
        if (i < end && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) return false;
        while (i < end && char.IsWhiteSpace(text[i])) i++;
        return i < end && text[i] != ':';
    }

    /// <summary>A rule: its label, or PRE->POST as its default label reads (names only).</summary>
    private static readonly Parser<RuleReference> RuleName =
        (from pre in Grammar.Identifier
         from post in (from arrow in Grammar.Arrow from name in Grammar.Identifier select name).XOptional()
         select (pre, post))
        .Select(r => r.post.IsDefined
            ? new RuleReference(r.pre.Name + "->" + r.post.Get().Name, r.pre.Span.Union(r.post.Get().Span))
            : new RuleReference(r.pre.Name, r.pre.Span))
        .Named("a connection rule's label");

    private static readonly Parser<(Identifier variable, List<RuleReference> rules, NumberNode? every)> WeightRecordBody =
        from variable in Grammar.Keyword("w")
        from rules in (from of in Grammar.Keyword("of")
                       from conn in Grammar.Keyword("conn")
                       from names in RuleName.XDelimitedBy(Grammar.Comma)
                       select names.ToList()).XOptional()
        from every in (from keyword in Grammar.Keyword("every") from step in Grammar.Number select step).XOptional()
        select (variable, rules.IsDefined ? rules.Get() : new List<RuleReference>(), every.IsDefined ? every.Get() : null);

    private static readonly Parser<(Identifier kind, List<Argument> args)> PlotBody =
        from kind in Grammar.Identifier.Named("a plot kind")
        from args in Grammar.Arguments
        select (kind, args);

    private static readonly Parser<Identifier> CellHeader =
        from name in Grammar.Identifier
        from brace in Grammar.OpenBrace
        select name;

    private static Statement? ParseStim(ParseContext context, int start, int end, SourceSpan span)
    {
        // "stim bkg: NetStim ..." declares a source; "stim bkg -> pop ..." applies it.
        int i = start;
        while (i < end && (char.IsLetterOrDigit(context.Text[i]) || context.Text[i] == '_')) i++;
        while (i < end && char.IsWhiteSpace(context.Text[i])) i++;
        if (i < end && context.Text[i] == '-')
        {
            return Run(context, Grammar.EndOfStatement(StimTargetBody), start, end, b => new StimTargetStatement(b.source, b.target, b.args, span));
        }
        return Run(context, Grammar.EndOfStatement(KindedBody), start, end, b => new StimSourceStatement(b.name, b.kind, b.args, span));
    }

    private static Statement? ParseCell(ParseContext context, SourceScanner.Segment segment, int start, SourceSpan span)
    {
        var header = CellHeader(new BoundedInput(context.Text, start, segment.End));
        if (!header.WasSuccessful)
        {
            ReportFailure(context, header, segment.End);
            return null;
        }
        int bodyStart = header.Remainder.Position;
        int bodyEnd = segment.End;
        if (segment.UnclosedBrace >= 0)
        {
            context.Report(DiagnosticDescriptors.UnclosedBracket.Id, new SourceSpan(segment.UnclosedBrace, 1), "{", "}");
        }
        else
        {
            bodyEnd = MatchingBrace(context.Text, start, segment.End);
            int after = bodyEnd + 1;
            while (after < segment.End && char.IsWhiteSpace(context.Text[after])) after++;
            if (after < segment.End)
            {
                ReportUnexpected(context, after, segment.End, "end of statement after '}'");
                return null;
            }
        }
        var items = new List<CellItem>();
        bool ok = true;
        foreach (var item in SourceScanner.Split(context.Text, bodyStart, bodyEnd, allowBlocks: false))
        {
            var parsed = ParseCellItem(context, item);
            if (parsed is null) ok = false; else items.Add(parsed);
        }
        return ok ? new CellStatement(header.Value, items, span) : null;
    }

    private static int MatchingBrace(string text, int searchFrom, int end)
    {
        int open = text.IndexOf('{', searchFrom);
        int depth = 0;
        for (int i = open; i < end; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        return end;
    }

    private static CellItem? ParseCellItem(ParseContext context, SourceScanner.Segment item)
    {
        string text = context.Text;
        int i = item.Start;
        while (i < item.End && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
        int j = i;
        while (j < item.End && char.IsWhiteSpace(text[j])) j++;
        var span = SourceSpan.FromBounds(item.Start, item.End);
        if (i > item.Start && (j >= item.End || text[j] != '=' && text[j] != '('))
        {
            // "soma diam=10 ..." or "Izhi2007b C=1 ...": a keyword, then arguments.
            var keyword = new Identifier(text.Substring(item.Start, i - item.Start), SourceSpan.FromBounds(item.Start, i));
            if (j == i && j < item.End)
            {
                ReportUnexpected(context, j, item.End, "a space after '" + keyword.Name + "'");
                return null;
            }
            return Run(context, Grammar.EndOfStatement(Grammar.Arguments), j, item.End, args => new CellItem(keyword, args, span));
        }
        return Run(context, Grammar.EndOfStatement(Grammar.Arguments), item.Start, item.End, args => new CellItem(null, args, span));
    }

    private static TResult? Run<T, TResult>(ParseContext context, Parser<T> parser, int start, int end, System.Func<T, TResult> build)
        where TResult : class
    {
        var result = parser(new BoundedInput(context.Text, start, end));
        if (result.WasSuccessful) return build(result.Value);
        ReportFailure(context, result, end);
        return null;
    }

    private static void ReportFailure<T>(ParseContext context, IResult<T> result, int end)
    {
        var expectations = result.Expectations.Where(e => !string.IsNullOrEmpty(e)).Distinct().ToList();
        string expected = expectations.Count == 0 ? "a valid statement" : string.Join(" or ", expectations);
        ReportUnexpected(context, result.Remainder.Position, end, expected);
    }

    private static void ReportUnexpected(ParseContext context, int position, int end, string expected)
    {
        string text = context.Text;
        if (position >= end)
        {
            context.Report(DiagnosticDescriptors.SyntaxError.Id, new SourceSpan(System.Math.Max(0, end - 1), end > 0 ? 1 : 0),
                "Unexpected end of statement; expected " + expected);
            return;
        }
        if (char.IsWhiteSpace(text[position]) && position > 0 && text[position - 1] is '+' or '-' or '*' or '/')
        {
            // "w=0.1+ 2": the value ended at the space.
            context.Report(DiagnosticDescriptors.SyntaxError.Id, new SourceSpan(position, 1),
                $"Unexpected space after '{text[position - 1]}'; expected {expected}{ExpressionHint}");
            return;
        }
        int tokenEnd = position + 1;
        if (char.IsLetterOrDigit(text[position]) || text[position] == '_')
        {
            while (tokenEnd < end && (char.IsLetterOrDigit(text[tokenEnd]) || text[tokenEnd] == '_' || text[tokenEnd] == '.')) tokenEnd++;
        }
        string found = text.Substring(position, tokenEnd - position);
        context.Report(DiagnosticDescriptors.SyntaxError.Id, SourceSpan.FromBounds(position, tokenEnd),
            $"Unexpected '{Visible(found)}'; expected {expected}{SpacedOperatorHint(text, position, end)}{DigitHint(found)}");
    }

    /// <summary>
    /// The text with invisible and direction-changing characters written as U+XXXX: printed raw, a bidirectional
    /// override would reorder the rest of the message in a terminal, and a zero-width space shows as nothing.
    /// </summary>
    internal static string Visible(string text)
    {
        var visible = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            var category = char.GetUnicodeCategory(c);
            bool hidden = category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Control
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                or System.Globalization.UnicodeCategory.SpaceSeparator && c != ' ';
            if (hidden) visible.Append("U+").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else visible.Append(c);
        }
        return visible.ToString();
    }

    /// <summary>"duration=１": a decimal digit of another script (fullwidth, Arabic-Indic, ...) is not read as a number.</summary>
    private static string DigitHint(string found)
    {
        foreach (char c in found)
        {
            if (char.IsDigit(c) && (c < '0' || c > '9'))
            {
                return $"; numbers are written with the digits 0-9, and '{c}' (U+{(int)c:X4}) is a digit of another script: write {(int)char.GetNumericValue(c)}";
            }
        }
        return string.Empty;
    }

    private const string ExpressionHint = "; write an expression without spaces, e.g. 19+uniform(-0.5,0.5), or in parentheses, e.g. (19 + uniform(-0.5, 0.5))";

    /// <summary>
    /// "w=19 + 2": spaces end a value, so the operator after them is unexpected. Say how expressions are written
    /// when an operator follows a value and a space inside a key=value item.
    /// </summary>
    private static string SpacedOperatorHint(string text, int position, int end)
    {
        char c = text[position];
        bool op = c is '+' or '*' or '/' || (c == '-' && (position + 1 >= end || text[position + 1] != '>'));
        if (!op || position == 0 || !char.IsWhiteSpace(text[position - 1])) return string.Empty;
        int before = position - 1;
        while (before > 0 && (text[before] == ' ' || text[before] == '\t')) before--;
        char last = text[before];
        if (!(char.IsLetterOrDigit(last) || last is ')' or ']' or '_')) return string.Empty;
        for (int i = before; i >= 0 && text[i] is not ('\n' or '\r' or ';' or '{'); i--)
        {
            if (text[i] == '=') return ExpressionHint;
        }
        return string.Empty;
    }
}
