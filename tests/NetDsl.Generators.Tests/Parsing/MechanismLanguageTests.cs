using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Parsing;

/// <summary>
/// Hodgkin-Huxley cells, ExpSyn, celsius, record m/h/n and expressions, from text to the location-free model:
/// NetPyNE's defaults from the mechanism catalog, units converted into the numbers, file order kept.
/// </summary>
public class MechanismLanguageTests
{
    private static NetworkSpec Spec(string text)
    {
        var result = NetDslCompiler.Analyze("/models/test_model.netdsl", text, "Models", default);
        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics.Select(d => $"{d.Id} ({d.StartLine + 1},{d.StartColumn + 1}) {d.Message}")));
        return result.Spec!;
    }

    private static NetworkSpec Cell(string body) => Spec("cell C {\n" + body + "\n}\npop P: C x 2\nstim s: IClamp amp=0.1\nstim s -> P");

    private static ParameterSpec Parameter(CellSpec cell, string name) =>
        cell.Geometry.Concat(cell.Parameters).Concat(cell.Mechs.SelectMany(m => m.Parameters)).Single(p => p.Name == name);

    private static ExpressionSpec N(double value) => ExpressionSpec.Number(value);

    private static ExpressionSpec V(string member) => ExpressionSpec.Variable(member);

    private static ExpressionSpec B(string op, ExpressionSpec left, ExpressionSpec right) => ExpressionSpec.Binary(op, left, right);

    /// <summary>Evaluates a spec that draws nothing, with the cell at <paramref name="x"/>.</summary>
    private static double Evaluate(ExpressionSpec e, double x = 0) => e.Kind switch
    {
        ExpressionKind.Number => e.Value,
        ExpressionKind.Variable => x,
        ExpressionKind.Negate => -Evaluate(e.Operands[0], x),
        ExpressionKind.Binary => e.Name switch
        {
            "Add" => Evaluate(e.Operands[0], x) + Evaluate(e.Operands[1], x),
            "Subtract" => Evaluate(e.Operands[0], x) - Evaluate(e.Operands[1], x),
            "Multiply" => Evaluate(e.Operands[0], x) * Evaluate(e.Operands[1], x),
            "Divide" => Evaluate(e.Operands[0], x) / Evaluate(e.Operands[1], x),
            _ => Math.Pow(Evaluate(e.Operands[0], x), Evaluate(e.Operands[1], x)),
        },
        _ => e.Name == "Exp" ? Math.Exp(Evaluate(e.Operands[0], x)) : throw new NotSupportedException(e.Name),
    };

    [Fact]
    public void Tutorial2_LowersToHhCellsWithExpressions()
    {
        var spec = Spec(RepositoryPaths.TestModel("tutorial2.netdsl"));
        var pyr = spec.Cells[0];
        Assert.Equal(("PYR", string.Empty), (pyr.Name, pyr.Mechanism));
        Assert.Empty(pyr.Parameters);
        var hh = Assert.Single(pyr.Mechs);
        Assert.Equal("hh", hh.Name);
        Assert.Equal(new[] { "gnabar", "gkbar", "gl", "el" }, hh.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { "diam", "L", "Ra", "cm" }, pyr.Geometry.Select(p => p.Name));

        var diam = Parameter(pyr, "diam");
        Assert.Equal((ParameterType.Distribution, 3, "cell.PYR.diam"), (diam.Type, diam.Distribution, diam.Path));
        Assert.Equal(B("Add", N(19), ExpressionSpec.Call("Uniform", N(-0.5), N(0.5))), diam.Expression);
        var gnabar = Parameter(pyr, "gnabar");
        Assert.Equal(B("Add", N(0.12), B("Multiply", N(0.001), V("YNorm"))), gnabar.Expression);
        Assert.Equal(new[] { 18.8, 123, 1, 0.036, 0.003, -70 },
            new[] { "L", "Ra", "cm", "gkbar", "gl", "el" }.Select(n => Parameter(pyr, n)).Select(p => (p.Distribution, p.A)).Select(t => { Assert.Equal(0, t.Distribution); return t.A; }));

        var leaky = spec.Cells[1];
        Assert.Equal("pas", leaky.Mechs.Single().Name);
        Assert.Equal(new[] { 0.0001, -65.0 }, leaky.Mechs.Single().Parameters.Select(p => p.A));
        Assert.Equal(new[] { "Exp2Syn", "ExpSyn" }, spec.Synapses.Select(s => s.Kind));
        Assert.Equal(new[] { 0.1, 5, 0.0 }, spec.Synapses[0].Parameters.Select(p => p.A));
        Assert.Equal(new[] { 2, 0.0 }, spec.Synapses[1].Parameters.Select(p => p.A));
        Assert.Equal(new[] { "tau", "e" }, spec.Synapses[1].Parameters.Select(p => p.Name));
        Assert.Equal(("sim.celsius", 6.3), spec.Simulation.Settings.Where(p => p.Name == "celsius").Select(p => (p.Path, p.A)).Single());
        Assert.Equal(new[] { "V", "M" }, spec.Records.Select(r => r.Variable));
    }

    [Fact]
    public void DensityMechanisms_KeepFileOrder_AndTakeTheCatalogsDefaults()
    {
        var spec = Cell("  pas e=-65\n  hh\n  soma L=20 diam=20");
        var cell = spec.Cells[0];
        Assert.Equal(new[] { "pas", "hh" }, cell.Mechs.Select(m => m.Name));
        Assert.Equal(new[] { ("e", -65.0), ("g", 0.001) }, cell.Mechs[0].Parameters.Select(p => (p.Name, p.A)));
        Assert.Equal(new[] { ("gnabar", 0.12), ("gkbar", 0.036), ("gl", 0.0003), ("el", -54.3) }, cell.Mechs[1].Parameters.Select(p => (p.Name, p.A)));
        Assert.Equal(new[] { "L", "diam", "cm" }, cell.Geometry.Select(p => p.Name));
        Assert.Equal(10, cell.Threshold.A);
    }

    [Fact]
    public void NewUnits_AreConvertedToNetPyNEUnits()
    {
        var spec = Spec("cell C {\n  soma diam=20 Ra=0.5ohm*cm\n  hh gnabar=1200pS/um2 gkbar=36mS/cm2 gl=300uS/cm2 el=-0.0543V\n}\n" +
                        "cell D { soma Ra=35.4ohmcm; pas g=1e-4S/cm2 }\npop P: C x 2\npop Q: D x 1\nstim s: IClamp amp=0.1\nstim s -> all\nsim celsius=20degC");
        var c = spec.Cells[0];
        Assert.Equal(0.5, Parameter(c, "Ra").A);
        Assert.Equal(0.12, Parameter(c, "gnabar").A, 15);
        Assert.Equal(0.036, Parameter(c, "gkbar").A, 15);
        Assert.Equal(0.0003, Parameter(c, "gl").A, 15);
        Assert.Equal(-54.3, Parameter(c, "el").A, 12);
        Assert.Equal(35.4, Parameter(spec.Cells[1], "Ra").A);
        Assert.Equal(1e-4, Parameter(spec.Cells[1], "g").A, 15);
        Assert.Equal(20, spec.Simulation.Settings.Single(p => p.Name == "celsius").A);
    }

    [Fact]
    public void UnitsInsideExpressions_AreConvertedIntoTheNumbers()
    {
        var written = Cell("  soma diam=(19um + uniform(-0.5um, 0.5um)) L=(0.0188mm)\n  hh gnabar=(0.12S/cm2 + 1mS/cm2*ynorm)");
        var bare = Cell("  soma diam=19+uniform(-0.5,0.5) L=18.8\n  hh gnabar=0.12+0.001*ynorm");
        Assert.Equal(Parameter(bare.Cells[0], "diam"), Parameter(written.Cells[0], "diam"));
        var gnabar = Parameter(written.Cells[0], "gnabar").Expression!;
        Assert.Equal(0.12 + 0.001 * 0.5, Evaluate(gnabar, 0.5), 15);
        // A parenthesized number is a constant, converted.
        var length = Parameter(written.Cells[0], "L");
        Assert.Equal((0, 18.8), (length.Distribution, Math.Round(length.A, 12)));
    }

    [Fact]
    public void ProductsOfUnits_AreScaledToTheParametersUnit()
    {
        // ms * Hz is a plain number: 2 ms * 1 kHz = 2; um * 1/um likewise.
        var spec = Cell("  soma diam=(2ms*1kHz*x/1um) L=(x*x/10um)\n  hh gnabar=(0.12S/cm2*exp(-x/100um))");
        var cell = spec.Cells[0];
        Assert.Equal(2 * 7.0, Evaluate(Parameter(cell, "diam").Expression!, 7), 12);
        Assert.Equal(49 / 10.0, Evaluate(Parameter(cell, "L").Expression!, 7), 12);
        Assert.Equal(0.12 * Math.Exp(-0.07), Evaluate(Parameter(cell, "gnabar").Expression!, 7), 15);
    }

    [Fact]
    public void PlainValuesAndDistributions_LowerExactlyAsBefore()
    {
        var cell = Cell("  soma diam=uniform(18, 22) L=normal(20, variance=4) cm=1\n  hh gnabar=0.12").Cells[0];
        Assert.Equal((2, 18.0, 22.0, (ExpressionSpec?)null), (Parameter(cell, "diam").Distribution, Parameter(cell, "diam").A, Parameter(cell, "diam").B, Parameter(cell, "diam").Expression));
        Assert.Equal((1, 20.0, 4.0), (Parameter(cell, "L").Distribution, Parameter(cell, "L").A, Parameter(cell, "L").B));
        Assert.Equal((0, 1.0), (Parameter(cell, "cm").Distribution, Parameter(cell, "cm").A));
    }

    [Fact]
    public void NormalInAnExpression_TakesItsVarianceInTheMeansUnitSquared()
    {
        var cell = Cell("  soma diam=(normal(19um, 0.25) + 0um) L=(normal(20um, sd=500nm) + 0um)\n  hh").Cells[0];
        var diam = Parameter(cell, "diam").Expression!;
        Assert.Equal(ExpressionSpec.Call("Normal", N(19), N(0.25)), diam.Operands[0]);
        var length = Parameter(cell, "L").Expression!;
        Assert.Equal("Normal", length.Operands[0].Name);
        Assert.Equal(0.25, length.Operands[0].Operands[1].Value, 15);
    }

    [Fact]
    public void RecordVariables_OfHh_AreMHN()
    {
        var spec = Spec("cell C { hh }\npop P: C x 1\nstim s: IClamp amp=0.1\nstim s -> P\nrecord a: m\nrecord b: h of P\nrecord c: n of C\nrecord d: v");
        Assert.Equal(new[] { "M", "H", "N", "V" }, spec.Records.Select(r => r.Variable));
    }

    [Fact]
    public void ExpressionModels_AreEqualForEquivalentText_AndDifferOtherwise()
    {
        var a = Cell("  soma diam=(19 + uniform(-0.5, 0.5))\n  hh gnabar=0.12+0.001*ynorm");
        var b = Cell("  soma diam=(19  +  uniform( -0.5 , 0.5 ))\n  hh gnabar=0.12+0.001*ynorm");
        var c = Cell("  soma diam=(19 + uniform(-0.5, 0.6))\n  hh gnabar=0.12+0.001*ynorm");
        Assert.Equal(Parameter(a.Cells[0], "diam"), Parameter(b.Cells[0], "diam"));
        Assert.Equal(Parameter(a.Cells[0], "diam").GetHashCode(), Parameter(b.Cells[0], "diam").GetHashCode());
        Assert.NotEqual(Parameter(a.Cells[0], "diam"), Parameter(c.Cells[0], "diam"));
    }
}
