using System.Globalization;
using NetDsl.Definition;

namespace NetDsl.Cli.Tests.Interpretation;

/// <summary>
/// The model <c>netdsl</c> interprets from the generator's model equals the class the generator emits, compiled: the
/// same diagnostics, name, parameter paths and values, range checks and <see cref="NetworkDefinition"/>, before and
/// after every path is changed, for every model file of the repository and for models of the features those lack;
/// and connection expressions evaluated through ValueSpec.Of's delegates build the connections the compiled code builds.
/// </summary>
public sealed class InterpretedModelTests
{
    /// <summary>Every .netdsl file of examples/ and tests/, relative to the repository root.</summary>
    public static TheoryData<string> ModelFiles()
    {
        var files = new TheoryData<string>();
        foreach (string folder in new[] { "examples", "tests" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.netdsl", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                .Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
            }
        }
        return files;
    }

    [Fact]
    public void EveryModelFileIsCompared() => Assert.True(ModelFiles().Count >= 25, "expected the repository's 25 or more model files");

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void ModelFile_InterpretedEqualsCompiled(string file)
    {
        string path = Path.Combine(RepositoryPaths.Root, file);
        AssertInterpretedEqualsCompiled(path, File.ReadAllText(path));
    }

    /// <summary>Features no model file of the repository uses, each in a small model.</summary>
    [Theory]
    [InlineData("placement", """
        cell RS {
          soma diam=10um L=10um cm=31.831uF/cm2
          Izhi2007b C=1 k=0.7 vr=-60mV vt=-40mV vpeak=35mV a=0.03 b=-2 c=-50mV d=100 celltype=RS
        }
        sim sizeX=100um sizeY=200um sizeZ=100um
        pop G: RS gridSpacing=50um
        pop D: RS density=20000 yRange=[20um, 83um]
        pop L: RS cellsList=[(10um, 10um, 10um), (90um, 10um, 50um)]
        pop E: RS x 5 xnormRange=[0.1, 0.5] zRange=[10um, 60um]
        syn exc: Exp2Syn tau1=1ms tau2=5ms e=0mV
        stim bkg: NetStim rate=50Hz noise=0.5
        stim bkg -> [G, D, L, E] w=0.01uS d=5ms syn=exc
        conn G -> D p=0.5*exp(-dist_3D/100um) w=0.005uS d=1ms+dist_3D/(100um/ms) syn=exc within=150um
        conn D -> L conv=2 w=normal(0.004uS, variance=0.000001) d=2ms syn=exc
        record V_soma: v
        plot raster orderBy=y
        plot conn feature=weight
        plot traces include=[G, (L, 1), 3]
        """)]
    [InlineData("inputs", """
        cell RS {
          soma diam=10um L=10um cm=31.831uF/cm2
          Izhi2007b C=1 k=0.7 vr=-60mV vt=-40mV vpeak=35mV a=0.03 b=-2 c=-50mV d=100 celltype=RS
        }
        pop E: RS x 4
        pop rec: VecStim x 2 file="trains.csv"
        pop vp: VecStim x 2 times=[20] pulses=[pulse(start=40ms, end=50ms, rate=50Hz), pulse(start=60ms, end=80ms, interval=10ms, noise=0.5)]
        pop burst: NetStim x 2 interval=20ms noise=0.5 start=20ms number=10 seed=7
        syn exc: Exp2Syn tau1=1ms tau2=5ms e=0mV
        stim clamp: IClamp del=10ms dur=100ms amp=0.1nA
        stim clamp -> E
        stim vs: VecStim trains=[[10, 20], [15], [], [30.5]]
        stim vs -> E w=0.01uS d=1ms syn=exc
        conn rec -> E p=0.5 w=0.01uS d=5ms syn=exc
        conn vp -> E list=[(0, 1), (1, 3)] w=0.01uS d=5ms syn=exc
        conn burst -> E all w=0.01uS d=5ms syn=exc
        conn plastic: E -> E p=0.5 w=0.005uS d=5ms syn=exc plast=pairSTDP(lambda=0.01, alpha=1.05, Wmax=0.01)
        record w of conn plastic every 10ms
        sim duration=200ms seeds(conn=3, stim=4) precision=fast saveDataInclude=[simData, conns]
        """)]
    public void FeatureModel_InterpretedEqualsCompiled(string name, string text)
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("trains.csv"), "index,time\n0,12.5\n1,30\n");
        string path = folder.File(name + ".netdsl");
        File.WriteAllText(path, text);
        AssertInterpretedEqualsCompiled(path, text, requireModel: true);
    }

    /// <summary>Connection expressions: the delegates ValueSpec.Of builds against the generator's compiled PairFunction.</summary>
    [Theory]
    [InlineData("examples/Spatial/tutorial5.netdsl")]
    [InlineData("examples/Spatial/spatial_izhikevich.netdsl")]
    [InlineData("tests/NetDsl.Generators.Tests/Models/spatial.netdsl")]
    [InlineData("tests/NetDsl.Generators.Tests/Models/stim_exprs.netdsl")]
    public void ConnectionExpressions_BuildAndRunAsCompiled(string file)
    {
        string path = Path.Combine(RepositoryPaths.Root, file);
        string text = File.ReadAllText(path);
        using var compiled = ModelCompiler.Compile(path, text);
        var expected = compiled.CreateModel();
        var actual = ModelLoader.Load(path, text).CreateModel();
        foreach (var model in new[] { expected, actual }) model.Parameters.Set("sim.duration", 200);

        var left = NetDsl.Output.ModelRunner.Run(expected);
        var right = NetDsl.Output.ModelRunner.Run(actual);

        Assert.NotEmpty(left.Connections);
        Assert.Empty(StructuralDifferences.Find(left.Connections, right.Connections, "connections"));
        Assert.Equal(left.SpikeTimes, right.SpikeTimes);
        Assert.Equal(left.SpikeGids, right.SpikeGids);
    }

    /// <summary>Every function and operator a connection expression can use, draws included, against the compiled code.</summary>
    [Fact]
    public void EveryExpressionNode_BuildsTheCompiledConnections()
    {
        const string text = """
            cell RS {
              soma diam=10um L=10um cm=31.831uF/cm2
              Izhi2007b C=1 k=0.7 vr=-60mV vt=-40mV vpeak=35mV a=0.03 b=-2 c=-50mV d=100 celltype=RS
            }
            sim sizeX=200um sizeY=400um sizeZ=200um duration=100ms
            param lengthConst = 150um
            pop E: RS x 60
            pop I: RS x 20 ynormRange=[0.5, 1]
            syn exc: Exp2Syn tau1=1ms tau2=5ms e=0mV
            stim bkg: NetStim rate=100Hz noise=0.5
            stim bkg -> all w=0.01uS d=5ms syn=exc
            conn E -> all p=0.5*exp(-dist_3D/lengthConst)+0.1*abs(sin(pre_xnorm))-min(0.05, cos(post_z/100um)**2/20) w=uniform(0.001uS, 0.002uS)*post_ynorm+0.0005uS*sqrt(dist_2D/100um) d=1ms+dist_3D/(100um/ms)+max(0ms, normal(0.1ms, 0.01)) syn=exc
            conn I -> E p=0.3 w=0.001uS*(1+log(1+dist_x/10um))/log10(100)+0.0001uS*tan(0.1)*pow(2, 1-post_ynorm) d=2ms+negexp(0.5ms)+discunif(0, 3)*1ms syn=exc
            """;
        using var folder = new TemporaryFolder();
        string path = folder.File("expressions.netdsl");
        File.WriteAllText(path, text);
        using var compiled = ModelCompiler.Compile(path, text);
        Assert.False(compiled.HasErrors, string.Join("; ", compiled.Diagnostics));
        var left = NetDsl.Output.ModelRunner.Run(compiled.CreateModel());
        var right = NetDsl.Output.ModelRunner.Run(ModelLoader.Load(path, text).CreateModel());

        Assert.True(left.Connections.Count > 500, left.Connections.Count + " connections");
        Assert.Empty(StructuralDifferences.Find(left.Connections, right.Connections, "connections"));
        Assert.Equal(left.SpikeTimes, right.SpikeTimes);
    }

    [Fact]
    public void StructuralDifferences_FindsOneBitOfOneWeight()
    {
        string path = RepositoryPaths.Tutorial("izhikevich_network.netdsl");
        var model = ModelLoader.Load(path, File.ReadAllText(path)).CreateModel();
        var definition = model.ToDefinition();
        var connection = definition.Connections[0];
        double weight = connection.Weight.A;
        var changed = definition with
        {
            Connections = [connection with { Weight = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(weight) + 1) }, .. definition.Connections.Skip(1)],
        };

        var differences = StructuralDifferences.Find(definition, changed);

        Assert.Equal([$"definition.Connections[0].Weight.A: {weight:R} vs {BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(weight) + 1):R}"], differences);
    }

    [Fact]
    public void LoadedModel_WithErrors_HasNoModel()
    {
        var loaded = ModelLoader.Load("typo.netdsl", "pop P: Nope x 3\n");

        Assert.True(loaded.HasErrors);
        var error = Assert.Throws<InvalidOperationException>(() => loaded.CreateModel());
        Assert.Equal("typo.netdsl: has errors, so there is no model", error.Message);
    }

    private static void AssertInterpretedEqualsCompiled(string path, string text, bool requireModel = false)
    {
        using var compiled = ModelCompiler.Compile(path, text);
        var loaded = ModelLoader.Load(path, text);
        Assert.Equal(compiled.Diagnostics.Select(d => DiagnosticFormatter.Format(d, path)), loaded.Diagnostics.Select(d => DiagnosticFormatter.Format(d, path)));
        Assert.Equal(compiled.HasErrors, loaded.HasErrors);
        if (compiled.HasErrors)
        {
            Assert.False(requireModel, "the model has errors: " + string.Join("; ", compiled.Diagnostics));
            return;
        }

        var expected = compiled.CreateModel();
        var actual = loaded.CreateModel();
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Parameters.Paths, actual.Parameters.Paths);
        AssertSameDefinition(expected, actual, "as written");
        foreach (string parameterPath in expected.Parameters.Paths)
        {
            Assert.Equal(Outcome(() => expected.Parameters.Get(parameterPath)), Outcome(() => actual.Parameters.Get(parameterPath)));
            // Every path moved twice, once often out of range: both models must accept or refuse it with the same message.
            foreach (Func<double, double> change in new Func<double, double>[] { v => v + 1, v => v * 0.5 - 0.25 })
            {
                double value = change(SafeGet(expected.Parameters, parameterPath));
                Assert.Equal(Outcome(() => expected.Parameters.Set(parameterPath, value)), Outcome(() => actual.Parameters.Set(parameterPath, value)));
                AssertSameDefinition(expected, actual, parameterPath + "=" + value.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        Assert.Equal(Outcome(() => expected.Parameters.Get("cell.nope.x")), Outcome(() => actual.Parameters.Get("cell.nope.x")));
    }

    private static void AssertSameDefinition(INetworkModel expected, INetworkModel actual, string after)
    {
        var left = Outcome(expected.ToDefinition);
        var right = Outcome(actual.ToDefinition);
        var differences = left is NetworkDefinition l && right is NetworkDefinition r ? StructuralDifferences.Find(l, r) : StructuralDifferences.Find(left, right);
        Assert.True(differences.Count == 0, $"after {after}:\n" + string.Join("\n", differences));
    }

    private static double SafeGet(IModelParameters parameters, string path)
    {
        try
        {
            return parameters.Get(path);
        }
        catch (InvalidOperationException)
        {
            return 1; // an expression has no one number; Set replaces it with a constant
        }
    }

    /// <summary>The value, or the exception's type and message: two models must fail alike.</summary>
    private static object? Outcome(Func<object?> action)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static object? Outcome(Func<double> action) => Outcome(() => (object?)action());

    private static object? Outcome(Action action) => Outcome(() =>
    {
        action();
        return "set";
    });
}
