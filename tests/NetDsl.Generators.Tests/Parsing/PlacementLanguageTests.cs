using System;
using System.Linq;
using NetDsl.Definition;
using NetDsl.Generators.Tests.Compile;
using NetDsl.Generators.Tests.Harness;
using NetDsl.Simulation;

namespace NetDsl.Generators.Tests.Parsing;

/// <summary>The placement keys of <c>pop</c> (NetPyNE's popParams ranges, density, gridSpacing, cellsList).</summary>
public class PlacementLanguageTests
{
    private const string Header = """
        cell RS {
          soma diam=10 L=10 cm=31.831
          Izhi2007b C=1 k=0.7 vr=-60 vt=-40 vpeak=35 a=0.03 b=-2 c=-50 d=100 celltype=1
        }
        syn exc: Exp2Syn tau1=1 tau2=5 e=0
        stim bkg: NetStim rate=10 noise=0.5
        stim bkg -> all w=0.01 d=5 syn=exc

        """;

    private const string Placed = Header + """
        sim duration=10 sizeX=100um sizeY=1000um sizeZ=100um
        pop E2: RS x 50 ynormRange=[0.1, 0.4]
        pop Eabs: RS x 40 xRange=[0um, 100um] yRange=[0um, 200um] zRange=[25um, 75um]
        pop G: RS gridSpacing=25um
        pop D: RS density=20000 yRange=[20um, 83um]
        pop L: RS cellsList=[(10um, 10um, 10um), (90um, 10um, 50um)]
        """;

    private static dynamic Model(string text)
    {
        var assembly = GeneratedCodeCompilesTests.Load(GeneratedCodeCompilesTests.CompileModels(("/models/placed.netdsl", "network Placed\n" + text)));
        return Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + ".Placed")!)!;
    }

    [Fact]
    public void PlacementKeys_LowerToTheDefinition()
    {
        dynamic model = Model(Placed);
        NetworkDefinition definition = model.ToDefinition();
        var pops = definition.Populations;
        Assert.Equal(new[] { "E2", "Eabs", "G", "D", "L" }, pops.Select(p => p.Name));
        Assert.Equal((50, new PlacementRange(0.1, 0.4)), (pops[0].Count, pops[0].YNormRange!.Value));
        Assert.Equal((new PlacementRange(0, 100), new PlacementRange(0, 200), new PlacementRange(25, 75)), (pops[1].XRange!.Value, pops[1].YRange!.Value, pops[1].ZRange!.Value));
        Assert.Equal((0, 25.0), (pops[2].Count, pops[2].GridSpacing));
        Assert.Equal((0, 20000.0, new PlacementRange(20, 83)), (pops[3].Count, pops[3].Density, pops[3].YRange!.Value));
        Assert.Equal(new[] { new CellLocation(10, 10, 10), new CellLocation(90, 10, 50) }, pops[4].CellsList);
        Assert.Equal(1000, definition.SizeY);

        // The handles count the cells the engine builds: 50 + 40 + 11·41·5 grid points + int(20000·0.01·0.063) = 12 + 2.
        Network network = model.Build();
        int grid = 5 * 41 * 5;
        Assert.Equal(new[] { 50, 40, grid, 12, 2 }, network.Populations.Select(p => p.Count));
        Assert.Equal(network.Cells.Count, (int)model.Populations.CellCount);
        Assert.Equal(50 + 40 + grid, (int)model.Populations.D.FirstGid);
        Assert.Equal((90.0, 0.9), (network.Cells[network.Cells.Count - 1].X, network.Cells[network.Cells.Count - 1].XNorm));
    }

    [Fact]
    public void UnknownKey_IsReportedWithASuggestion()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Header + "pop E: RS x 5 ynormRang=[0.1, 0.4]\n");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0107", 8, 15);
        Assert.Contains("Did you mean 'ynormRange'?", message);
        Assert.Contains("xRange", message);
    }

    [Fact]
    public void RangeInTheWrongUnit_IsReported()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Header + "pop E: RS x 5 yRange=[0um, 200ms]\n");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0203", 8, 31);
        Assert.Contains("not a length unit", message);
        var bare = GeneratorHarness.Diagnostics(Header + "pop E: RS x 5 yRange=[0, 200]\n");
        Assert.Contains("give its unit", DiagnosticAssert.Single(bare, "NDSL0203", 8, 23));
        var norm = GeneratorHarness.Diagnostics(Header + "pop E: RS x 5 ynormRange=[0.1um, 0.4]\n");
        Assert.Contains("takes no unit", DiagnosticAssert.Single(norm, "NDSL0203", 8, 30));
    }

    [Fact]
    public void CountWithDensityGridOrList_IsAnError()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Header + "pop D: RS x 10 density=20000\n");
        Assert.Contains("both x 10 and density", DiagnosticAssert.Single(diagnostics, "NDSL0113", 8, 16));
        var two = GeneratorHarness.Diagnostics(Header + "pop D: RS density=20000 gridSpacing=25um\n");
        Assert.Contains("both density and gridSpacing", DiagnosticAssert.Single(two, "NDSL0113", 8, 25));
        var none = GeneratorHarness.Diagnostics(Header + "pop D: RS yRange=[0um, 50um]\n");
        Assert.Contains("has no size", DiagnosticAssert.Single(none, "NDSL0111", 8, 8));
    }

    [Theory]
    [InlineData("ynormRange=[0.4, 0.4]", "NDSL0201", 15, "empty")]
    [InlineData("xnormRange=[0.5, 1.5]", "NDSL0201", 15, "within [0, 1]")]
    [InlineData("gridSpacing=0um", "NDSL0201", 15, "> 0")]
    public void InvalidValues_AreReported(string key, string id, int column, string text)
    {
        string count = key.StartsWith("grid", StringComparison.Ordinal) ? "" : "x 5 ";
        var diagnostics = GeneratorHarness.Diagnostics(Header + $"pop E: RS {count}{key}\n");
        Assert.Contains(text, DiagnosticAssert.Single(diagnostics, id, 8, column - (count.Length == 0 ? 4 : 0) + key.IndexOf('=') + 1));
    }
}
