using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using NetDsl.Definition;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>The generated code compiles against the runtime without a single diagnostic, and behaves as documented.</summary>
public class GeneratedCodeCompilesTests
{
    /// <summary>Uses every construct of the language once.</summary>
    internal const string EveryFeature = """
        # Every construct of the language
        network EveryFeature
        cell RS {
          soma diam=10um L=10um cm=31.831uF/cm2
          Izhi2007b C=1 k=normal(0.7, variance=0.05) vr=-60mV vt=uniform(-41, -39) celltype=RS
          threshold=10mV
        }
        cell FS { soma diam=10 L=10 cm=31.831; Izhi2007b C=0.2 k=1 vr=-55 vt=-40 vpeak=25 a=0.2 b=-2 c=-45 d=-55 celltype=5 }
        pop E: RS x 8
        pop I: FS x 4
        syn exc: Exp2Syn tau1=1 tau2=5 e=0
        syn inh: Exp2Syn tau1=2ms tau2=10ms e=-70mV
        stim bkg: NetStim rate=0.1kHz noise=0.5 start=5 number=100 seed=3
        stim slow: NetStim interval=20
        stim clamp: IClamp del=50 dur=500ms amp=200pA
        stim replay: VecStim times=[5, 12.5]
        stim bkg -> E w=5nS d=2 syn=exc
        stim slow -> all w=0.001
        stim clamp -> FS
        stim replay -> [E, I] w=0.002 d=1
        conn ee: E -> E p=0.2 w=normal(0.005, sd=0.001) d=uniform(1, 3) syn=exc
        conn E -> I conv=3 w=0.005 d=2
        conn I -> E div=2 w=0.007 d=3 syn=inh
        conn I -> I all w=0.001 d=1 syn=inh self
        conn E -> I list=[(0, 1), (2, 3)] w=0.004 d=1.5
        conn E -> E p=0.05 sampling=fast w=0.001 d=1
        sim duration=200 dt=0.025 seed=7 seeds(conn=2) recordStep=0.5 v_init=-70 sizeX=200 synapses=exact precision=single threads=2
        record V_soma: v
        record U: u of E
        record G_exc: g(exc) of [E, I]
        plot raster
        plot traces include=[0, I, (E, 3)]
        plot traces include=[E]
        plot net2d
        plot spikehist
        plot rates
        """;

    internal static Compilation CompileModels(params (string Path, string Text)[] models)
    {
        var (result, output) = GeneratorHarness.Run(models);
        Assert.True(result.Diagnostics.IsEmpty, DiagnosticAssert.Describe(result.Diagnostics));
        Assert.Equal(models.Length, result.GeneratedTrees.Length);
        return output;
    }

