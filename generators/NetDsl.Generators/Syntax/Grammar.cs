using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Sprache;

namespace NetDsl.Generators.Syntax;

/// <summary>
/// The Sprache grammar of one statement. Inputs are <see cref="BoundedInput"/>s, so every position is an
/// absolute offset in the file. Every token is named, so failures read "expected a value" rather than
/// listing characters.
/// </summary>
internal static class Grammar
{
    private static SourceSpan ToSpan<T>(ITextSpan<T> span) => new(span.Start.Pos, span.Length);

    // Statements are trimmed, so a token only has to swallow the whitespace after it. Skipping it before
    // a token instead would make a failed alternative look as if it had consumed input, which stops XOr.
    private static Parser<T> Tok<T>(Parser<T> parser) =>
        from value in parser
        from trailing in Parse.WhiteSpace.Many()
        select value;

    private static Parser<char> Symbol(char c, string name) => Tok(Parse.Char(c)).Named(name);

    public static readonly Parser<Identifier> Identifier =
        Tok(Parse.Identifier(Parse.Letter.Or(Parse.Char('_')), Parse.LetterOrDigit.Or(Parse.Char('_'))).Span())
            .Select(s => new Identifier(s.Value, ToSpan(s)))
            .Named("a name");

    /// <summary>A keyword: a name that must be exactly <paramref name="word"/>.</summary>
    public static Parser<Identifier> Keyword(string word) =>
        Tok(Parse.Identifier(Parse.Letter, Parse.LetterOrDigit.Or(Parse.Char('_'))).Where(s => s == word).Span())
            .Select(s => new Identifier(s.Value, ToSpan(s)))
            .Named("'" + word + "'");

    private static readonly Parser<string> Digits = Parse.Digit.AtLeastOnce().Text();

    private static readonly Parser<string> UnsignedNumber =
        (from whole in Digits
         from fraction in Parse.Char('.').Then(_ => Digits.Optional().Select(d => "." + d.GetOrElse("0"))).Optional()
         select whole + fraction.GetOrElse(string.Empty))
        .Or(from dot in Parse.Char('.')
            from fraction in Digits
            select "0." + fraction);

    private static readonly Parser<string> Exponent =
        from e in Parse.Chars('e', 'E')
        from sign in Parse.Chars('+', '-').Optional()
        from digits in Digits
        select "e" + (sign.IsDefined ? sign.Get().ToString() : string.Empty) + digits;

    private static readonly Parser<string> NumberText =
        from sign in Parse.Chars('-', '+').Optional()
        from mantissa in UnsignedNumber
        from exponent in Exponent.Optional()
        select (sign.IsDefined && sign.Get() == '-' ? "-" : string.Empty) + mantissa + exponent.GetOrElse(string.Empty);

    private static readonly Parser<string> UnitText =
        from first in Parse.Letter.Or(Parse.Char('µ'))
        from rest in Parse.LetterOrDigit.Or(Parse.Chars('/', 'µ')).Many().Text()
        select first + rest;

