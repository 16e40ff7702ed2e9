using NetDsl.Construction;
using NetDsl.Definition;
using NetDsl.Random;
using static NetDsl.Definition.ValueExpression;

namespace NetDsl.Tests;

/// <summary>Expressions print as the NetPyNE string functions Python would evaluate to the same value.</summary>
public class ValueExpressionTests
{
    private static readonly ValueExpression Two = Number(2), Three = Number(3);

    public static TheoryData<ValueExpression, string, double> Cases() => new()
    {
        { Binary(ExpressionOperator.Add, Number(0.12), Binary(ExpressionOperator.Multiply, Number(0.001), Of(ExpressionVariable.YNorm))), "0.12 + 0.001*ynorm", 0.12 + 0.001 * 0.5 },
        { Binary(ExpressionOperator.Power, Number(-2), Two), "(-2)**2", 4 },
        { Binary(ExpressionOperator.Power, Negate(Two), Two), "(-2)**2", 4 },
        { Negate(Binary(ExpressionOperator.Power, Two, Two)), "-2**2", -4 },
        { Binary(ExpressionOperator.Subtract, Three, Binary(ExpressionOperator.Subtract, Two, Number(1))), "3 - (2 - 1)", 2 },
        { Binary(ExpressionOperator.Subtract, Binary(ExpressionOperator.Subtract, Three, Two), Number(1)), "3 - 2 - 1", 0 },
        { Binary(ExpressionOperator.Multiply, Binary(ExpressionOperator.Add, Two, Three), Of(ExpressionVariable.X)), "(2 + 3)*x", 5 * 30.0 },
        { Binary(ExpressionOperator.Power, Two, Binary(ExpressionOperator.Power, Three, Two)), "2**3**2", 512 },
        { Binary(ExpressionOperator.Power, Binary(ExpressionOperator.Power, Two, Three), Two), "(2**3)**2", 64 },
        { Call(ExpressionFunction.Exp, Negate(Binary(ExpressionOperator.Divide, Of(ExpressionVariable.Y), Number(150)))), "exp(-(y/150))", Math.Exp(-(60 / 150.0)) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsAsPythonReadsItAndEvaluatesTheSame(ValueExpression expression, string text, double value)
    {
        Assert.Equal(text, expression.ToString());
        Assert.Equal(text, ValueSpec.Of(expression).ToString());
        var stream = new Random123Stream(1, 2, 3);
        Assert.Equal(value, ValueDraw.Draw(ValueSpec.Of(expression), ref stream, new CellTags(30, 60, 90, 0.3, 0.5, 0.9)));
    }

    [Fact]
    public void RandomCallsDrawInOrderFromTheCellsStream()
    {
        // 19 + uniform(-0.5, 0.5), then normal(0.7, 0.05): the same two draws as calling the stream directly.
        var diam = Binary(ExpressionOperator.Add, Number(19), Call(ExpressionFunction.Uniform, Number(-0.5), Number(0.5)));
        var k = Call(ExpressionFunction.Normal, Number(0.7), Number(0.05));
        var a = new Random123Stream(391219005, 7, 1);
        double d = ValueDraw.Draw(ValueSpec.Of(diam), ref a, default(CellTags)), kk = ValueDraw.Draw(ValueSpec.Of(k), ref a, default(CellTags));
        var b = new Random123Stream(391219005, 7, 1);
        Assert.Equal(19 + b.Uniform(-0.5, 0.5), d);
        Assert.Equal(b.Normal(0.7, 0.05), kk);
        Assert.True(diam.IsRandom && !Number(1).IsRandom);
    }
}
