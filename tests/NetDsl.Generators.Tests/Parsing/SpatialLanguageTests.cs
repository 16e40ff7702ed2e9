using System.Linq;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Parsing;

/// <summary>
/// Spatial networks (NetPyNE's Tutorial 5): params, selector conditions, connection expressions with units checked at
/// build time, within=, plot conn and plot raster orderBy; each mistake reported with its id, line and column.
/// </summary>
public class SpatialLanguageTests
{
    /// <summary>Every spatial construct once; builds with no diagnostic.</summary>
    internal const string Spatial = """
        network SpatialLanguage
        sim sizeX=100um sizeY=1000um sizeZ=100um
        param propVelocity = 100um/ms          # NetPyNE: netParams.propVelocity
        param probLengthConst = 150um
        param lenConst = 120um
        param cellDiam = (probLengthConst / 15)
        cell RS {
          soma diam=cellDiam L=10um cm=31.831uF/cm2
          Izhi2007b C=1 k=0.7 vr=-60mV vt=-40mV vpeak=35mV a=0.03 b=-2 c=-50mV d=100 celltype=RS
        }
        cell FS {
          soma diam=10um L=10um cm=31.831uF/cm2
          Izhi2007b C=0.2 k=1 vr=-55mV vt=-40mV vpeak=25mV a=0.2 b=-2 c=-45mV d=-55 celltype=FS
        }
        pop E2: RS x 50 ynormRange=[0.1, 0.4]
        pop E4: RS x 20 ynormRange=[0.4, 0.7]
        pop E5: RS x 20 ynormRange=[0.7, 1.0]
        pop E: RS x 10
        pop I: FS x 10
        syn exc: Exp2Syn tau1=1ms tau2=5ms e=0mV
        syn inh: Exp2Syn tau1=2ms tau2=10ms e=-70mV
        stim bkg: NetStim rate=100Hz noise=0.5
        stim bkg -> RS(ynorm=[0, 0.5]) w=0.01 d=5ms syn=exc
        stim bkg -> FS w=0.01*post_ynorm d=max(1ms,normal(5ms,variance=2)) syn=exc
        conn exc_all: RS -> all(y=[100um, 1000um]) p=0.1*exp(-dist_3D/probLengthConst) w=0.005*post_ynorm d=dist_3D/propVelocity syn=exc
        conn FS -> [E2, E4, E5] p=(0.4 * exp(-dist_3D / probLengthConst)) w=0.001 d=dist_3D/propVelocity syn=inh
        conn left: RS(x=[0um, 100um]) -> all(ynorm=[0.5, 1.0]) p=0.3*exp(-dist_3D/lenConst) d=0.5ms+dist_3D/propVelocity syn=exc
        conn E -> I conv=uniform(5, 15) w=0.002 d=uniform(1ms, 3ms) syn=exc
        conn E -> I p=0.1*exp(-dist_3D/lenConst) within=300um w=0.002 d=2ms syn=exc
        conn drawn: I -> E div=2+discunif(0,3) w=0.001*uniform(1,2)+0.0001*pre_xnorm d=1ms+negexp(2ms) syn=inh
        conn far: E(z=[0, 50], xnorm=[0, 0.5]) -> [E2, E4](ynorm=[0.2, 0.6]) p=max(0.01, 0.2-dist_y/sizeY) w=0.001*2**(-dist_2D/lenConst) d=defaultDelay+dist_x/propVelocity syn=exc
        sim duration=100ms dt=0.025ms recordStep=1ms
        record V_soma: v
        record V_deep: v of E2(ynorm=[0.1, 0.2])
        plot conn feature=strength
        plot raster orderBy=y
        plot traces include=E2(ynorm=[0.1, 0.2])
        plot net2d
        """;

