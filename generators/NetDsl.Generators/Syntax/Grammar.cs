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

    /// <summary>ASCII digits only: Parse.Digit takes every Unicode decimal digit ('１'), which double.Parse does not read.</summary>
    private static readonly Parser<string> Digits = Parse.Char(c => c >= '0' && c <= '9', "a digit").AtLeastOnce().Text();

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

    // A unit: letters and digits, and further '/'-separated parts that start with a letter (uF/cm2, S/cm2), so
    // that 10um/2 is a division. ohm*cm is the one unit with a '*'.
    private static readonly Parser<string> UnitText =
        Parse.String("ohm*cm").Text()
            .Or(from first in Parse.Letter.Or(Parse.Char('µ'))
                from rest in Parse.LetterOrDigit.Or(Parse.Char('µ')).Many().Text()
                from parts in (from slash in Parse.Char('/')
                               from head in Parse.Letter.Or(Parse.Char('µ'))
                               from tail in Parse.LetterOrDigit.Or(Parse.Char('µ')).Many().Text()
                               select "/" + head + tail).Many()
                select first + rest + string.Concat(parts));

    private static NumberNode BuildNumber(ITextSpan<(ITextSpan<string> number, IOption<ITextSpan<string>> unit)> s)
    {
        var (number, unit) = s.Value;
        double value = double.Parse(number.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return unit.IsDefined
            ? new NumberNode(value, number.Value, unit.Get().Value, ToSpan(unit.Get()), ToSpan(s))
            : new NumberNode(value, number.Value, null, new SourceSpan(ToSpan(s).End, 0), ToSpan(s));
    }

    /// <summary>A signed number with an optional unit (population sizes).</summary>
    public static readonly Parser<NumberNode> Number =
        Tok((from number in NumberText.Span()
             from unit in UnitText.Span().Optional()
             select (number, unit)).Span())
        .Select(BuildNumber)
        .Named("a number");

    /// <summary>An unsigned number with an optional unit, no whitespace after it; the sign is an operator of the expression.</summary>
    private static readonly Parser<NumberNode> UnsignedNumberLiteral =
        (from number in (from mantissa in UnsignedNumber
                         from exponent in Exponent.Optional()
                         select mantissa + exponent.GetOrElse(string.Empty)).Span()
         from unit in UnitText.Span().Optional()
         select (number, unit)).Span()
        .Select(BuildNumber)
        .Named("a number");

    /// <summary>A parser built on first use, without Sprache's per-position memo (Parse.Ref throws when it meets a cached failure).</summary>
    private static Parser<T> Defer<T>(System.Func<Parser<T>> parser)
    {
        Parser<T>? built = null;
        return input =>
        {
            // Every recursion of the grammar passes here: fail cleanly (caught by the parser) rather than overflow the stack.
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            return (built ??= parser())(input);
        };
    }

    private static Parser<T> Gap<T>(Parser<T> parser, bool spaced) => spaced ? Tok(parser) : parser;

    private static readonly Parser<Identifier> RawIdentifier =
        Parse.Identifier(Parse.Letter.Or(Parse.Char('_')), Parse.LetterOrDigit.Or(Parse.Char('_'))).Span()
            .Select(s => new Identifier(s.Value, ToSpan(s)))
            .Named("a name");

    private static readonly Parser<ValueNode> RawString =
        (from open in Parse.Char('"')
         from content in Parse.CharExcept("\"\r\n").Many().Text()
         from close in Parse.Char('"').Named("closing '\"'")
         select content).Span()
        .Select(s => (ValueNode)new StringNode(s.Value, ToSpan(s)))
        .Named("a string");

    private static readonly Parser<ValueNode> RawList =
        (from open in Tok(Parse.Char('['))
         from items in Defer(() => Value!).XDelimitedBy(Symbol(',', "','")).XOptional()
         from close in Parse.Char(']').Named("',' or ']'")
         select items.GetOrElse(Enumerable.Empty<ValueNode>()).ToList()).Span()
        .Select(s => (ValueNode)new ListNode(s.Value, ToSpan(s)));

    /// <summary><c>(expression)</c>, or a pair / tuple <c>(E, 3)</c>; inside the parentheses spaces are free.</summary>
    private static readonly Parser<ValueNode> RawParenOrTuple =
        (from open in Tok(Parse.Char('('))
         from items in Defer(() => SpacedExpression!).XDelimitedBy(Symbol(',', "','"))
         from close in Parse.Char(')').Named("',' or ')'")
         select items.ToList()).Span()
        .Select(s => s.Value.Count == 1
            ? (ValueNode)new ParenNode(s.Value[0], ToSpan(s))
            : new TupleNode(s.Value, ToSpan(s)));

    /// <summary>Inside a call: <c>name=value</c> or a positional value; inside its parentheses spaces are free (<c>exp(-dist_3D / 150um)</c>).</summary>
    private static readonly Parser<Argument> CallArgument =
        (from name in Identifier
         from eq in Symbol('=', "'='")
         from value in Defer(() => Tok(SpacedExpression!))
         select new Argument(name, value, null, name.Span.Union(value.Span)))
        .Or(Defer(() => Tok(SpacedExpression!)).Select(v => new Argument(null, v, null, v.Span)));

    private static readonly Parser<List<Argument>> RawCallArguments =
        from open in Symbol('(', "'('")
        from args in CallArgument.XDelimitedBy(Symbol(',', "','")).XOptional()
        from close in Parse.Char(')').Named("',' or ')'")
        select args.GetOrElse(Enumerable.Empty<Argument>()).ToList();

    private static readonly Parser<List<Argument>> CallArguments = Tok(RawCallArguments);

    private static readonly Parser<ValueNode> RawNameOrCall =
        (from name in RawIdentifier
         from args in RawCallArguments.XOptional()
         select (name, args)).Span()
        .Select(s => s.Value.args.IsDefined
            ? (ValueNode)new CallNode(s.Value.name, s.Value.args.Get(), ToSpan(s))
            : new NameNode(s.Value.name.Name, s.Value.name.Span));

    /// <summary>
    /// <c>-x</c>: a sign directly before a number is part of it (<c>-70mV</c> stays a number, as before expressions
    /// existed); before anything else it negates. Python's precedence: <c>-2**2</c> is <c>-(2**2)</c>.
    /// </summary>
    private static ValueNode Unary(ITextSpan<char> sign, ValueNode operand)
    {
        var span = ToSpan(sign).Union(operand.Span);
        if (sign.Value == '+')
        {
            return operand is NumberNode plus ? plus with { Span = span } : operand;
        }
        if (operand is NumberNode number && !number.Text.StartsWith("-", System.StringComparison.Ordinal))
        {
            return number with { Value = -number.Value, Text = "-" + number.Text, Span = span };
        }
        return new NegateNode(operand, span);
    }

    private static ValueNode Binary(ValueNode left, (ITextSpan<string> Op, ValueNode Right) next) =>
        new BinaryNode(next.Op.Value, left, next.Right, ToSpan(next.Op), left.Span.Union(next.Right.Span));

    /// <summary>
    /// Arithmetic with Python's precedence: <c>+ -</c> below <c>* /</c> below unary minus below <c>**</c> (right
    /// associative). <paramref name="spaced"/>: spaces may separate tokens (inside parentheses); at the top of a
    /// value they may not, so <c>key=value</c> items stay separated by spaces.
    /// </summary>
    private static Parser<ValueNode> BuildExpression(bool spaced)
    {
        Parser<ITextSpan<string>> Op(string op) => Gap(Parse.String(op).Text().Span(), spaced);
        Parser<ValueNode> factor = null!;
        var factorRef = Defer(() => factor);
        var primary = Gap(UnsignedNumberLiteral.Select(n => (ValueNode)n), spaced)
            .XOr(Gap(RawString, spaced))
            .XOr(Gap(RawList, spaced))
            .XOr(Gap(RawParenOrTuple, spaced))
            .XOr(Gap(RawNameOrCall, spaced))
            .Named("a value");
        var power =
            from @base in primary
            from exponent in (from op in Op("**") from e in factorRef select (op, e)).Optional()
            select exponent.IsDefined ? Binary(@base, exponent.Get()) : @base;
        factor =
            (from sign in Gap(Parse.Chars('-', '+').Span(), spaced)
             from operand in factorRef
             select Unary(sign, operand))
            .XOr(power)
            .Named("a value");
        var term =
            from first in factor
            from rest in (from op in Op("*").XOr(Op("/")) from right in factor select (op, right)).XMany()
            select rest.Aggregate(first, Binary);
        // '-' followed by '>' is the arrow of a rule, never a subtraction.
        var addOp = Op("+").XOr(Parse.String("->").Not().Then(_ => Op("-")));
        return
            from first in term
            from rest in (from op in addOp from right in term select (op, right)).XMany()
            select rest.Aggregate(first, Binary);
    }

    private static readonly Parser<ValueNode> SpacedExpression = BuildExpression(spaced: true);

    private static readonly Parser<ValueNode> TightExpression = BuildExpression(spaced: false);

    /// <summary>
    /// A value: a number (with unit), a string, a list, a pair, a name, a call, or an expression of them
    /// written without spaces (<c>19+uniform(-0.5,0.5)</c>) or in parentheses (<c>(0.12 + 0.001 * ynorm)</c>).
    /// </summary>
    public static readonly Parser<ValueNode> Value = Tok(TightExpression).Named("a value");

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

    /// <summary>A value whose spaces are free up to the end of the statement (<c>param x = 0.1 * sizeX</c>).</summary>
    public static readonly Parser<ValueNode> SpacedValue = Tok(SpacedExpression).Named("a value");

    private static readonly Parser<(bool All, List<Identifier> Names)> TargetHead =
        (from open in Tok(Parse.Char('['))
         from names in Identifier.XDelimitedBy(Symbol(',', "','"))
         from close in Parse.Char(']').Named("',' or ']'")
         select (false, names.ToList()))
        .XOr(RawIdentifier.Select(id => id.Name == "all" ? (true, new List<Identifier>()) : (false, new List<Identifier> { id })));

    /// <summary>Cells: <c>all</c>, a name, or <c>[a, b]</c>, optionally followed by conditions <c>(y=[100um, 1000um], xnorm=[0, 0.5])</c>.</summary>
    public static readonly Parser<TargetNode> Target =
        Tok((from head in TargetHead
             from conditions in RawCallArguments.XOptional()
             select (head, conditions)).Span())
        .Select(s => new TargetNode(s.Value.head.All, s.Value.head.Names, ToSpan(s))
        {
            Conditions = s.Value.conditions.IsDefined ? s.Value.conditions.Get() : new List<Argument>(),
        })
        .Named("a population, a cell type, [a, b] or all");

    public static readonly Parser<string> Arrow = Tok(Parse.String("->").Text()).Named("'->'");

    public static readonly Parser<char> Colon = Symbol(':', "':'");

    public static readonly Parser<char> Comma = Symbol(',', "','");

    public static readonly Parser<char> EqualsSign = Symbol('=', "'='");

    public static readonly Parser<char> OpenBrace = Symbol('{', "'{'");

    public static Parser<T> EndOfStatement<T>(Parser<T> parser) =>
        from value in parser
        from end in Parse.WhiteSpace.Many().End().Named("end of statement")
        select value;
}