    public static readonly Parser<NumberNode> Number =
        Tok((from number in NumberText.Span()
             from unit in UnitText.Span().Optional()
             select (number, unit)).Span())
        .Select(s =>
        {
            var (number, unit) = s.Value;
            double value = double.Parse(number.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            return unit.IsDefined
                ? new NumberNode(value, number.Value, unit.Get().Value, ToSpan(unit.Get()), ToSpan(s))
                : new NumberNode(value, number.Value, null, new SourceSpan(ToSpan(s).End, 0), ToSpan(s));
        })
        .Named("a number");

    private static readonly Parser<ValueNode> StringValue =
        Tok((from open in Parse.Char('"')
             from content in Parse.CharExcept("\"\r\n").Many().Text()
             from close in Parse.Char('"').Named("closing '\"'")
             select content).Span())
        .Select(s => (ValueNode)new StringNode(s.Value, ToSpan(s)))
        .Named("a string");

    private static readonly Parser<ValueNode> ListValue =
        Tok((from open in Parse.Char('[')
             from items in Parse.Ref(() => Value).XDelimitedBy(Symbol(',', "','")).XOptional()
             from close in Symbol(']', "',' or ']'")
             select items.GetOrElse(Enumerable.Empty<ValueNode>()).ToList()).Span())
        .Select(s => (ValueNode)new ListNode(s.Value, ToSpan(s)));

    private static readonly Parser<ValueNode> TupleValue =
        Tok((from open in Parse.Char('(')
             from items in Parse.Ref(() => Value).XDelimitedBy(Symbol(',', "','"))
             from close in Symbol(')', "',' or ')'")
             select items.ToList()).Span())
        .Select(s => (ValueNode)new TupleNode(s.Value, ToSpan(s)));

    /// <summary>Inside a call: <c>name=value</c> or a positional value.</summary>
    private static readonly Parser<Argument> CallArgument =
        (from name in Identifier
         from eq in Symbol('=', "'='")
         from value in Parse.Ref(() => Value)
         select new Argument(name, value, null, name.Span.Union(value.Span)))
        .Or(Parse.Ref(() => Value).Select(v => new Argument(null, v, null, v.Span)));

    private static readonly Parser<List<Argument>> CallArguments =
        from open in Symbol('(', "'('")
        from args in CallArgument.XDelimitedBy(Symbol(',', "','")).XOptional()
        from close in Symbol(')', "',' or ')'")
        select args.GetOrElse(Enumerable.Empty<Argument>()).ToList();

    private static readonly Parser<ValueNode> NameOrCall =
        Tok((from name in Identifier
             from args in CallArguments.Optional()
             select (name, args)).Span())
        .Select(s => s.Value.args.IsDefined
            ? (ValueNode)new CallNode(s.Value.name, s.Value.args.Get(), ToSpan(s))
            : new NameNode(s.Value.name.Name, s.Value.name.Span));

    public static readonly Parser<ValueNode> Value =
        Number.Select(n => (ValueNode)n)
            .XOr(StringValue)
            .XOr(ListValue)
            .XOr(TupleValue)
            .XOr(NameOrCall)
            .Named("a value");

    /// <summary>A statement argument: <c>name=value</c>, a group <c>seeds(conn=2)</c>, or a bare flag <c>all</c>.</summary>
    public static readonly Parser<Argument> Argument =
        Tok((from name in Identifier
             from rest in Symbol('=', "'='").Then(_ => Value).Select(v => ((ValueNode?)v, (List<Argument>?)null))
                 .XOr(CallArguments.Select(g => ((ValueNode?)null, (List<Argument>?)g)))
                 .XOptional()
             select (name, rest)).Span())
        .Select(s => s.Value.rest.IsDefined
            ? new Argument(s.Value.name, s.Value.rest.Get().Item1, s.Value.rest.Get().Item2, ToSpan(s))
            : new Argument(s.Value.name, null, null, ToSpan(s)));

    public static readonly Parser<List<Argument>> Arguments = Argument.XMany().Select(a => a.ToList());

    /// <summary>Cells: <c>all</c>, a name, or <c>[a, b]</c>.</summary>
    public static readonly Parser<TargetNode> Target =
        Tok((from open in Parse.Char('[')
             from names in Identifier.XDelimitedBy(Symbol(',', "','"))
             from close in Symbol(']', "',' or ']'")
             select names.ToList()).Span())
        .Select(s => new TargetNode(false, s.Value, ToSpan(s)))
        .XOr(Identifier.Select(id => id.Name == "all"
            ? new TargetNode(true, new List<Identifier>(), id.Span)
            : new TargetNode(false, new List<Identifier> { id }, id.Span)))
        .Named("a population, a cell type, [a, b] or all");

    public static readonly Parser<string> Arrow = Tok(Parse.String("->").Text()).Named("'->'");

    public static readonly Parser<char> Colon = Symbol(':', "':'");

    public static readonly Parser<char> OpenBrace = Symbol('{', "'{'");

    public static Parser<T> EndOfStatement<T>(Parser<T> parser) =>
        from value in parser
        from end in Parse.WhiteSpace.Many().End().Named("end of statement")
        select value;
}
