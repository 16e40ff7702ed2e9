using System;
using System.Linq;
using System.Reflection;
using NetDsl.Definition;
using NetDsl.Generators.Tests.Harness;
using NetDsl.Generators.Tests.Parsing;
using NetDsl.Random;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// NetPyNE's Tutorial 5 (tests/NetDsl.Generators.Tests/Models/spatial.netdsl) and the spatial language compile, and
/// their definitions carry NetPyNE's selectors, conditions and string functions, with compiled code that computes
/// what the expression says, random draws in NetPyNE's order.
/// </summary>
public class SpatialModelTests
{
    private static INetworkModel Create(Assembly assembly, string className) =>
        (INetworkModel)Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + "." + className)!)!;

    private static NetworkDefinition Definition(string path, string text, string className) =>
        Create(GeneratedCodeCompilesTests.Load(GeneratedCodeCompilesTests.CompileModels((path, text))), className).ToDefinition();

    private static CellTags Tags(double x, double y, double z, double sizeX = 100, double sizeY = 1000, double sizeZ = 100) =>
        new(x, y, z, x / sizeX, y / sizeY, z / sizeZ);

    private static readonly (CellTags Pre, CellTags Post)[] Pairs =
    {
        (Tags(10, 120, 30), Tags(90, 700, 55)),
        (Tags(50, 500, 50), Tags(50, 500, 50)),
        (Tags(0.5, 999, 99), Tags(73.25, 101.5, 4)),
    };

    [Fact]
    public void Tutorial5_DefinitionHasNetPyNEsSelectorsConditionsAndStrings()
    {
        var definition = Definition("/models/spatial.netdsl", RepositoryPaths.TestModel("spatial.netdsl"), "SpatialNetwork");

        Assert.Equal((100.0, 1000.0, 100.0), (definition.SizeX, definition.SizeY, definition.SizeZ));
        Assert.Equal(new[] { "E2", "I2", "E4", "I4", "E5" }, definition.Populations.Select(p => p.Name));
        Assert.Equal(new PlacementRange(0.7, 1.0), definition.Populations[4].YNormRange);
        var stim = Assert.Single(definition.StimTargets);
        Assert.Equal(SelectorKind.CellTypes, stim.Target.Kind);
        Assert.Equal(new[] { "RS", "FS" }, stim.Target.Names);

        var excitatory = definition.Connections[0];
        Assert.Equal("E_all", excitatory.Label);
        Assert.Equal((SelectorKind.CellTypes, "RS"), (excitatory.Pre.Kind, excitatory.Pre.Names.Single()));
        Assert.Equal(SelectorKind.All, excitatory.Post.Kind);
        Assert.Equal(new[] { new TagCondition(CellTag.Y, 100, 1000) }, excitatory.Post.Conditions);
        Assert.Equal(ConnectionRuleKind.Probability, excitatory.Rule);
        Assert.Equal("0.1*exp(-dist_3D/probLengthConst)", excitatory.RuleValueSpec!.Value.ToString());
        Assert.Equal("0.005*post_ynorm", excitatory.Weight.ToString());
        Assert.Equal("dist_3D/propVelocity", excitatory.Delay.ToString());
        Assert.Equal("exc", excitatory.Synapse);

        var inhibitory = definition.Connections[1];
        Assert.Equal(SelectorKind.Populations, inhibitory.Post.Kind);
        Assert.Equal(new[] { "E2", "E4", "E5" }, inhibitory.Post.Names);
        Assert.Empty(inhibitory.Post.Conditions);
        Assert.Equal("0.4*exp(-dist_3D/probLengthConst)", inhibitory.RuleValueSpec!.Value.ToString());
        Assert.Equal(ValueSpec.Constant(0.001), inhibitory.Weight);
        Assert.Equal("inh", inhibitory.Synapse);

        Assert.Equal(new[] { PlotKind.Traces, PlotKind.Raster, PlotKind.Net2D, PlotKind.Connectivity }, definition.Plots.Select(p => p.Kind));
        Assert.Equal(ConnectivityFeature.Strength, definition.Plots[3].Feature);
    }

    [Fact]
    public void Tutorial5_CompiledExpressions_ComputeNetPyNEsFormulas()
    {
        var definition = Definition("/models/spatial.netdsl", RepositoryPaths.TestModel("spatial.netdsl"), "SpatialNetwork");
        var excitatory = definition.Connections[0];
        var probability = excitatory.RuleValueSpec!.Value.Compiled!;
        var weight = excitatory.Weight.Compiled!;
        var delay = excitatory.Delay.Compiled!;
        var stream = new Random123Stream(1, 2, 3);
        foreach (var (pre, post) in Pairs)
        {
            var pair = new CellPair(in pre, in post);
            double dist = Math.Sqrt((pre.X - post.X) * (pre.X - post.X) + (pre.Y - post.Y) * (pre.Y - post.Y) + (pre.Z - post.Z) * (pre.Z - post.Z));
            Assert.Equal(0.1 * Math.Exp(-dist / 150), probability(pair, ref stream));
            Assert.Equal(0.005 * post.YNorm, weight(pair, ref stream));
            Assert.Equal(dist / 100, delay(pair, ref stream));
            Assert.Equal(0.4 * Math.Exp(-dist / 150), definition.Connections[1].RuleValueSpec!.Value.Compiled!(pair, ref stream));
        }
    }

    [Fact]
    public void SpatialLanguage_CompilesWithConditionsEverywhere_AndDrawsInNetPyNEsOrder()
    {
        var definition = Definition("/models/spatial_language.netdsl", SpatialLanguageTests.Spatial, "SpatialLanguage");

        Assert.Equal("cellDiam", definition.Cells[0].Geometry[0].Value.ToString());
        Assert.Equal(new[] { new TagCondition(CellTag.YNorm, 0, 0.5) }, definition.StimTargets[0].Target.Conditions);
        Assert.Null(definition.StimTargets[0].DelaySpec);
        var drawnStim = definition.StimTargets[1];
        Assert.Equal(("0.01*post_ynorm", "max(1, normal(5, 2))"), (drawnStim.WeightSpec!.Value.ToString(), drawnStim.DelaySpec!.Value.ToString()));
        var left = definition.Connections.Single(c => c.Label == "left");
        Assert.Equal(new[] { new TagCondition(CellTag.X, 0, 100) }, left.Pre.Conditions);
        Assert.Equal(new[] { new TagCondition(CellTag.YNorm, 0.5, 1.0) }, left.Post.Conditions);
        Assert.Equal("0.5 + dist_3D/propVelocity", left.Delay.ToString());
        var far = definition.Connections.Single(c => c.Label == "far");
        Assert.Equal(new[] { new TagCondition(CellTag.Z, 0, 50), new TagCondition(CellTag.XNorm, 0, 0.5) }, far.Pre.Conditions);
        Assert.Equal(new[] { new TagCondition(CellTag.YNorm, 0.2, 0.6) }, far.Post.Conditions);
        var convergence = definition.Connections[3];
        Assert.Equal((ConnectionRuleKind.Convergence, "uniform(5, 15)"), (convergence.Rule, convergence.RuleValueSpec!.Value.ToString()));
        Assert.Equal(ValueSpec.Uniform(1, 3), convergence.Delay);
        var within = definition.Connections[4];
        Assert.Equal((300.0, "0.1*exp(-dist_3D/lenConst)"), (within.Within!.Value, within.RuleValueSpec!.Value.ToString()));
        Assert.Null(definition.Connections[0].Within);
        Assert.Equal(new[] { new TagCondition(CellTag.YNorm, 0.1, 0.2) }, definition.Records[1].Cells!.Conditions);
        Assert.Equal(ConnectivityFeature.Strength, definition.Plots[0].Feature);
        Assert.Equal(CellTag.Y, definition.Plots[1].OrderBy);
        Assert.Equal((SelectorKind.Populations, "E2"), (definition.Plots[2].Include!.Kind, definition.Plots[2].Include!.Names.Single()));
        Assert.Equal(new[] { new TagCondition(CellTag.YNorm, 0.1, 0.2) }, definition.Plots[2].Include!.Conditions);

        foreach (var (pre, post) in Pairs)
        {
            var pair = new CellPair(in pre, in post);
            // Two streams with the same seeds: the compiled code draws exactly what calling the stream in Python's order draws.
            var compiledStream = new Random123Stream(7, 11, 13, 5);
            var expectedStream = new Random123Stream(7, 11, 13, 5);
            Assert.Equal(expectedStream.Uniform(5, 15), convergence.RuleValueSpec!.Value.Compiled!(pair, ref compiledStream));

            var drawn = definition.Connections.Single(c => c.Label == "drawn");
            Assert.Equal("2 + discunif(0, 3)", drawn.RuleValueSpec!.Value.ToString());
            Assert.Equal(2 + (double)expectedStream.DiscreteUniform(0, 3), drawn.RuleValueSpec!.Value.Compiled!(pair, ref compiledStream));
            Assert.Equal(0.001 * expectedStream.Uniform(1, 2) + 0.0001 * pre.XNorm, drawn.Weight.Compiled!(pair, ref compiledStream));
            Assert.Equal(1 + expectedStream.NegExp(2), drawn.Delay.Compiled!(pair, ref compiledStream));
            Assert.Equal(expectedStream.NextUInt(), compiledStream.NextUInt());
            // A stimulus target's expressions see the stimulated cell as post_*.
            var stimulated = new CellPair(in post, in post);
            Assert.Equal(0.01 * post.YNorm, drawnStim.WeightSpec!.Value.Compiled!(stimulated, ref compiledStream));
            Assert.Equal(Math.Max(1, expectedStream.Normal(5, 2)), drawnStim.DelaySpec!.Value.Compiled!(stimulated, ref compiledStream));

            double dy = Math.Abs(pre.Y - post.Y), dx = Math.Abs(pre.X - post.X);
            double dist2D = Math.Sqrt((pre.X - post.X) * (pre.X - post.X) + (pre.Z - post.Z) * (pre.Z - post.Z));
            Assert.Equal(Math.Max(0.01, 0.2 - dy / 1000), far.RuleValueSpec!.Value.Compiled!(pair, ref compiledStream));
            Assert.Equal(0.001 * Math.Pow(2, -dist2D / 120), far.Weight.Compiled!(pair, ref compiledStream));
            Assert.Equal(1 + dx / 100, far.Delay.Compiled!(pair, ref compiledStream));
            Assert.Equal("max(0.01, 0.2 - dist_y/sizeY)", far.RuleValueSpec!.Value.ToString());
        }
    }
}
