using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Plotting;
using NetDsl.Simulation;
using NetDsl.TestSupport;
using ScottPlot;
using ScottPlot.Plottables;

namespace NetDsl.Cli.Tests;

/// <summary>
/// NetPyNE's plotConn matrix (population × population, every feature), the raster ordered by a cell tag and the 2D
/// network of a spatial network: numbers checked on a small network run by the engine and on NetPyNE's own
/// D_spatial run, figures checked for what they draw and the PNG they write.
/// </summary>
public sealed class ConnectivityFigureTests
{
    private static readonly Lazy<SimulationResult> Small = new(() => NetworkBuilder.Build(SmallNetwork()).Run());
    private static readonly Lazy<SimulationResult> Spatial = new(SpatialReference.Load);

    /// <summary>
    /// A (3 cells) and B (2 cells) in a 100 × 1000 × 100 µm column, connected by explicit pairs so every number is
    /// known: A→A 2 (w 0.002, d 2), A→B 3 (w 0.004, d 3) + 1 (w 0.01, d 5), B→A 2 (w 0.006, d 1.5); the NetStim bkg
    /// drives every A cell (w 0.05, d 2); the IClamp clamp (no connection) holds B.
    /// </summary>
    private static NetworkDefinition SmallNetwork() => new(
        "Small",
        [new CellDefinition("RS",
            [new NamedValue("diam", 10), new NamedValue("L", 10), new NamedValue("cm", 31.831)],
            "Izhi2007b",
            [new NamedValue("C", 1), new NamedValue("k", 0.7), new NamedValue("vr", -60), new NamedValue("vt", -40), new NamedValue("vpeak", 35),
             new NamedValue("a", 0.03), new NamedValue("b", -2), new NamedValue("c", -50), new NamedValue("d", 100), new NamedValue("celltype", 1)])],
        [new PopulationDefinition("A", "RS", 3), new PopulationDefinition("B", "RS", 2)],
        [new SynapseDefinition("exc", 1, 5, 0), new SynapseDefinition("inh", 2, 10, -70)],
        [new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5), new IClampSource("clamp", 5, 20, 0.5)],
        [new StimTargetDefinition("bkg", CellSelector.Population("A"), Weight: 0.05, Delay: 2, Synapse: "exc"),
         new StimTargetDefinition("clamp", CellSelector.Population("B"))],
        [new ConnectionDefinition("A->A", CellSelector.Population("A"), CellSelector.Population("A"), ConnectionRuleKind.List, 0, 0.002, 2, "exc", [(0, 1), (1, 2)]),
         new ConnectionDefinition("A->B", CellSelector.Population("A"), CellSelector.Population("B"), ConnectionRuleKind.List, 0, 0.004, 3, "exc", [(0, 0), (1, 0), (2, 1)]),
         new ConnectionDefinition("A->B strong", CellSelector.Population("A"), CellSelector.Population("B"), ConnectionRuleKind.List, 0, 0.01, 5, "exc", [(0, 1)]),
         new ConnectionDefinition("B->A", CellSelector.Population("B"), CellSelector.Population("A"), ConnectionRuleKind.List, 0, 0.006, 1.5, "inh", [(0, 1), (1, 2)])],
        new SimulationSettings(Duration: 100, Dt: 0.025, RecordStep: 1),
        [],
        [new PlotDefinition(PlotKind.Connectivity, null),
         new PlotDefinition(PlotKind.Connectivity, null) { Feature = ConnectivityFeature.Count },
         new PlotDefinition(PlotKind.Raster, null) { OrderBy = CellTag.Y },
         new PlotDefinition(PlotKind.Net2D, null)])
    {
        SizeX = 100,
        SizeY = 1000,
        SizeZ = 100,
    };

    private static readonly string[] SmallGroups = ["A", "B", "bkg", "clamp"];

    [Fact]
    public void Matrix_rows_and_columns_are_the_populations_then_every_stimulus_source()
    {
        var matrix = ConnectivityMatrix.Compute(Small.Value);
        Assert.Equal(SmallGroups, matrix.Pre);
        Assert.Equal(SmallGroups, matrix.Post);
        Assert.Equal(new double[,] { { 2, 4, 0, 0 }, { 2, 0, 0, 0 }, { 3, 0, 0, 0 }, { 0, 0, 0, 0 } }, matrix.Counts);
    }

    [Theory]
    // n connections of summed weight W and delay D from P pre cells to Q post cells; a source counts as many cells as A.
    [InlineData(ConnectivityFeature.Count, 2, 4, 2, 3)]
    [InlineData(ConnectivityFeature.Weight, 0.002, 0.022 / 4, 0.006, 0.05)]
    [InlineData(ConnectivityFeature.Delay, 2, 14.0 / 4, 1.5, 2)]
    [InlineData(ConnectivityFeature.Probability, 2.0 / 9, 4.0 / 6, 2.0 / 6, 3.0 / 9)]
    [InlineData(ConnectivityFeature.Strength, 2.0 / 9 * 0.004, 4.0 / 6 * 0.022, 2.0 / 6 * 0.012, 3.0 / 9 * 0.15)]
    [InlineData(ConnectivityFeature.Convergence, 2.0 / 3, 4.0 / 2, 2.0 / 3, 3.0 / 3)]
    [InlineData(ConnectivityFeature.Divergence, 2.0 / 3, 4.0 / 3, 2.0 / 2, 3.0 / 3)]
    public void Each_feature_of_the_small_network_is_netpynes_definition(ConnectivityFeature feature, double aToA, double aToB, double bToA, double bkgToA)
    {
        var matrix = ConnectivityMatrix.Compute(Small.Value, feature);
        Assert.Equal(feature, matrix.Feature);
        Assert.Equal(aToA, matrix["A", "A"], 12);
        Assert.Equal(aToB, matrix["A", "B"], 12);
        Assert.Equal(bToA, matrix["B", "A"], 12);
        Assert.Equal(bkgToA, matrix["bkg", "A"], 12);
        // No connection: 0 for every feature, including the IClamp's row and every source's column.
        Assert.Equal(0, matrix["B", "B"]);
        Assert.Equal(0, matrix["bkg", "B"]);
        foreach (string group in SmallGroups)
        {
            Assert.Equal(0, matrix["clamp", group]);
            Assert.Equal(0, matrix[group, "bkg"]);
            Assert.Equal(0, matrix[group, "clamp"]);
        }
    }

    [Fact]
    public void The_small_network_has_the_connections_the_matrix_was_worked_out_for()
    {
        var result = Small.Value;
        Assert.Equal(8, result.Connections.Count);
        Assert.Equal(3, result.Stims.Count(s => s.Source == "bkg"));
        Assert.Equal(0.022, result.Connections.Where(c => c.PreGid < 3 && c.PostGid >= 3).Sum(c => c.Weight), 12);
    }

    [Fact]
    public void Include_limits_the_matrix_to_the_selected_cells_and_named_sources()
    {
        var matrix = ConnectivityMatrix.Compute(Small.Value, ConnectivityFeature.Count, CellSelector.Population("A", "bkg"));
        Assert.Equal(["A", "bkg"], matrix.Pre);
        Assert.Equal(new double[,] { { 2, 0 }, { 3, 0 } }, matrix.Counts);

        // Two of A's cells: gids 0 and 1 keep the one A→A connection between them (0 → 1), and bkg's two stimuli.
        var cells = ConnectivityMatrix.Compute(Small.Value, ConnectivityFeature.Probability, CellSelector.ForGids(0, 1));
        Assert.Equal(["A"], cells.Pre);
        Assert.Equal(1.0 / 4, cells["A", "A"], 12);
    }

    [Theory]
    [InlineData(ConnectivityFeature.Strength)]
    [InlineData(ConnectivityFeature.Probability)]
    [InlineData(ConnectivityFeature.Count)]
    [InlineData(ConnectivityFeature.Weight)]
    [InlineData(ConnectivityFeature.Delay)]
    [InlineData(ConnectivityFeature.Convergence)]
    [InlineData(ConnectivityFeature.Divergence)]
    public void DSpatial_matrix_is_the_one_worked_out_from_netpynes_connections(ConnectivityFeature feature)
    {
        var result = Spatial.Value;
        var matrix = ConnectivityMatrix.Compute(result, feature);
        string[] groups = ["E2", "I2", "E4", "I4", "E5", "bkg"];
        Assert.Equal(groups, matrix.Pre);
        Assert.Equal(groups, matrix.Post);

        var popOf = result.Cells.ToDictionary(c => c.Gid, c => c.Population);
        var size = result.Populations.ToDictionary(p => p.Name, p => p.Count);
        var links = result.Connections.Select(c => (Pre: popOf[c.PreGid], Post: popOf[c.PostGid], c.Weight, c.Delay))
            .Concat(result.Stims.Select(s => (Pre: s.Source, Post: popOf[s.Gid], s.Weight, s.Delay)))
            .ToList();
        foreach (string pre in groups)
        {
            foreach (string post in groups)
            {
                var between = links.Where(l => l.Pre == pre && l.Post == post).ToList();
                double n = between.Count;
                double preCells = size.GetValueOrDefault(pre, size["E2"]), postCells = size.GetValueOrDefault(post, 0);
                double expected = n == 0 ? 0 : feature switch
                {
                    ConnectivityFeature.Count => n,
                    ConnectivityFeature.Weight => between.Average(l => l.Weight),
                    ConnectivityFeature.Delay => between.Average(l => l.Delay),
                    ConnectivityFeature.Probability => n / (preCells * postCells),
                    ConnectivityFeature.Strength => n / (preCells * postCells) * between.Sum(l => l.Weight),
                    ConnectivityFeature.Convergence => n / postCells,
                    ConnectivityFeature.Divergence => n / preCells,
                    _ => throw new ArgumentOutOfRangeException(nameof(feature)),
                };
                Assert.Equal(expected, matrix[pre, post], 12);
            }
        }
    }

    [Fact]
    public void DSpatial_strength_matches_netpynes_figure()
    {
        // NetPyNE's fig_plot_conn_pop_strength_matrix.png: I2→E2 is the brightest cell (about 0.115, the colorbar's
        // top), I4→E4 next (about 0.09), the bkg row 0.01 (50 stimuli of 0.01 µS onto 50 cells: 1/50 · 0.5).
        var matrix = ConnectivityMatrix.Compute(Spatial.Value);
        Assert.Equal(2488 + 250, matrix.Counts.Cast<double>().Sum());
        Assert.Equal(matrix.Values.Cast<double>().Max(), matrix["I2", "E2"]);
        Assert.InRange(matrix["I2", "E2"], 0.110, 0.120);
        Assert.InRange(matrix["I4", "E4"], 0.085, 0.095);
        foreach (string post in new[] { "E2", "I2", "E4", "I4", "E5" }) Assert.Equal(0.01, matrix["bkg", post], 12);
        Assert.Equal(0, matrix["I2", "I2"]);
    }

    [Fact]
    public void Connectivity_figure_is_a_titled_heatmap_with_population_ticks_and_a_colorbar()
    {
        var figure = NetworkFigures.Connectivity(Spatial.Value);
        var plot = Assert.Single(figure.Plots);
        Assert.Equal("Connection strength matrix", plot.Axes.Title.Label.Text);
        var heatmap = Assert.Single(plot.GetPlottables().OfType<Heatmap>());
        Assert.Equal(6, heatmap.Intensities.GetLength(0));
        Assert.Equal(6, heatmap.Intensities.GetLength(1));
        // Row 0 (E2) is drawn at the top: pre reads downwards as in NetPyNE.
        Assert.Equal(figure.Matrix!.Values, heatmap.Intensities);
        var colorbar = Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>());
        Assert.Equal("strength", colorbar.Label);
        Assert.Equal("pre", plot.Axes.Left.Label.Text);
        Assert.Equal("post", plot.Axes.Top.Label.Text);
        Assert.Equal(2488 + 250, figure.ConnectionsDrawn);
        Assert.Equal((figure.Width, figure.Height), PngSize(figure.Encode(FigureFormat.Png)));
        // Ticks as rendered: rows top to bottom, columns left to right.
        var leftTicks = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).OrderByDescending(t => t.Position).Select(t => t.Label);
        Assert.Equal(["E2", "I2", "E4", "I4", "E5", "bkg"], leftTicks);
        var topTicks = plot.Axes.Top.TickGenerator.Ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).Select(t => t.Label);
        Assert.Equal(["E2", "I2", "E4", "I4", "E5", "bkg"], topTicks);
    }

    [Theory]
    [InlineData(ConnectivityFeature.Count, "numConns")]
    [InlineData(ConnectivityFeature.Convergence, "convergence")]
    [InlineData(ConnectivityFeature.Delay, "delay")]
    public void Connectivity_figure_names_its_feature(ConnectivityFeature feature, string name)
    {
        var figure = NetworkFigures.Connectivity(Small.Value, feature);
        Assert.Equal("Connection " + name + " matrix", figure.Plots[0].Axes.Title.Label.Text);
        Assert.Equal(name, Assert.Single(figure.Plots[0].Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>()).Label);
        Assert.Equal((figure.Width, figure.Height), PngSize(figure.Encode(FigureFormat.Png)));
    }

    [Fact]
    public void Raster_ordered_by_y_puts_each_cell_at_its_rank_in_depth()
    {
        var result = Spatial.Value;
        var figure = NetworkFigures.Raster(result, orderBy: CellTag.Y);
        var rows = NetworkFigures.RasterRows(result, null, CellTag.Y);
        var y = result.Cells.ToDictionary(c => c.Gid, c => c.Y);
        Assert.Equal(result.Cells.OrderBy(c => c.Y).Select(c => c.Gid), rows);
        Assert.Equal("Cells (ordered by y)", figure.Plots[0].Axes.Left.Label.Text);

        // NetPyNE's orderBy='y' draws a cell on row k when it is the k-th shallowest: the spikes' rows are the ranks.
        var rank = rows.Select((gid, row) => (gid, row)).ToDictionary(e => e.gid, e => (double)e.row);
        var expected = result.SpikeTimes.Zip(result.SpikeGids, (t, gid) => (t, rank[gid])).OrderBy(p => p).ToList();
        var drawn = MarkerPoints(figure).OrderBy(p => p).ToList();
        Assert.Equal(expected, drawn);
        Assert.Equal(result.SpikeTimes.Length, figure.SpikesDrawn);

        // The shallowest cell is an E2 or I2 cell near y = 100 µm, the deepest an E5 cell near 1000 µm.
        Assert.Contains(result.Cells[rows[0]].Population, new[] { "E2", "I2" });
        Assert.Equal("E5", result.Cells[rows[^1]].Population);
        Assert.True(y[rows[0]] < 110 && y[rows[^1]] > 990);
    }

    [Fact]
    public void Raster_ordered_by_ynorm_and_by_gid_keep_their_rows()
    {
        var result = Spatial.Value;
        Assert.Equal(NetworkFigures.RasterRows(result, null, CellTag.Y), NetworkFigures.RasterRows(result, null, CellTag.YNorm));
        Assert.Equal(Enumerable.Range(0, 250), NetworkFigures.RasterRows(result, null, null));
        Assert.Equal("Cells (ordered by gid)", NetworkFigures.Raster(result).Plots[0].Axes.Left.Label.Text);
        Assert.Equal("Cells (ordered by ynorm)", NetworkFigures.Raster(result, orderBy: CellTag.YNorm).Plots[0].Axes.Left.Label.Text);
    }

    [Fact]
    public void Network2D_of_a_column_is_tall_with_depth_downwards_in_micrometres()
    {
        var figure = NetworkFigures.Network2D(Spatial.Value);
        var plot = figure.Plots[0];
        Assert.Equal("x (µm)", plot.Axes.Bottom.Label.Text);
        Assert.Equal("y (µm)", plot.Axes.Left.Label.Text);
        var limits = plot.Axes.GetLimits();
        Assert.True(limits.Top < limits.Bottom, "y must grow downwards (depth)");
        Assert.True(limits.Left <= 0 && limits.Right >= 100);
        Assert.True(limits.Top <= 0 && limits.Bottom >= 1000);
        Assert.Equal(250, figure.CellsDrawn);
        // Cells are drawn at (x, y): x horizontal, y vertical.
        var cell = Spatial.Value.Cells[0];
        Assert.Contains((cell.X, cell.Y), MarkerPoints(figure));

        Assert.Equal((figure.Width, figure.Height), PngSize(figure.Encode(FigureFormat.Png)));
        // 100 × 1000 µm is drawn tall (a 1 : 2 data area), not stretched square.
        var data = plot.RenderManager.LastRender.DataRect;
        Assert.Equal(2.0, data.Height / data.Width, 2);
        Assert.True(figure.Height > figure.Width);
    }

    [Fact]
    public void Network2D_of_a_square_network_keeps_a_square_data_area()
    {
        var result = ReferenceResults.Load("C_inhib");
        var figure = NetworkFigures.Network2D(result);
        PngSize(figure.Encode(FigureFormat.Png));
        var data = figure.Plots[0].RenderManager.LastRender.DataRect;
        Assert.Equal(1.0, data.Height / data.Width, 2);
    }

    [Fact]
    public void ResultWriter_writes_one_conn_file_per_feature_with_netpyne_names()
    {
        using var folder = new TemporaryFolder();
        var result = Small.Value;
        var written = ResultWriter.WriteAll(result, folder.Path);
        Assert.Equal(
            ["Small_data.json", "Small_spikes.csv", "Small_conn_pop_strength_matrix.png", "Small_conn_pop_numConns_matrix.png", "Small_raster.png", "Small_2Dnet.png"],
            written.Select(Path.GetFileName));
        var strength = NetworkFigures.Connectivity(result);
        Assert.Equal((strength.Width, strength.Height), PngSize(File.ReadAllBytes(written[2])));
        var raster = NetworkFigures.Raster(result, orderBy: CellTag.Y);
        Assert.Equal((raster.Width, raster.Height), PngSize(File.ReadAllBytes(written[4])));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void ResultWriter_names_every_feature_and_draws_conn_when_asked_for()
    {
        Assert.Equal("conn_pop_strength_matrix", ResultWriter.FigureSuffix(PlotKind.Connectivity));
        Assert.Equal("D_conn_pop_probability_matrix.svg",
            ResultWriter.FigureFileName("D", new PlotDefinition(PlotKind.Connectivity, null) { Feature = ConnectivityFeature.Probability }, FigureFormat.Svg));
        var suffixes = Enum.GetValues<ConnectivityFeature>()
            .Select(f => ResultWriter.FigureSuffix(new PlotDefinition(PlotKind.Connectivity, null) { Feature = f })).ToList();
        Assert.Equal(suffixes.Count, suffixes.Distinct().Count());
        foreach (var kind in Enum.GetValues<PlotKind>()) Assert.NotEmpty(ResultWriter.FigureSuffix(kind));

        var figure = ResultWriter.Draw(Small.Value, new PlotDefinition(PlotKind.Connectivity, null) { Feature = ConnectivityFeature.Divergence });
        Assert.Equal(ConnectivityFeature.Divergence, figure.Matrix!.Feature);

        using var folder = new TemporaryFolder();
        var written = ResultWriter.WriteAll(ReferenceResults.Load("C_inhib"), folder.Path, new OutputOptions { ExtraFigures = [PlotKind.Connectivity] });
        Assert.Equal("C_inhib_conn_pop_strength_matrix.png", Path.GetFileName(written[^1]));
        Assert.True(new FileInfo(written[^1]).Length > 1000);
    }

    private static List<(double X, double Y)> MarkerPoints(Figure figure)
    {
        var points = new List<(double, double)>();
        foreach (var plottable in figure.Plots[0].GetPlottables())
        {
            if (plottable is Markers markers) points.AddRange(markers.Data.GetScatterPoints().Select(p => (p.X, p.Y)));
        }
        return points;
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 1000, "PNG is suspiciously small: " + png.Length + " bytes");
        Assert.Equal(signature, png[..8]);
        int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        return (width, height);
    }
}

