using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Tests.Parsing;

/// <summary>
/// The expression grammar: Python's precedence (+ - below * / below unary minus below **, which is right
/// associative), parentheses, function calls, numbers with units, and the rule that a value is written without
/// spaces unless it is in parentheses.
/// </summary>
public class ExpressionParsingTests
{
    /// <summary>The value of <c>sim x=TEXT</c>, parsed on its own.</summary>
    private static (ValueNode? Value, List<DiagnosticInfo> Diagnostics) ParseValue(string text)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var file = NetDslParser.Parse("/m.netdsl", "sim x=" + text, diagnostics, default);
        var sim = file.Statements.OfType<SimStatement>().SingleOrDefault();
        return (sim?.Arguments.Single().Value, diagnostics);
    }

    /// <summary>The tree as an s-expression: (op left right), (neg x), (f args), numbers and names as written.</summary>
    private static string Tree(ValueNode node) => node switch
    {
        NumberNode number => number.Text + (number.Unit ?? string.Empty),
        NameNode name => name.Name,
        ParenNode paren => Tree(paren.Inner),
        NegateNode negate => "(neg " + Tree(negate.Operand) + ")",
        BinaryNode binary => "(" + binary.Operator + " " + Tree(binary.Left) + " " + Tree(binary.Right) + ")",
        CallNode call => "(" + call.Function.Name + string.Concat(call.Arguments.Select(a => " " + (a.Name is null ? string.Empty : a.Name.Name + "=") + Tree(a.Value!))) + ")",
        TupleNode tuple => "(tuple" + string.Concat(tuple.Items.Select(i => " " + Tree(i))) + ")",
        _ => node.GetType().Name,
    };

    [Theory]
    // Precedence and associativity.
    [InlineData("1+2*3", "(+ 1 (* 2 3))")]
    [InlineData("2*3+4*5", "(+ (* 2 3) (* 4 5))")]
    [InlineData("8-4-2", "(- (- 8 4) 2)")]
    [InlineData("8/4/2", "(/ (/ 8 4) 2)")]
    [InlineData("2*3/4", "(/ (* 2 3) 4)")]
    [InlineData("2**3**2", "(** 2 (** 3 2))")]
    [InlineData("2*x**2", "(* 2 (** x 2))")]
    // Unary minus: a sign before a number is part of it, before anything else it negates; ** binds tighter.
    [InlineData("-70mV", "-70mV")]
    [InlineData("-x", "(neg x)")]
    [InlineData("-x*2", "(* (neg x) 2)")]
    [InlineData("-2**2", "(neg (** 2 2))")]
    [InlineData("2**-1", "(** 2 -1)")]
    [InlineData("3--2", "(- 3 -2)")]
    [InlineData("--2", "(neg -2)")]
    [InlineData("-(1+x)", "(neg (+ 1 x))")]
    [InlineData("+5", "5")]
    // Parentheses: spaces are free inside them.
    [InlineData("(1+2)*3", "(* (+ 1 2) 3)")]
    [InlineData("((1 + 2) * 3)", "(* (+ 1 2) 3)")]
    [InlineData("( - x + 1 )", "(+ (neg x) 1)")]
    [InlineData("(0.12 + 0.001 * ynorm)", "(+ 0.12 (* 0.001 ynorm))")]
    // Function calls.
    [InlineData("19+uniform(-0.5,0.5)", "(+ 19 (uniform -0.5 0.5))")]
    [InlineData("(19um + uniform(-0.5um, 0.5um))", "(+ 19um (uniform -0.5um 0.5um))")]
    [InlineData("exp(-y/100um)", "(exp (/ (neg y) 100um))")]
    [InlineData("max(0,min(x,2um))", "(max 0 (min x 2um))")]
    [InlineData("normal(0.7, variance=0.05)", "(normal 0.7 variance=0.05)")]
    [InlineData("0.7+normal(0,sd=0.1*xnorm)", "(+ 0.7 (normal 0 sd=(* 0.1 xnorm)))")]
    // Units: '/' inside a unit only before a letter; ohm*cm is one unit.
    [InlineData("10um/2", "(/ 10um 2)")]
    [InlineData("0.3mS/cm2", "0.3mS/cm2")]
    [InlineData("123ohm*cm", "123ohm*cm")]
    [InlineData("123ohmcm", "123ohmcm")]
    [InlineData("2.5e-3*x", "(* 2.5e-3 x)")]
    // A pair is still a pair.
    [InlineData("(E, 3)", "(tuple E 3)")]
    public void Expression_ParsesWithPythonsPrecedence(string text, string tree)
    {
        var (value, diagnostics) = ParseValue(text);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics.Select(d => d.Message)));
        Assert.Equal(tree, Tree(value!));
    }

    [Fact]
    public void Nodes_CarryTheirSpans()
    {
        var (value, _) = ParseValue("19+uniform(-0.5,0.5)");
        const int offset = 6; // "sim x="
        var sum = Assert.IsType<BinaryNode>(value);
        Assert.Equal(new SourceSpan(offset, 20), sum.Span);
        Assert.Equal(new SourceSpan(offset + 2, 1), sum.OperatorSpan);
        var call = Assert.IsType<CallNode>(sum.Right);
        Assert.Equal(new SourceSpan(offset + 3, 17), call.Span);
        var low = Assert.IsType<NumberNode>(call.Arguments[0].Value);
        Assert.Equal((-0.5, "-0.5", new SourceSpan(offset + 11, 4)), (low.Value, low.Text, low.Span));
        var (paren, _) = ParseValue("(x)");
        Assert.Equal(new SourceSpan(offset, 3), Assert.IsType<ParenNode>(paren).Span);
    }

    [Fact]
    public void ArgumentsWithoutSpaces_StaySeparateItems()
    {
        var diagnostics = new List<DiagnosticInfo>();
        var file = NetDslParser.Parse("/m.netdsl", "sim a=-2 b=1+2 c=(3 - 1) d=x", diagnostics, default);
        Assert.Empty(diagnostics);
        var arguments = file.Statements.OfType<SimStatement>().Single().Arguments;
        Assert.Equal(new[] { "a", "b", "c", "d" }, arguments.Select(a => a.Key));
        Assert.Equal(new[] { "-2", "(+ 1 2)", "(- 3 1)", "x" }, arguments.Select(a => Tree(a.Value!)));
    }

    [Theory]
    [InlineData("19 + 1", 10, "Unexpected '+'; expected end of statement; write an expression without spaces, e.g. 19+uniform(-0.5,0.5), or in parentheses, e.g. (19 + uniform(-0.5, 0.5))")]
    [InlineData("19+ 1", 10, "Unexpected space after '+'; expected a value; write an expression without spaces, e.g. 19+uniform(-0.5,0.5), or in parentheses, e.g. (19 + uniform(-0.5, 0.5))")]
    [InlineData("19+", 9, "Unexpected end of statement; expected a value")]
    [InlineData("uniform(-0.5,", 19, "Unexpected end of statement; expected a name or a value")]
    [InlineData("(1+2", 10, "Unexpected end of statement; expected ',' or ')'")]
    [InlineData("2*/3", 9, "Unexpected '/'; expected a value")]
    public void BrokenExpression_IsASyntaxErrorAtThePlaceItBreaks(string text, int column, string message)
    {
        var (_, diagnostics) = ParseValue(text);
        var error = Assert.Single(diagnostics);
        Assert.Equal(("NDSL0001", 0, column - 1), (error.Id, error.StartLine, error.StartColumn));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void DeepNesting_IsRefusedBeforeParsing_AndTheDeepestAllowedFitsASmallStack()
    {
        string Nested(int depth) => new string('(', depth) + "1" + new string(')', depth);
        (ValueNode? Value, List<DiagnosticInfo> Diagnostics) result = default;
        // Roslyn runs generators on ordinary threads (1 MB); the grammar also refuses, rather than overflows, when less
        // than the runtime's safety margin is left, so the deepest allowed value must parse on half of that.
        var thread = new System.Threading.Thread(() => result = ParseValue(Nested(NetDslParser.MaxNesting)), 512 * 1024);
        thread.Start();
        thread.Join();
        Assert.Empty(result.Diagnostics!);
        Assert.Equal("1", Tree(result.Value!));

        var (_, diagnostics) = ParseValue(Nested(NetDslParser.MaxNesting + 1));
        var error = Assert.Single(diagnostics);
        Assert.Equal(("NDSL0001", 6 + NetDslParser.MaxNesting), (error.Id, error.StartColumn));
        Assert.Equal($"Brackets nested more than {NetDslParser.MaxNesting} deep; simplify the value", error.Message);
    }

    [Fact]
    public void ThousandsOfTerms_AreAnErrorNotACrash()
    {
        string text = "cell C {\n  soma diam=1" + string.Concat(Enumerable.Repeat("+1", 5000)) + "\n  hh\n}\npop P: C x 1\nstim s: IClamp amp=1\nstim s -> P";
        var result = NetDslCompiler.Analyze("/m.netdsl", text, "M", default);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("NDSL0204", 1, 12), (error.Id, error.StartLine, error.StartColumn));
        Assert.Contains("not an expression nested more than 200 operations deep", error.Message);
    }
}