    [Fact]
    public void TheWholeSpatialLanguage_BuildsWithNoDiagnostics()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Spatial);
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
    }

    /// <summary>A small valid network the mistakes are appended to (lines 1-9).</summary>
    private const string Base = """
        sim sizeX=100um sizeY=1000um sizeZ=100um
        param propVelocity = 100um/ms
        param probLengthConst = 150um
        cell RS { soma diam=10 L=10 cm=31.831; Izhi2007b C=1 k=0.7 }
        pop E: RS x 20
        pop I: RS x 10
        syn exc: Exp2Syn tau1=1 tau2=5 e=0
        stim bkg: NetStim rate=100 noise=0.5
        stim bkg -> all w=0.01 d=5

        """;

    public static readonly TheoryData<string, string, string> Mistakes = new()
    {
        // Units are checked through connection expressions: a bare 0.5 next to a time.
        { "NDSL0212", Base + "conn E -> I p=0.1 d=$$0.5+dist_3D/propVelocity", "Cannot add a plain number and a time (ms): both sides of '+' need the same unit; write 0.5ms" },
        { "NDSL0212", Base + "conn E -> I p=0.1*exp($$-dist_3D)", "exp() takes a plain number, but '-dist_3D' is a length (um); divide it by a length, e.g. exp(-dist_3D/probLengthConst)" },
        { "NDSL0212", Base + "conn E -> I p=0.1 d=$$dist_3D", "'d' is a time (ms), but 'dist_3D' is a length (um)" },
        { "NDSL0212", Base + "conn E -> I p=$$0.1*dist_3D", "'p' is a plain number, but '0.1*dist_3D' is a length (um)" },
        { "NDSL0203", Base + "conn E -> I p=0.1$$um", "'p' is a plain number and takes no unit" },
        { "NDSL0116", Base + "conn E -> I p=0.1*exp(-$$dist_3d/probLengthConst)", "Unknown variable 'dist_3d' in a connection parameter. Did you mean 'dist_3D'?" },
        { "NDSL0116", Base + "conn E -> I p=0.1*exp(-dist_3D/$$probLenConst)", "Did you mean 'probLengthConst'?" },
        { "NDSL0116", Base + "conn E -> I p=0.1*$$exq(-dist_3D/probLengthConst)", "Unknown function 'exq' in a connection parameter. Did you mean 'exp'?" },
        { "NDSL0117", Base + "conn E -> I p=0.1 w=$$lognormal(0.01, 0.001)", "NetDsl does not draw lognormal yet" },
        { "NDSL0117", Base + "conn E -> I p=0.1 d=$$weibull(1, 2)", "NetDsl does not draw weibull yet" },
        { "NDSL0117", Base + "conn E -> I p=0.1 $$synsPerConn=3", "NetDsl does not support NetPyNE's 'synsPerConn' in a connection yet" },
        { "NDSL0117", Base + "conn E -> I p=0.1 $$loc=0.5", "NetDsl does not support NetPyNE's 'loc' in a connection yet" },
        { "NDSL0117", Base + "conn E -> I p=0.1 $$shape=0.5", "NetDsl does not support NetPyNE's 'shape' in a connection yet" },
        { "NDSL0117", Base + "stim bkg -> E w=0.005*$$pre_ynorm", "a stimulus has no presynaptic cell: a stimulus target reads the stimulated cell as post_x ... post_znorm" },
        { "NDSL0212", Base + "stim bkg -> E d=$$post_y", "'d' is a time (ms), but 'post_y' is a length (um)" },
        // A stimulus source's rate, noise, ..., del, dur, amp: evaluated per stimulated cell, which is post_x ... post_znorm.
        { "NDSL0117", Base + "stim s2: NetStim rate=50Hz*$$ynorm", "a stimulus source reads the stimulated cell's position as post_ynorm" },
        { "NDSL0117", Base + "stim s2: NetStim rate=100Hz noise=0.5*$$dist_3D", "a stimulus has no presynaptic cell: a stimulus source reads each stimulated cell as post_x ... post_znorm" },
        { "NDSL0117", Base + "stim s2: NetStim rate=100Hz*$$pre_ynorm", "a stimulus has no presynaptic cell" },
        { "NDSL0212", Base + "stim s2: NetStim rate=$$50+50Hz*post_ynorm", "Cannot add a plain number and a frequency (Hz): both sides of '+' need the same unit; write 50Hz" },
        { "NDSL0212", Base + "stim c: IClamp del=10ms dur=100ms amp=$$0.1nA*post_x", "'amp' is a current (nA), but '0.1nA*post_x' is a quantity in nA*um" },
        { "NDSL0212", Base + "stim c: IClamp del=uniform(10ms, $$20) dur=100ms amp=0.1", "The arguments of uniform() need the same unit: '10ms' is a time (ms), '20' is a plain number; write 20ms" },
        { "NDSL0204", Base + "stim s2: NetStim rate=100Hz seed=$$1+post_ynorm", "'seed' takes a whole number, not an expression" },
        { "NDSL0204", Base + "pop thal: NetStim x 10 rate=$$10Hz*post_ynorm", "'rate' takes a frequency (Hz), not an expression" },
        { "NDSL0117", Base + "conn E -> I p=0.1 w=0.001*$$x", "a connection reads the position of its pre- or postsynaptic cell: pre_x or post_x" },
        { "NDSL0107", Base + "conn E -> I p=0.1 $$synMech=exc", "NetPyNE's 'synMech' is written syn=NAME (e.g. syn=exc) in NetDsl." },
        { "NDSL0113", Base + "conn E -> I conv=5 $$within=300um", "within= is a cutoff of the probability rule only" },
        { "NDSL0113", Base + "plot raster $$feature=weight", "feature= applies to plot conn only" },
        { "NDSL0112", Base + "plot conn feature=$$strenght", "Did you mean 'strength'?" },
        { "NDSL0112", Base + "plot raster orderBy=$$yy", "Did you mean 'y'?" },
        { "NDSL0119", Base + "conn E -> I($$ynrom=[0.5, 1]) p=0.1", "'ynrom' is not a cell tag a selector condition can test. Did you mean 'ynorm'?" },
        { "NDSL0119", Base + "stim bkg -> E($$pop=[0, 1])", "NetPyNE's 'pop' condition is the selector's name itself" },
        { "NDSL0201", Base + "conn E -> I(y=$$[500um, 100um]) p=0.1", "y=[500, 100] is out of range: the range is empty: it needs low < high" },
        { "NDSL0201", Base + "conn E -> all(y=$$[100um, 2000um]) p=0.1", "y=[100, 2000] is out of range: y lies within [0um, sizeY=1000um], the network's volume" },
        { "NDSL0201", Base + "record V: v of E(ynorm=$$[0.5, 1.5])", "ynorm=[0.5, 1.5] is out of range: ynorm lies within [0, 1]" },
        { "NDSL0203", Base + "conn E -> I(ynorm=[0$$um, 1um]) p=0.1", "ynorm is a fraction of the network's size and takes no unit" },
        { "NDSL0203", Base + "conn E -> I(y=[0$$ms, 10ms]) p=0.1", "y is a length, but 'ms' is not a length unit" },
        { "NDSL0105", Base + "param $$probLengthConst = 100um", "Param 'probLengthConst' is already declared on line 3" },
        { "NDSL0118", Base + "param $$dist_3D = 100um", "A param cannot be called 'dist_3D'" },
        { "NDSL0118", Base + "param $$sizeY = 100um", "set it with 'sim sizeY=...um'" },
        { "NDSL0116", Base + "param lenConst = 2*$$lenConts", "Unknown variable 'lenConts' in a param" },
        { "NDSL0117", Base + "param noisy = $$uniform(1, 2)", "a param is one number, the same for every cell and connection" },
        { "NDSL0215", Base + "conn E -> I p=0.1*exp(-$$dist_norm3D)", "NaN whenever the presynaptic cell's ynorm or znorm is below the postsynaptic cell's" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Mistake_IsReportedAtItsPosition(string id, string marked, string fragment)
    {
        Assert.Contains(fragment, DiagnosticAssert.AtMarker(id, marked));
    }

    [Fact]
    public void BareNumbersInConditions_TakeTheTagsUnit()
    {
        var result = NetDslCompiler.Analyze("/models/bare.netdsl", Base + "conn E -> I(y=[100, 0.5mm], xnorm=[0, 0.5]) p=0.1", "Models", default);
        Assert.Empty(result.Diagnostics);
        var post = result.Spec!.Connections.Single().Post;
        Assert.Equal(new[] { ("Y", 100.0, 500.0), ("XNorm", 0.0, 0.5) }, post.Conditions.Select(c => (c.Tag, c.Min, c.Max)));
    }

    [Fact]
    public void Suggestions_NeverProposeAnUnrelatedKey()
    {
        // plast is a connection key now; on a population it is unknown, and 'list' or 'all' are not what was meant.
        var diagnostics = GeneratorHarness.Diagnostics(Base + "conn E -> I p=0.1 sec=soma\npop X: RS x 2 plast=1\nconn E -> X all");
        Assert.DoesNotContain(diagnostics, d => d.GetMessage().Contains("Did you mean 'list'") || d.GetMessage().Contains("Did you mean 'all'")
            || d.GetMessage().Contains("Did you mean 'self'"));
        Assert.Contains(diagnostics, d => d.Id == "NDSL0117" && d.GetMessage().Contains("'sec'"));
    }

    [Fact]
    public void ParamsReachEveryExpression_AndTheModelsConstants()
    {
        var result = NetDslCompiler.Analyze("/models/params.netdsl", Spatial, "Models", default);
        Assert.Empty(result.Diagnostics);
        var spec = result.Spec!;
        Assert.Equal(new[] { ("propVelocity", 100.0, "um/ms"), ("probLengthConst", 150.0, "um"), ("lenConst", 120.0, "um"), ("cellDiam", 10.0, "um") },
            spec.Params.Select(p => (p.Name, p.Value, p.Unit)));
        var diam = spec.Cells[0].Geometry.Single(g => g.Name == "diam");
        Assert.Equal(Model.ExpressionSpec.Named("cellDiam", 10), diam.Expression);
    }
}