/// <summary>
/// NetPyNE 1.1.0's D_spatial run (Tutorial 5: five populations placed by depth in a 100 × 1000 × 100 µm column) as a
/// result: its cells, connections, NetStim stimuli and spikes, read from tests/reference/D_spatial.
/// </summary>
internal static class SpatialReference
{
    private const string Case = "D_spatial";

    private static JsonDocument Open(string fileName) => ReferenceFiles.OpenJson(Case, fileName);

    public static SimulationResult Load()
    {
        var cells = new List<CellInfo>();
        var populations = new List<PopulationInfo>();
        using (var json = Open("cells.json"))
        {
            foreach (var cell in json.RootElement.EnumerateArray())
            {
                int gid = cell.GetProperty("gid").GetInt32();
                string pop = cell.GetProperty("pop").GetString()!;
                string cellType = cell.GetProperty("cellType").GetString()!;
                cells.Add(new CellInfo(gid, pop, cellType,
                    cell.GetProperty("x").GetDouble(), cell.GetProperty("y").GetDouble(), cell.GetProperty("z").GetDouble(),
                    cell.GetProperty("xnorm").GetDouble(), cell.GetProperty("ynorm").GetDouble(), cell.GetProperty("znorm").GetDouble(),
                    new Dictionary<string, double>()));
                if (populations.Count == 0 || populations[^1].Name != pop) populations.Add(new PopulationInfo(pop, cellType, gid, 0));
                populations[^1] = populations[^1] with { Count = populations[^1].Count + 1 };
            }
        }

        var connections = new List<ConnectionInfo>();
        using (var json = Open("conns.json"))
        {
            foreach (var c in json.RootElement.EnumerateArray())
            {
                connections.Add(new ConnectionInfo(c[0].GetInt32(), c[1].GetInt32(), c[2].GetDouble(), c[3].GetDouble(), c[4].GetString()!));
            }
        }

        var stims = new List<StimInfo>();
        using (var json = Open("stims.json"))
        {
            foreach (var s in json.RootElement.EnumerateArray())
            {
                var conn = s.GetProperty("conn");
                stims.Add(new StimInfo(s.GetProperty("gid").GetInt32(), s.GetProperty("source").GetString()!, s.GetProperty("type").GetString()!,
                    conn.GetProperty("synMech").GetString(), conn.GetProperty("weight").GetDouble(), conn.GetProperty("delay").GetDouble(), []));
            }
        }

        var spikeTimes = new List<double>();
        var spikeGids = new List<int>();
        using (var json = Open("spikes.json"))
        {
            foreach (var s in json.RootElement.EnumerateArray())
            {
                spikeTimes.Add(s[0].GetDouble());
                spikeGids.Add((int)s[1].GetDouble());
            }
        }

        var definition = new NetworkDefinition(
            Case,
            [],
            populations.Select(p => new PopulationDefinition(p.Name, p.CellType, p.Count)).ToList(),
            [new SynapseDefinition("exc", 1, 5, 0), new SynapseDefinition("inh", 2, 10, -70)],
            [new NetStimSource("bkg", 100, null, 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.CellType("RS", "FS"), 0.01, 5, "exc")],
            [],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1),
            [],
            [new PlotDefinition(PlotKind.Raster, null) { OrderBy = CellTag.Y }, new PlotDefinition(PlotKind.Net2D, null), new PlotDefinition(PlotKind.Connectivity, null)])
        {
            SizeX = 100,
            SizeY = 1000,
            SizeZ = 100,
        };

        return new SimulationResult
        {
            Definition = definition,
            Populations = populations,
            Cells = cells,
            Connections = connections,
            Stims = stims,
            SpikeTimes = spikeTimes.ToArray(),
            SpikeGids = spikeGids.ToArray(),
            TraceTimes = [],
            Traces = [],
            Timing = new TimingData(0, 0, 0, 0, 0, 0),
            SimulatedTime = 1000,
        };
    }
}