    internal static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, DiagnosticAssert.Describe(emit.Diagnostics));
        return Assembly.Load(stream.ToArray());
    }

    [Fact]
    public void TutorialModelsAndEveryFeature_CompileWithZeroDiagnostics()
    {
        var output = CompileModels(
            ("/tutorial/single_izhikevich.netdsl", RepositoryPaths.TutorialModel("single_izhikevich.netdsl")),
            ("/tutorial/izhikevich_network.netdsl", RepositoryPaths.TutorialModel("izhikevich_network.netdsl")),
            ("/tutorial/izhikevich_inhibitory_network.netdsl", RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl")),
            ("/models/every_feature.netdsl", EveryFeature));
        var diagnostics = output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
    }

    [Fact]
    public void NamesThatAreKeywordsOrGeneratedMembers_StillCompile()
    {
        const string awkward = """
            cell CellGroup { soma diam=10 L=10 cm=31.831; Izhi2007b C=1 }
            cell @int { soma diam=10; Izhi2007b C=1 }
            pop All: CellGroup x 2
            pop PopulationResults: CellGroup x 2
            pop PopulationGroup: CellGroup x 1
            pop @class: CellGroup x 1
            syn SynapseGroup: Exp2Syn
            stim StimGroup: NetStim rate=10
            stim StimGroup -> all
            conn ConnectionGroup: All -> PopulationResults p=0.5
            conn All -> [PopulationGroup, class] all
            plot traces include=[(All, 1), PopulationGroup]
            """;
        var output = CompileModels(("/models/awkward_names.netdsl", awkward.Replace("@", "")));
        var diagnostics = output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
    }

    private static INetworkModel Create(Assembly assembly, string className) =>
        (INetworkModel)Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + "." + className)!)!;

    [Fact]
    public void InhibitoryTutorial_DefinitionMatchesTheNetPyNEModel()
    {
        var assembly = Load(CompileModels(("/tutorial/izhikevich_inhibitory_network.netdsl", RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl"))));
        var definition = Create(assembly, "IzhikevichInhibitory").ToDefinition();

        Assert.Equal("IzhikevichInhibitory", definition.Name);
        var cell = Assert.Single(definition.Cells);
        Assert.Equal(new[] { "diam", "L", "cm" }, cell.Geometry.Select(g => g.Name));
        Assert.Equal(new[] { 10.0, 10.0, 31.831 }, cell.Geometry.Select(g => g.Value.A));
        Assert.Equal("Izhi2007b", cell.Mechanism);
        Assert.Equal(new[] { "C", "k", "vr", "vt", "vpeak", "a", "b", "c", "d", "celltype", "Iin" }, cell.Parameters.Select(p => p.Name));
        Assert.Equal(ValueSpec.Normal(0.7, 0.05), cell.Parameters[1].Value);
        Assert.Equal(10.0, cell.Threshold);
        Assert.Equal(new[] { ("IZH_exc", 20), ("IZH_inh", 10) }, definition.Populations.Select(p => (p.Name, p.Count)));
        Assert.Equal(new[] { (1.0, 5.0, 10.0), (2.0, 10.0, -70.0) }, definition.Synapses.Select(s => (s.Tau1, s.Tau2, s.E)));
        var bkg = Assert.IsType<NetStimSource>(Assert.Single(definition.StimSources));
        Assert.Equal((100.0, (double?)null, 0.5, 0.0, 1e9, (int?)null), (bkg.Rate!.Value, bkg.Interval, bkg.Noise, bkg.Start, bkg.Number, bkg.Seed));
        var target = Assert.Single(definition.StimTargets);
        Assert.Equal(("bkg", SelectorKind.Populations, "IZH_exc", 0.01, 5.0, "exc"), (target.Source, target.Target.Kind, target.Target.Names.Single(), target.Weight, target.Delay, target.Synapse));
        Assert.Equal(
            new[] { ("IZH_exc", "IZH_exc", 0.1, 0.005, 5.0, "exc"), ("IZH_exc", "IZH_inh", 0.2, 0.005, 5.0, "exc"), ("IZH_inh", "IZH_exc", 0.3, 0.007, 3.0, "inh") },
            definition.Connections.Select(c => (c.Pre.Names.Single(), c.Post.Names.Single(), c.RuleValue, c.Weight.A, c.Delay.A, c.Synapse!)));
        Assert.All(definition.Connections, c => Assert.Equal(ConnectionRuleKind.Probability, c.Rule));
        Assert.Equal(new SimulationSettings(1000, 0.025, new Seeds(1, 1, 1, 1), -65, 1), definition.Simulation);
        var record = Assert.Single(definition.Records);
        Assert.Equal(("V_soma", RecordVariable.V, (CellSelector?)null), (record.Name, record.Variable, record.Cells));
        Assert.Equal(new[] { PlotKind.Raster, PlotKind.Traces, PlotKind.Net2D }, definition.Plots.Select(p => p.Kind));
        Assert.Equal(new[] { 1 }, definition.Plots[1].Include!.Gids);
    }

    [Fact]
    public void EveryFeature_ConvertsUnitsAndKeepsRulesAndDefaults()
    {
        var assembly = Load(CompileModels(("/models/every_feature.netdsl", EveryFeature)));
        var definition = Create(assembly, "EveryFeature").ToDefinition();

        Assert.Equal(ValueSpec.Uniform(-41, -39), definition.Cells[0].Parameters.Single(p => p.Name == "vt").Value);
        Assert.Equal(1.0, definition.Cells[0].Parameters.Single(p => p.Name == "celltype").Value.A);
        Assert.Equal(5.0, definition.Cells[1].Parameters.Single(p => p.Name == "celltype").Value.A);
        var bkg = (NetStimSource)definition.StimSources[0];
        Assert.Equal((100.0, 3), (bkg.Rate!.Value, bkg.Seed!.Value));
        var slow = (NetStimSource)definition.StimSources[1];
        Assert.Equal((null, 20.0), (slow.Rate, slow.Interval!.Value));
        var clamp = (IClampSource)definition.StimSources[2];
        Assert.Equal(0.2, clamp.Amplitude, 12);
        Assert.Equal(new[] { 5.0, 12.5 }, ((VecStimSource)definition.StimSources[3]).Times);
        Assert.Equal(0.005, definition.StimTargets[0].Weight, 12);
        Assert.Equal("exc", definition.StimTargets[1].Synapse);
        Assert.Equal(SelectorKind.All, definition.StimTargets[1].Target.Kind);
        Assert.Equal(SelectorKind.CellTypes, definition.StimTargets[2].Target.Kind);
        Assert.Equal(new[] { "E", "I" }, definition.StimTargets[3].Target.Names);
        Assert.Equal(
            new[] { ConnectionRuleKind.Probability, ConnectionRuleKind.Convergence, ConnectionRuleKind.Divergence, ConnectionRuleKind.Full, ConnectionRuleKind.List, ConnectionRuleKind.FastProbability },
            definition.Connections.Select(c => c.Rule));
        Assert.Equal("ee", definition.Connections[0].Label);
        Assert.Equal(ValueSpec.Normal(0.005, 0.001 * 0.001), definition.Connections[0].Weight);
        Assert.Equal(ValueSpec.Uniform(1, 3), definition.Connections[0].Delay);
        Assert.Equal((3.0, "exc"), (definition.Connections[1].RuleValue, definition.Connections[1].Synapse!));
        Assert.True(definition.Connections[3].AllowSelfConnections);
        Assert.Equal(new[] { (0, 1), (2, 3) }, definition.Connections[4].Pairs!);
        Assert.Equal(new SimulationSettings(200, 0.025, new Seeds(2, 7, 7, 7), -70, 0.5) { AggregateSynapses = false, Precision = SimulationPrecision.Single, Threads = 2 }, definition.Simulation);
        Assert.Equal(200.0, definition.SizeX);
        Assert.Equal((RecordVariable.G, "exc", SelectorKind.Populations), (definition.Records[2].Variable, definition.Records[2].Synapse!, definition.Records[2].Cells!.Kind));
        Assert.Equal(new[] { 0, 8, 9, 10, 11, 3 }, definition.Plots[1].Include!.Gids);
        Assert.Equal(new[] { "E" }, definition.Plots[2].Include!.Names);
    }

    [Fact]
    public void Parameters_AreEditableByPath_WithValidation()
    {
        var assembly = Load(CompileModels(("/tutorial/izhikevich_inhibitory_network.netdsl", RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl"))));
        var model = Create(assembly, "IzhikevichInhibitory");
        var parameters = model.Parameters;

        Assert.Equal(0.2, parameters.Get("conn.IZH_exc->IZH_inh.p"));
        parameters.Set("conn.IZH_exc->IZH_inh.p", 0.5);
        parameters.Set("pop.IZH_exc.n", 50);
        parameters.Set("syn.inh.e", -80);
        parameters.Set("stim.bkg.rate", 200);
        parameters.Set("stim.bkg->IZH_exc.w", 0.02);
        parameters.Set("sim.seeds.conn", 4);
        parameters.Set("cell.IZH.k.variance", 0.01);
        parameters.Set("cell.IZH.b", -1);
        var definition = model.ToDefinition();
        Assert.Equal(0.5, definition.Connections[1].RuleValue);
        Assert.Equal(50, definition.Populations[0].Count);
        Assert.Equal(-80, definition.Synapses[1].E);
        Assert.Equal(200, ((NetStimSource)definition.StimSources[0]).Rate);
        Assert.Equal(0.02, definition.StimTargets[0].Weight);
        Assert.Equal(4, definition.Simulation.EffectiveSeeds.Conn);
        Assert.Equal(ValueSpec.Normal(0.7, 0.01), definition.Cells[0].Parameters.Single(p => p.Name == "k").Value);
        Assert.Equal(-1, definition.Cells[0].Parameters.Single(p => p.Name == "b").Value.A);

        Assert.False(definition.Simulation.AggregateSynapses);
        parameters.Set("sim.synapses", 1);
        Assert.True(model.ToDefinition().Simulation.AggregateSynapses);
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("sim.synapses", 3));

        Assert.Equal(SimulationPrecision.Exact, definition.Simulation.Precision);
        parameters.Set("sim.precision", 2);
        Assert.Equal(SimulationPrecision.Fast, model.ToDefinition().Simulation.Precision);
        parameters.Set("sim.precision", 3);
        Assert.Equal(SimulationPrecision.Single, model.ToDefinition().Simulation.Precision);
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("sim.precision", 4));

        Assert.Equal(1, definition.Simulation.Threads);
        parameters.Set("sim.threads", 2);
        Assert.Equal(2, model.ToDefinition().Simulation.Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("sim.threads", 0));

        parameters.Set("cell.IZH.k", 0.8);
        Assert.Equal(ValueSpec.Constant(0.8), model.ToDefinition().Cells[0].Parameters.Single(p => p.Name == "k").Value);

        Assert.Contains("conn.IZH_inh->IZH_exc.d", parameters.Paths);
        Assert.Contains("sim.duration", parameters.Paths);
        Assert.Contains("cell.IZH.k.variance", parameters.Paths);
        var unknown = Assert.Throws<ArgumentException>(() => parameters.Set("conn.IZH_exc->IZH_inh.q", 1));
        Assert.Contains("conn.IZH_exc->IZH_inh.p", unknown.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("conn.IZH_exc->IZH_inh.p", 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Set("sim.dt", 0));
        Assert.Throws<ArgumentException>(() => parameters.Set("pop.IZH_inh.n", 2.5));
        Assert.Throws<ArgumentException>(() => parameters.Get("nope"));
    }

    [Fact]
    public void PopulationHandles_FollowTheCurrentSizes()
    {
        var assembly = Load(CompileModels(("/tutorial/izhikevich_inhibitory_network.netdsl", RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl"))));
        var model = Create(assembly, "IzhikevichInhibitory");
        dynamic populations = model.GetType().GetProperty("Populations")!.GetValue(model)!;
        Assert.Equal(20, (int)populations.IZH_inh.FirstGid);
        Assert.Equal(30, (int)populations.CellCount);
        model.Parameters.Set("pop.IZH_exc.n", 5);
        Assert.Equal(5, (int)populations.IZH_inh.FirstGid);
        Assert.Equal(7, (int)populations.IZH_inh.Gid(2));
    }
}
