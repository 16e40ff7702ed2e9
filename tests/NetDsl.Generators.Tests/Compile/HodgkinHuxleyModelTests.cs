using System;
using System.Linq;
using NetDsl.Definition;
using NetDsl.Generators.Tests.Harness;
using NetDsl.TestSupport;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// NetPyNE's Tutorial 2 written in NetDsl: the generated class compiles against the runtime and its
/// <c>ToDefinition()</c> is the runtime's Hodgkin-Huxley network (WithMechanisms, expressions, ExpSyn, celsius, m).
/// </summary>
public class HodgkinHuxleyModelTests
{
    private static INetworkModel Create(string path, string text, string className)
    {
        var assembly = GeneratedCodeCompilesTests.Load(GeneratedCodeCompilesTests.CompileModels((path, text)));
        return (INetworkModel)Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + "." + className)!)!;
    }

    private static INetworkModel Tutorial2() => Create("/models/tutorial2.netdsl", RepositoryPaths.TestModel("tutorial2.netdsl"), "Tutorial2");

    [Fact]
    public void Tutorial2_CompilesWithZeroDiagnostics()
    {
        var output = GeneratedCodeCompilesTests.CompileModels(("/models/tutorial2.netdsl", RepositoryPaths.TestModel("tutorial2.netdsl")));
        var diagnostics = output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
    }

    [Fact]
    public void Tutorial2_DefinitionIsTheHodgkinHuxleyNetwork()
    {
        var definition = Tutorial2().ToDefinition();

        Assert.Equal(new[] { ("S", "PYR", 20), ("M", "PYR", 20) }, definition.Populations.Select(p => (p.Name, p.CellType, p.Count)));
        var pyr = definition.Cells.Single(c => c.Name == "PYR");
        Assert.Equal(string.Empty, pyr.Mechanism);
        Assert.Empty(pyr.Parameters);
        var hh = Assert.Single(pyr.Mechs);
        Assert.Equal("hh", hh.Name);
        Assert.Equal(new[] { "gnabar", "gkbar", "gl", "el" }, hh.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { 0.036, 0.003, -70.0 }, hh.Parameters.Skip(1).Select(p => p.Value.A));

        var diam = pyr.Geometry.Single(g => g.Name == "diam").Value;
        Assert.Equal(ValueKind.Expression, diam.Kind);
        Assert.Equal("19 + uniform(-0.5, 0.5)", diam.ToString());
        Assert.Equal(ValueExpression.Binary(ExpressionOperator.Add, ValueExpression.Number(19),
            ValueExpression.Call(ExpressionFunction.Uniform, ValueExpression.Number(-0.5), ValueExpression.Number(0.5))), diam.Expression);
        var gnabar = hh.Parameters[0].Value;
        Assert.Equal(ValueKind.Expression, gnabar.Kind);
        Assert.Equal("0.12 + 0.001*ynorm", gnabar.ToString());
        Assert.Equal(new[] { ("L", 18.8), ("Ra", 123.0), ("cm", 1.0) }, pyr.Geometry.Skip(1).Select(g => (g.Name, g.Value.A)));
        Assert.Equal(10.0, pyr.Threshold);

        var leaky = definition.Cells.Single(c => c.Name == "LEAKY");
        Assert.Equal("pas", leaky.Mechs.Single().Name);
        Assert.Equal(new[] { "g", "e" }, leaky.Mechs.Single().Parameters.Select(p => p.Name));

        var exc = definition.Synapses.Single(s => s.Name == "exc");
        Assert.Equal((SynapseModel.Exp2Syn, 0.1, 5.0, 0.0), (exc.Model, exc.Tau1, exc.Tau2, exc.E));
        var fast = definition.Synapses.Single(s => s.Name == "fast");
        Assert.Equal((SynapseModel.ExpSyn, 2.0, 0.0), (fast.Model, fast.Tau2, fast.E));

        Assert.Equal(6.3, definition.Simulation.Celsius);
        Assert.Equal((1000.0, 0.025, 1.0), (definition.Simulation.Duration, definition.Simulation.Dt, definition.Simulation.RecordStep));
        Assert.Equal(new[] { RecordVariable.V, RecordVariable.M }, definition.Records.Select(r => r.Variable));
        var target = Assert.Single(definition.StimTargets);
        Assert.Equal((SelectorKind.CellTypes, "PYR", 0.01, 5.0, "exc"), (target.Target.Kind, target.Target.Names.Single(), target.Weight, target.Delay, target.Synapse!));
        var conn = Assert.Single(definition.Connections);
        Assert.Equal((ConnectionRuleKind.Divergence, 12.0, 0.01, 5.0), (conn.Rule, conn.RuleValue, conn.Weight.A, conn.Delay.A));
    }

    [Fact]
    public void Tutorial2_Parameters_AreEditableByPath()
    {
        var model = Tutorial2();
        var parameters = model.Parameters;
        Assert.Contains("cell.PYR.gnabar", parameters.Paths);
        Assert.Contains("syn.fast.tau", parameters.Paths);
        Assert.Contains("sim.celsius", parameters.Paths);
        Assert.Equal(0.036, parameters.Get("cell.PYR.gkbar"));
        Assert.Equal(6.3, parameters.Get("sim.celsius"));
        var expression = Assert.Throws<InvalidOperationException>(() => parameters.Get("cell.PYR.diam"));
        Assert.Contains("19 + uniform(-0.5, 0.5)", expression.Message);

        parameters.Set("cell.PYR.diam", 20);
        parameters.Set("cell.PYR.el", -65);
        parameters.Set("syn.fast.tau", 3);
        parameters.Set("sim.celsius", 20);
        var definition = model.ToDefinition();
        var pyr = definition.Cells.Single(c => c.Name == "PYR");
        Assert.Equal(ValueSpec.Constant(20), pyr.Geometry.Single(g => g.Name == "diam").Value);
        Assert.Equal(-65, pyr.Mechs[0].Parameters.Single(p => p.Name == "el").Value.A);
        Assert.Equal(3, definition.Synapses.Single(s => s.Name == "fast").Tau2);
        Assert.Equal(20, definition.Simulation.Celsius);
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("cell.PYR.gkbar", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("sim.celsius", -300));
    }

    /// <summary>NetPyNE's tut2.py as in tests/reference/H_tut2 (recordStep 1 ms).</summary>
    private const string NetPyneTutorial2 = """
        cell PYR {
          soma diam=19+uniform(-0.5,0.5) L=18.8 Ra=123
          hh gnabar=0.12+0.001*ynorm gkbar=0.036 gl=0.003 el=-70
        }
        pop S: PYR x 20
        pop M: PYR x 20
        syn exc: Exp2Syn tau1=0.1 tau2=5 e=0
        stim bkg: NetStim rate=10 noise=0.5
        stim bkg -> PYR w=0.01 d=5 syn=exc
        conn S -> M div=12 w=0.01 d=5 syn=exc
        sim duration=1000 dt=0.025 recordStep=1
        record V_soma: v
        plot raster
        plot traces include=[1]
        plot net2d
        """;

    [Fact]
    public void NetPyNEsTutorial2_Run_ReproducesNetPyNEsSpikes()
    {
        dynamic model = Create("/models/tut2.netdsl", NetPyneTutorial2, "Tut2");
        NetDsl.Simulation.SimulationResult raw = model.Run().Raw;
        var expected = ReferenceFiles.Spikes("H_tut2");
        Assert.Equal(expected.Length, raw.SpikeTimes.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Gid, raw.SpikeGids[i]);
            Assert.Equal(expected[i].Time, raw.SpikeTimes[i], 1e-9);
        }
    }
}
