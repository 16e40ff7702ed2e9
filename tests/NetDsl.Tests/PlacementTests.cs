using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// NetPyNE 1.1.0's population placement keys (network/pop.py; shared/spec netpyne-spatial-semantics items 1-5):
/// ranges, density, gridSpacing and cellsList, against D_spatial's cells.json bit for bit and the spec's examples.
/// </summary>
public class PlacementTests
{
    private static CellDefinition Fs() => new(
        "FS",
        [new NamedValue("diam", 10), new NamedValue("L", 10), new NamedValue("cm", 31.831)],
        "Izhi2007b",
        [new NamedValue("C", 0.2), new NamedValue("k", 1), new NamedValue("vr", -55), new NamedValue("vt", -40),
         new NamedValue("vpeak", 25), new NamedValue("a", 0.2), new NamedValue("b", -2), new NamedValue("c", -45), new NamedValue("d", -55),
         new NamedValue("celltype", 5)]);

    private static NetworkDefinition Box(double sizeX, double sizeY, double sizeZ, params PopulationDefinition[] populations) =>
        new("Placement", [TestModels.Rs(), Fs()], populations, [], [], [], [], new SimulationSettings(Duration: 1), [], [])
        {
            SizeX = sizeX, SizeY = sizeY, SizeZ = sizeZ,
        };

    private static IReadOnlyList<CellInfo> Cells(NetworkDefinition definition) => NetworkBuilder.Build(definition).Cells;

    [Fact]
    public void DSpatialPositionsAreNetPyNEsBitForBit()
    {
        // tests/reference/D_spatial/model_netpyne.py: 100 x 1000 x 100 um, five pops of 50 by ynormRange.
        static PopulationDefinition Pop(string name, string cell, double lo, double hi) =>
            new(name, cell, 50) { YNormRange = new PlacementRange(lo, hi) };
        var definition = Box(100, 1000, 100,
            Pop("E2", "RS", 0.1, 0.4), Pop("I2", "FS", 0.1, 0.4), Pop("E4", "RS", 0.4, 0.7), Pop("I4", "FS", 0.4, 0.7), Pop("E5", "RS", 0.7, 1.0));
        var cells = Cells(definition);
        var reference = ReferenceData.Load("D_spatial", "cells.json");
        Assert.Equal(reference.GetArrayLength(), cells.Count);
        foreach (var expected in reference.EnumerateArray())
        {
            var cell = cells[expected.GetProperty("gid").GetInt32()];
            Assert.Equal(expected.GetProperty("pop").GetString(), cell.Population);
            Assert.Equal(Bits(expected, "x"), BitConverter.DoubleToInt64Bits(cell.X));
            Assert.Equal(Bits(expected, "y"), BitConverter.DoubleToInt64Bits(cell.Y));
            Assert.Equal(Bits(expected, "z"), BitConverter.DoubleToInt64Bits(cell.Z));
            Assert.Equal(Bits(expected, "xnorm"), BitConverter.DoubleToInt64Bits(cell.XNorm));
            Assert.Equal(Bits(expected, "ynorm"), BitConverter.DoubleToInt64Bits(cell.YNorm));
            Assert.Equal(Bits(expected, "znorm"), BitConverter.DoubleToInt64Bits(cell.ZNorm));
            Assert.Equal(Bits(expected, "k"), BitConverter.DoubleToInt64Bits(cell.Parameters["k"]));
        }
    }

    private static long Bits(System.Text.Json.JsonElement cell, string key) => BitConverter.DoubleToInt64Bits(cell.GetProperty(key).GetDouble());

    [Fact]
    public void DensityCountsTheRangesVolumeAndDrawsLikeNumCells()
    {
        // The spec's example: int(20000 * 0.001 * 0.63) = int(12.6) = 12 cells.
        var range = new PlacementRange(20, 83);
        var cells = Cells(Box(100, 100, 100, new PopulationDefinition("D", "FS", 0) { Density = 20000, YRange = range }));
        Assert.Equal(12, cells.Count);
        // Positions come from the same stream as numCells = 12 with that range.
        var same = Cells(Box(100, 100, 100, new PopulationDefinition("D", "FS", 12) { YRange = range }));
        Assert.Equal(same.Select(c => (c.X, c.Y, c.Z, c.XNorm, c.YNorm, c.ZNorm)), cells.Select(c => (c.X, c.Y, c.Z, c.XNorm, c.YNorm, c.ZNorm)));
        Assert.All(cells, c => Assert.InRange(c.Y, 20, 83));
    }

    [Fact]
    public void DensityGivingNoCellIsRejected()
    {
        var error = Assert.Throws<NetDslModelException>(() => Cells(Box(100, 100, 100, new PopulationDefinition("D", "FS", 0) { Density = 500 })));
        Assert.Contains("gives 0 cells", error.Message);
        Assert.Contains("'D'", error.Message);
    }

    [Fact]
    public void GridSpacingPlacesTheInclusiveGridXOuterZInner()
    {
        var cells = Cells(Box(100, 100, 100, new PopulationDefinition("G", "RS", 0) { GridSpacing = 25 }));
        Assert.Equal(125, cells.Count);
        Assert.Equal((0.0, 0.0, 0.0), (cells[0].X, cells[0].Y, cells[0].Z));
        Assert.Equal((0.0, 0.0, 25.0), (cells[1].X, cells[1].Y, cells[1].Z));
        Assert.Equal((0.0, 25.0, 0.0), (cells[5].X, cells[5].Y, cells[5].Z));
        Assert.Equal((25.0, 0.0, 0.0), (cells[25].X, cells[25].Y, cells[25].Z));
        Assert.Equal((100.0, 100.0, 100.0), (cells[124].X, cells[124].Y, cells[124].Z));
        Assert.Equal(1.0, cells[124].YNorm);
        Assert.Equal(0.25, cells[25].XNorm);
        for (int i = 0; i < 125; i++)
            Assert.Equal((i / 25 * 25.0, i / 5 % 5 * 25.0, i % 5 * 25.0), (cells[i].X, cells[i].Y, cells[i].Z));
    }

