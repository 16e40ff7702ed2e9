using NetDsl.Definition;
using NetDsl.Plotting;
using ScottPlot;
using ScottPlot.Plottables;

namespace NetDsl.Cli.Tests;

public sealed class FigureTests
{
    private static readonly Lazy<NetDsl.Simulation.SimulationResult> Inhibitory = new(() => ReferenceResults.Load("C_inhib"));
    private static readonly Lazy<NetDsl.Simulation.SimulationResult> Single = new(() => ReferenceResults.Load("A_single"));

    private static int CountMarkerPoints(Figure figure)
    {
        int points = 0;
        foreach (var plot in figure.Plots)
        {
            foreach (var plottable in plot.GetPlottables())
            {
                if (plottable is Markers markers) points += markers.Data.GetScatterPoints().Count;
            }
        }
        return points;
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 1000, "PNG is suspiciously small: " + png.Length + " bytes");
        Assert.Equal(signature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        return (width, height);
    }

    [Fact]
    public void Raster_draws_every_spike_coloured_by_population_with_netpyne_title()
    {
        var result = Inhibitory.Value;
        var figure = NetworkFigures.Raster(result);

        Assert.Equal(1074, result.SpikeTimes.Length);
        Assert.Equal(1074, figure.SpikesDrawn);
        Assert.Equal(1074, CountMarkerPoints(figure));
        Assert.Equal(30, figure.CellsDrawn);
        var markers = figure.Plots[0].GetPlottables().OfType<Markers>().ToList();
        Assert.Equal(2, markers.Count);
        Assert.Equal(NetPyneColors.ForPopulation(0), markers[0].MarkerStyle.FillColor);
        Assert.Equal(new Color(230, 194, 0), markers[1].MarkerStyle.FillColor);
        // NetPyNE's own title for this run: "cells: 30   syn/cell: 5.4   rate: 35.8 Hz    sync=0.50".
        Assert.Equal("cells: 30   syn/cell: 5.4   rate: 35.8 Hz    sync=0.50", figure.Plots[0].Axes.Title.Label.Text);
        var legend = figure.Plots[0].Legend.ManualItems.Select(i => i.LabelText).ToList();
        // Rates are spikes / cells / simulated s (610 / 20 = 30.5 Hz, as NetPyNE's popAvgRates and summary say).
        Assert.Equal(new[] { "IZH_exc\n  cells: 20\n  syn/cell: 5.9\n  rate: 30.5 Hz", "IZH_inh\n  cells: 10\n  syn/cell: 4.3\n  rate: 46.4 Hz" }, legend);

        Assert.Equal((figure.Width, figure.Height), PngSize(figure.Encode(FigureFormat.Png)));
    }

    [Fact]
    public void Raster_title_rounds_ties_to_even_as_netpyne_prints_them()
    {
        // NetPyNE's own B_network raster title: 1545 spikes / 20 cells = 77.25 Hz printed as 77.2.
        var figure = NetworkFigures.Raster(ReferenceResults.Load("B_network"));
        Assert.Equal("cells: 20   syn/cell: 2.8   rate: 77.2 Hz    sync=0.40", figure.Plots[0].Axes.Title.Label.Text);
    }

    [Fact]
    public void Raster_include_limits_rows_and_spikes_to_the_selected_population()
    {
        var result = Inhibitory.Value;
        var figure = NetworkFigures.Raster(result, CellSelector.Population("IZH_inh"));
        int inhibitorySpikes = result.SpikeGids.Count(g => g >= 20);
        Assert.Equal(10, figure.CellsDrawn);
        Assert.Equal(inhibitorySpikes, CountMarkerPoints(figure));
    }

    [Fact]
    public void Traces_draw_one_titled_panel_per_recorded_cell_without_the_last_sample()
    {
        var result = Single.Value;
        var figure = NetworkFigures.Traces(result);

        Assert.Equal(1, figure.TracesDrawn);
        var plot = Assert.Single(figure.Plots);
        Assert.Equal("Cell 0, Pop SingleIZH", plot.Axes.Title.Label.Text);
        Assert.Equal("Time (ms)", plot.Axes.Bottom.Label.Text);
        Assert.Equal("V_soma (mV)", plot.Axes.Left.Label.Text);
        var line = Assert.Single(plot.GetPlottables().OfType<Scatter>());
        Assert.Equal(result.TraceTimes.Length - 1, line.Data.GetScatterPoints().Count);
        Assert.Equal((figure.Width, figure.Height), PngSize(figure.Encode(FigureFormat.Png)));
    }

    [Fact]
    public void Network2D_draws_every_cell_and_connection_red_or_blue_by_synapse_label_with_depth_downwards()
    {
        var result = Inhibitory.Value;
        var figure = NetworkFigures.Network2D(result);

        Assert.Equal(30, figure.CellsDrawn);
        Assert.Equal(30, CountMarkerPoints(figure));
        Assert.Equal(141, figure.ConnectionsDrawn);
        var lines = figure.Plots[0].GetPlottables().OfType<LinePlot>().ToList();
        Assert.Equal(141, lines.Count);
        int inhibitory = result.Connections.Count(c => c.Synapse == "inh");
        Assert.Equal(inhibitory, lines.Count(l => l.LineColor.WithAlpha(1.0) == new Color(0, 0, 255)));
        Assert.Equal(141 - inhibitory, lines.Count(l => l.LineColor.WithAlpha(1.0) == new Color(255, 0, 0)));
        var limits = figure.Plots[0].Axes.GetLimits();
        Assert.True(limits.Top < limits.Bottom, "y must grow downwards (depth)");
        Assert.Equal((figure.Width, figure.Height), PngSize(figure.Encode(FigureFormat.Png)));
    }

    [Fact]
    public void SpikeHistogram_and_rates_cover_every_spike_and_population()
    {
        var result = Inhibitory.Value;
        var histogram = NetworkFigures.SpikeHistogram(result);
        Assert.Equal(1074, histogram.SpikesDrawn);
        Assert.Equal(2, histogram.Plots[0].GetPlottables().OfType<Scatter>().Count());
        Assert.Equal((histogram.Width, histogram.Height), PngSize(histogram.Encode(FigureFormat.Png)));

        var rates = NetworkFigures.Rates(result);
        var bars = rates.Plots[0].GetPlottables().OfType<BarPlot>().SelectMany(b => b.Bars).ToList();
        Assert.Equal(new[] { 30.5, 46.4 }, bars.Select(b => Math.Round(b.Value, 1)));
        Assert.Equal((rates.Width, rates.Height), PngSize(rates.Encode(FigureFormat.Png)));
    }

    [Fact]
    public void Svg_output_is_an_svg_document()
    {
        var svg = System.Text.Encoding.UTF8.GetString(NetworkFigures.Raster(Inhibitory.Value).Encode(FigureFormat.Svg));
        Assert.Contains("<svg", svg);
        Assert.Contains("</svg>", svg);
    }

    [Fact]
    public void ResultWriter_writes_data_spikes_and_the_requested_figures()
    {
        using var folder = new TemporaryFolder();
        var written = ResultWriter.WriteAll(Inhibitory.Value, folder.Path);
        Assert.Equal(
            ["C_inhib_data.json", "C_inhib_spikes.csv", "C_inhib_raster.png", "C_inhib_traces.png", "C_inhib_2Dnet.png"],
            written.Select(Path.GetFileName));
        Assert.All(written, path => Assert.True(new FileInfo(path).Length > 0));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [Fact]
    public void Figures_written_at_once_decode_to_their_drawn_size_and_pixels()
    {
        using var folder = new TemporaryFolder();
        var result = Inhibitory.Value;
        var written = ResultWriter.WriteAll(result, folder.Path);
        var expected = new Dictionary<string, Figure>
        {
            ["C_inhib_raster.png"] = NetworkFigures.Raster(result),
            ["C_inhib_traces.png"] = NetworkFigures.Traces(result),
            ["C_inhib_2Dnet.png"] = NetworkFigures.Network2D(result),
        };
        foreach (var (name, figure) in expected)
        {
            string path = Path.Combine(folder.Path, name);
            Assert.Contains(path, written);
            using var bitmap = SkiaSharp.SKBitmap.Decode(path);
            Assert.NotNull(bitmap);
            Assert.Equal((figure.Width, figure.Height), (bitmap.Width, bitmap.Height));
            // The file holds the figure drawn alone: the same pixels as encoding it here (PNG is lossless).
            using var alone = SkiaSharp.SKBitmap.Decode(figure.Encode(FigureFormat.Png));
            Assert.Equal(alone.GetPixelSpan().ToArray(), bitmap.GetPixelSpan().ToArray());
            // White background, with something drawn on it.
            Assert.Equal(SkiaSharp.SKColors.White, bitmap.GetPixel(1, 1));
            Assert.Contains(bitmap.Pixels, pixel => pixel != SkiaSharp.SKColors.White);
        }
    }

    [Fact]
    public void A_failed_output_fails_the_save_with_its_own_exception_after_the_others_finish()
    {
        using var folder = new TemporaryFolder();
        // A folder where the raster goes: its rename fails while the other outputs are written.
        Directory.CreateDirectory(Path.Combine(folder.Path, "C_inhib_raster.png"));
        var error = Assert.ThrowsAny<Exception>(() => ResultWriter.WriteAll(Inhibitory.Value, folder.Path));
        Assert.True(error is IOException or UnauthorizedAccessException, error.GetType().Name + ": " + error.Message);
        Assert.True(new FileInfo(Path.Combine(folder.Path, "C_inhib_data.json")).Length > 0);
        Assert.True(new FileInfo(Path.Combine(folder.Path, "C_inhib_2Dnet.png")).Length > 0);
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }
}