    [Fact]
    public void GridSpacingFollowsTheRanges()
    {
        // np.arange(20, 84, 25) = 20, 45, 70; x and z span [0, 100]: 5 * 3 * 5 cells.
        var cells = Cells(Box(100, 100, 100, new PopulationDefinition("G", "RS", 0) { GridSpacing = 25, YRange = new PlacementRange(20, 83) }));
        Assert.Equal(75, cells.Count);
        Assert.Equal(new[] { 20.0, 45.0, 70.0 }, cells.Select(c => c.Y).Distinct().Order());
        // A normalised range is first turned into um: [0.5, 1] of 100 um = 50, 75, 100.
        var norm = Cells(Box(100, 100, 100, new PopulationDefinition("G", "RS", 0) { GridSpacing = 25, XNormRange = new PlacementRange(0.5, 1) }));
        Assert.Equal(new[] { 50.0, 75.0, 100.0 }, norm.Select(c => c.X).Distinct().Order());
    }

    [Fact]
    public void GridSpacingMustBePositive()
    {
        var error = Assert.Throws<NetDslModelException>(() => Cells(Box(100, 100, 100, new PopulationDefinition("G", "RS", 0) { GridSpacing = 0 })));
        Assert.Contains("gridSpacing must be > 0", error.Message);
    }

    [Fact]
    public void CellsListGivesOneCellPerEntry()
    {
        var cells = Cells(Box(100, 1000, 100, new PopulationDefinition("L", "RS", 0)
        {
            CellsList = [new CellLocation(10, 10, 10), new CellLocation(90, 10, 50), new CellLocation(X: 5) { YNorm = 0.5 }],
        }));
        Assert.Equal(3, cells.Count);
        Assert.Equal((10.0, 10.0, 10.0, 0.1, 0.01, 0.1), (cells[0].X, cells[0].Y, cells[0].Z, cells[0].XNorm, cells[0].YNorm, cells[0].ZNorm));
        Assert.Equal((90.0, 10.0, 50.0, 0.9, 0.01, 0.5), (cells[1].X, cells[1].Y, cells[1].Z, cells[1].XNorm, cells[1].YNorm, cells[1].ZNorm));
        // x given: xnorm = x / sizeX; only ynorm: y = ynorm * sizeY; nothing: both 0.
        Assert.Equal((5.0, 500.0, 0.0, 0.05, 0.5, 0.0), (cells[2].X, cells[2].Y, cells[2].Z, cells[2].XNorm, cells[2].YNorm, cells[2].ZNorm));
    }

    [Fact]
    public void AbsoluteRangesReplaceNormalisedOnes()
    {
        var absolute = new PopulationDefinition("Eabs", "RS", 40)
        {
            XRange = new PlacementRange(0, 100), YRange = new PlacementRange(0, 200), ZRange = new PlacementRange(25, 75),
            YNormRange = new PlacementRange(0.9, 1), // replaced by yRange
        };
        var normalised = new PopulationDefinition("Eabs", "RS", 40)
        {
            XNormRange = new PlacementRange(0, 1), YNormRange = new PlacementRange(0, 0.2), ZNormRange = new PlacementRange(0.25, 0.75),
        };
        var a = Cells(Box(100, 1000, 100, absolute));
        var b = Cells(Box(100, 1000, 100, normalised));
        Assert.Equal(b.Select(c => (c.X, c.Y, c.Z, c.YNorm)), a.Select(c => (c.X, c.Y, c.Z, c.YNorm)));
        Assert.All(a, c => { Assert.InRange(c.Y, 0, 200); Assert.InRange(c.Z, 25, 75); });
        // Without ranges x, y, z are the plain draws: the same stream as before.
        var plain = Cells(Box(100, 1000, 100, new PopulationDefinition("Eabs", "RS", 40)));
        Assert.Equal(plain.Select(c => c.X), a.Select(c => c.X));
    }

    [Theory]
    [InlineData("empty", "is empty")]
    [InlineData("norm", "outside [0, 1]")]
    [InlineData("volume", "outside [0, 100] µm")]
    [InlineData("count", "cannot be given together with density")]
    public void InvalidPlacementIsRejected(string kind, string message)
    {
        var pop = kind switch
        {
            "empty" => new PopulationDefinition("P", "RS", 5) { YNormRange = new PlacementRange(0.4, 0.4) },
            "norm" => new PopulationDefinition("P", "RS", 5) { XNormRange = new PlacementRange(0.5, 1.5) },
            "volume" => new PopulationDefinition("P", "RS", 5) { ZRange = new PlacementRange(0, 150) },
            _ => new PopulationDefinition("P", "RS", 5) { Density = 20000 },
        };
        var error = Assert.Throws<NetDslModelException>(() => Cells(Box(100, 100, 100, pop)));
        Assert.Contains(message, error.Message);
        Assert.Contains("Population 'P'", error.Message);
    }
}
