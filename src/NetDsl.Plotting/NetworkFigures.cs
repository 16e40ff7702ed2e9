using System.Globalization;
using NetDsl.Definition;
using NetDsl.Output;
using NetDsl.Simulation;
using ScottPlot;

namespace NetDsl.Plotting;

/// <summary>
/// NetPyNE's analysis figures drawn with ScottPlot: raster, voltage traces, 2D network, connectivity matrix,
/// population spike histogram and population rates. Each method builds the plots; <see cref="Figure.Save"/> writes them.
/// </summary>
public static partial class NetworkFigures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Most connections the 2D network draws; beyond this a random-free even subsample is drawn.</summary>
    public const int MaxDrawnConnections = 20000;

    /// <summary>
    /// Spikes by time (ms) and cell row, coloured by population, NetPyNE's title and legend. Rows are the cells in gid
    /// order, or with <paramref name="orderBy"/> in the order of that tag (NetPyNE's orderBy: row k is the cell with
    /// the k-th smallest value, ties by gid), so a spatial network's raster reads by depth.
    /// </summary>
    public static Figure Raster(SimulationResult result, CellSelector? include = null, CellTag? orderBy = null)
    {
        var statistics = NetworkStatistics.Of(result);
        var gids = RasterRows(result, include, orderBy);
        var rowOfGid = new Dictionary<int, int>(gids.Count);
        for (int i = 0; i < gids.Count; i++) rowOfGid[gids[i]] = i;

        var plot = NewPlot();
        int spikesDrawn = 0;
        for (int p = 0; p < result.Populations.Count; p++)
        {
            var population = result.Populations[p];
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < result.SpikeTimes.Length; i++)
            {
                int gid = result.SpikeGids[i];
                if (population.Contains(gid) && rowOfGid.TryGetValue(gid, out int row))
                {
                    xs.Add(result.SpikeTimes[i]);
                    ys.Add(row);
                }
            }
            var color = NetPyneColors.ForPopulation(p);
            if (xs.Count > 0)
            {
                var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.VerticalBar, 6, color);
                markers.MarkerLineWidth = 2;
                spikesDrawn += xs.Count;
            }
            var stats = statistics.Populations[p];
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = string.Format(Invariant, "{0}\n  cells: {1}\n  syn/cell: {2}\n  rate: {3} Hz",
                    population.Name, stats.Cells, NetPyneFormat.Fixed(stats.ConnectionsPerCell, 1), NetPyneFormat.Fixed(stats.RateHz, 1)),
                FillColor = color,
                LineColor = color,
                MarkerShape = MarkerShape.FilledSquare,
                MarkerFillColor = color,
                MarkerLineColor = color,
            });
        }
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 13;
        plot.Title(string.Format(Invariant, "cells: {0}   syn/cell: {1}   rate: {2} Hz    sync={3}{4}",
            statistics.Cells, NetPyneFormat.Fixed(statistics.ConnectionsPerCell, 1), NetPyneFormat.Fixed(statistics.RateHz, 1),
            NetPyneFormat.Fixed(statistics.Synchrony, 2), PartialNote(result)));
        plot.XLabel("Time (ms)");
        plot.YLabel("Cells (ordered by " + (orderBy is { } tag ? TagCondition.Name(tag) : "gid") + ")");
        plot.Axes.SetLimits(0, TimeAxisEnd(result), -1, Math.Max(1, gids.Count));
        return new Figure("raster", [plot], 1100, 650) { SpikesDrawn = spikesDrawn, CellsDrawn = gids.Count };
    }

    /// <summary>The raster's rows from row 0 (the bottom): gids in gid order, or in the order of a tag.</summary>
    public static IReadOnlyList<int> RasterRows(SimulationResult result, CellSelector? include, CellTag? orderBy)
    {
        var gids = CellSelection.Gids(result, include);
        if (orderBy is not { } tag) return gids;
        var cellsByGid = new Dictionary<int, CellInfo>(result.Cells.Count);
        foreach (var cell in result.Cells) cellsByGid[cell.Gid] = cell;
        var ordered = new List<(double Value, int Gid)>(gids.Count);
        foreach (int gid in gids) ordered.Add((CellSelection.TagValue(cellsByGid[gid], tag), gid));
        ordered.Sort();
        return ordered.ConvertAll(entry => entry.Gid);
    }

    /// <summary>
    /// One panel per recorded cell (NetPyNE's oneFigPer='cell'), titled "Cell 0, Pop E", ms and the trace's unit.
    /// Traces of one cell in different units (v in mV, hh's gates m / h / n, u, a synapse's g in uS) get a panel each,
    /// stacked, so no axis mixes them.
    /// </summary>
    public static Figure Traces(SimulationResult result, CellSelector? include = null)
    {
        var plots = new List<Plot>();
        int tracesDrawn = 0;
        var cellsByGid = new Dictionary<int, CellInfo>();
        foreach (var cell in result.Cells) cellsByGid[cell.Gid] = cell;

        var traces = new List<TraceRecord>();
        foreach (var trace in result.Traces)
        {
            if (include is null || (cellsByGid.TryGetValue(trace.Gid, out var c) && CellSelection.Contains(include, c))) traces.Add(trace);
        }
        var gids = new List<int>();
        foreach (var trace in traces)
        {
            if (!gids.Contains(trace.Gid)) gids.Add(trace.Gid);
        }
        gids.Sort();

        // NetPyNE plots samples [0, duration / recordStep): the last sample is left out.
        int samples = Math.Max(0, result.TraceTimes.Length - 1);
        var times = result.TraceTimes.AsSpan(0, samples).ToArray();
        foreach (int gid in gids)
        {
            string population = cellsByGid.TryGetValue(gid, out var cell) ? cell.Population : "?";
            var quantities = new List<TraceQuantity>();
            foreach (var trace in traces)
            {
                if (trace.Gid == gid && !quantities.Contains(QuantityOf(trace.Variable))) quantities.Add(QuantityOf(trace.Variable));
            }
            foreach (var quantity in quantities)
            {
                var plot = NewPlot();
                var names = new List<string>();
                foreach (var trace in traces)
                {
                    if (trace.Gid != gid || QuantityOf(trace.Variable) != quantity) continue;
                    int count = Math.Min(samples, trace.Values.Length);
                    var scatter = plot.Add.ScatterLine(times[..count], trace.Values[..count], TraceColor(names.Count));
                    scatter.LineWidth = 1.5f;
                    scatter.LegendText = trace.Name;
                    if (!names.Contains(trace.Name)) names.Add(trace.Name);
                    tracesDrawn++;
                }
                plot.Title(string.Format(Invariant, "Cell {0}, Pop {1}{2}", gid, population, PartialNote(result)));
                plot.XLabel("Time (ms)");
                plot.YLabel(string.Join(", ", names) + UnitLabel(quantity));
                plot.Axes.SetLimitsX(0, TimeAxisEnd(result));
                plot.Axes.AutoScaleY();
                plots.Add(plot);
            }
        }
        if (plots.Count == 0)
        {
            // NetPyNE saves an empty figure when nothing was recorded; say why instead.
            var plot = NewPlot();
            plot.Title("No traces recorded" + PartialNote(result));
            plot.XLabel("Time (ms)");
            plot.Axes.SetLimitsX(0, TimeAxisEnd(result));
            plots.Add(plot);
        }
        int height = Math.Max(500, Math.Min(4000, 350 * plots.Count));
        return new Figure("traces", plots, 1000, plots.Count == 1 ? 700 : height) { TracesDrawn = tracesDrawn, CellsDrawn = gids.Count };
    }

    /// <summary>
    /// NetPyNE's plot2Dnet front view (view='xy'): cells at (x, y) in µm coloured by population, x to the right and y
    /// downwards as cortical depth, the network's volume as the axis range, connections red / blue (inhibitory).
    /// </summary>
    public static Figure Network2D(SimulationResult result, CellSelector? include = null)
    {
        var plot = NewPlot();
        var cellsByGid = new Dictionary<int, CellInfo>();
        foreach (var cell in result.Cells)
        {
            if (CellSelection.Contains(include, cell)) cellsByGid[cell.Gid] = cell;
        }

        int stride = result.Connections.Count <= MaxDrawnConnections ? 1 : (result.Connections.Count + MaxDrawnConnections - 1) / MaxDrawnConnections;
        int connectionsDrawn = 0;
        // Dense drawings stay readable when each line is fainter.
        double lineAlpha = result.Connections.Count <= 500 ? 0.45 : 0.2;
        for (int i = 0; i < result.Connections.Count; i += stride)
        {
            var connection = result.Connections[i];
            if (!cellsByGid.TryGetValue(connection.PreGid, out var pre) || !cellsByGid.TryGetValue(connection.PostGid, out var post)) continue;
            var line = plot.Add.Line(pre.X, pre.Y, post.X, post.Y);
            line.LineWidth = 0.6f;
            line.LineColor = NetPyneColors.ForSynapse(connection.Synapse).WithAlpha(lineAlpha);
            line.MarkerSize = 0;
            connectionsDrawn++;
        }

        int cellsDrawn = 0;
        for (int p = 0; p < result.Populations.Count; p++)
        {
            var population = result.Populations[p];
            var xs = new List<double>();
            var ys = new List<double>();
            for (int gid = population.FirstGid; gid < population.EndGid; gid++)
            {
                if (!cellsByGid.TryGetValue(gid, out var cell)) continue;
                xs.Add(cell.X);
                ys.Add(cell.Y);
            }
            var color = NetPyneColors.ForPopulation(p);
            if (xs.Count > 0)
            {
                float size = cellsByGid.Count <= 100 ? 11 : cellsByGid.Count <= 1000 ? 7 : 4;
                var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, size, color);
                markers.LegendText = population.Name;
                cellsDrawn += xs.Count;
            }
            else
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = population.Name, MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = color });
            }
        }
        if (result.Connections.Count > 0)
        {
            bool anyInhibitory = false, anyExcitatory = false;
            foreach (var connection in result.Connections)
            {
                if (NetPyneColors.IsInhibitoryLabel(connection.Synapse)) anyInhibitory = true;
                else anyExcitatory = true;
            }
            if (anyExcitatory) plot.Legend.ManualItems.Add(new LegendItem { LabelText = "excitatory conn", LineColor = NetPyneColors.ForSynapse("exc"), LineWidth = 2 });
            if (anyInhibitory) plot.Legend.ManualItems.Add(new LegendItem { LabelText = "inhibitory conn", LineColor = NetPyneColors.ForSynapse("inh"), LineWidth = 2 });
        }
        plot.ShowLegend(Edge.Right);
        string sampled = connectionsDrawn < result.Connections.Count ? string.Format(Invariant, " (every {0}th drawn)", stride) : "";
        plot.Title(string.Format(Invariant, "{0}: {1} cells, {2} connections{3}{4}", result.Definition.Name, cellsDrawn, result.Connections.Count, sampled, PartialNote(result)));
        plot.XLabel("x (µm)");
        plot.YLabel("y (µm)");
        var definition = result.Definition;
        double marginX = 0.05 * definition.SizeX, marginY = 0.05 * definition.SizeY;
        // Depth grows downwards, as in NetPyNE: y = 0 at the top.
        plot.Axes.SetLimits(-marginX, definition.SizeX + marginX, definition.SizeY + marginY, -marginY);
        var (width, height) = Network2DSize(definition.SizeX, definition.SizeY, plot);
        return new Figure("2Dnet", [plot], width, height) { CellsDrawn = cellsDrawn, ConnectionsDrawn = connectionsDrawn };
    }

    /// <summary>Longest side of the 2D network's data area, in pixels.</summary>
    private const int Network2DSide = 800;

    /// <summary>
    /// Sizes the figure so that the data area follows the network's x : y proportion within 1 : 2 and 2 : 1: a cortical
    /// column (100 × 1000 µm) is drawn tall and narrow, yet wide enough to tell cells apart; NetPyNE's square axes
    /// would stretch its x tenfold.
    /// </summary>
    private static (int Width, int Height) Network2DSize(double sizeX, double sizeY, Plot plot)
    {
        double ratio = sizeX > 0 && sizeY > 0 ? Math.Clamp(sizeX / sizeY, 0.5, 2.0) : 1.0;
        int dataWidth = (int)Math.Round(ratio <= 1 ? Network2DSide * ratio : Network2DSide);
        int dataHeight = (int)Math.Round(ratio <= 1 ? Network2DSide : Network2DSide / ratio);
        var padding = new PixelPadding(left: 90, right: 230, bottom: 70, top: 60);
        plot.Layout.Fixed(padding);
        return (dataWidth + (int)(padding.Left + padding.Right), dataHeight + (int)(padding.Top + padding.Bottom));
    }

    /// <summary>Population rates over time (Hz per cell) in bins of <paramref name="binMs"/> (NetPyNE's spikeHist, 5 ms).</summary>
    public static Figure SpikeHistogram(SimulationResult result, double binMs = 5)
    {
        var plot = NewPlot();
        double end = Math.Max(result.SimulatedTime, binMs);
        int bins = (int)Math.Ceiling(end / binMs);
        var centers = new double[bins];
        for (int b = 0; b < bins; b++) centers[b] = (b + 0.5) * binMs;
        int spikesDrawn = 0;
        for (int p = 0; p < result.Populations.Count; p++)
        {
            var population = result.Populations[p];
            var counts = new double[bins];
            for (int i = 0; i < result.SpikeTimes.Length; i++)
            {
                if (!population.Contains(result.SpikeGids[i])) continue;
                int b = Math.Clamp((int)(result.SpikeTimes[i] / binMs), 0, bins - 1);
                counts[b]++;
                spikesDrawn++;
            }
            double scale = population.Count == 0 ? 0 : 1000.0 / binMs / population.Count;
            for (int b = 0; b < bins; b++) counts[b] *= scale;
            var line = plot.Add.ScatterLine(centers, counts, NetPyneColors.ForPopulation(p));
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = population.Name;
        }
        plot.ShowLegend(Edge.Right);
        plot.Title(string.Format(Invariant, "Population rates, {0:0.#} ms bins{1}", binMs, PartialNote(result)));
        plot.XLabel("Time (ms)");
        plot.YLabel("Rate (Hz per cell)");
        plot.Axes.SetLimitsX(0, TimeAxisEnd(result));
        plot.Axes.AutoScaleY();
        plot.Axes.SetLimitsY(0, Math.Max(1, plot.Axes.GetLimits().Top));
        return new Figure("spikehist", [plot], 1100, 500) { SpikesDrawn = spikesDrawn, CellsDrawn = result.CellCount };
    }

    /// <summary>Mean rate per population as bars, labelled with the value.</summary>
    public static Figure Rates(SimulationResult result)
    {
        var statistics = NetworkStatistics.Of(result);
        var plot = NewPlot();
        var positions = new double[statistics.Populations.Count];
        var labels = new string[statistics.Populations.Count];
        double top = 1;
        for (int p = 0; p < statistics.Populations.Count; p++)
        {
            var stats = statistics.Populations[p];
            var bar = new Bar
            {
                Position = p,
                Value = stats.RateHz,
                FillColor = NetPyneColors.ForPopulation(p),
                Label = stats.RateHz.ToString("0.0", Invariant) + " Hz",
            };
            var bars = plot.Add.Bars(new[] { bar });
            bars.ValueLabelStyle.FontSize = 14;
            positions[p] = p;
            labels[p] = stats.Population;
            top = Math.Max(top, stats.RateHz);
        }
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Title(string.Format(Invariant, "Mean rate per population (total {0:0.0} Hz){1}", statistics.RateHz, PartialNote(result)));
        plot.YLabel("Rate (Hz)");
        plot.Axes.SetLimits(-0.6, Math.Max(0.6, statistics.Populations.Count - 0.4), 0, top * 1.15);
        return new Figure("rates", [plot], Math.Max(500, 160 * statistics.Populations.Count + 200), 500) { CellsDrawn = result.CellCount };
    }

    /// <summary>A comparison of several runs: one group of bars per variant, one bar per population.</summary>
    public static Figure RateComparison(IReadOnlyList<(string Variant, SimulationResult Result)> runs, string title)
    {
        var plot = NewPlot();
        var populations = new List<string>();
        foreach (var (_, result) in runs)
        {
            foreach (var population in result.Populations)
            {
                if (!populations.Contains(population.Name)) populations.Add(population.Name);
            }
        }
        int groupWidth = populations.Count + 1;
        var tickPositions = new double[runs.Count];
        var tickLabels = new string[runs.Count];
        double top = 1;
        for (int v = 0; v < runs.Count; v++)
        {
            var rates = runs[v].Result.PopulationRates();
            for (int p = 0; p < populations.Count; p++)
            {
                double rate = 0;
                foreach (var r in rates)
                {
                    if (r.Population == populations[p]) rate = r.RateHz;
                }
                var bars = plot.Add.Bars(new[]
                {
                    new Bar { Position = v * groupWidth + p, Value = rate, FillColor = NetPyneColors.ForPopulation(p), Label = rate.ToString("0.0", Invariant) },
                });
                bars.ValueLabelStyle.FontSize = 11;
                top = Math.Max(top, rate);
            }
            tickPositions[v] = v * groupWidth + (populations.Count - 1) / 2.0;
            tickLabels[v] = runs[v].Variant;
        }
        for (int p = 0; p < populations.Count; p++)
        {
            var color = NetPyneColors.ForPopulation(p);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = populations[p], FillColor = color, MarkerShape = MarkerShape.FilledSquare, MarkerFillColor = color });
        }
        plot.ShowLegend(Edge.Right);
        plot.Axes.Bottom.SetTicks(tickPositions, tickLabels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = runs.Count > 4 ? -20 : 0;
        plot.Title(title);
        plot.YLabel("Rate (Hz)");
        plot.Axes.SetLimits(-1, runs.Count * groupWidth - 1, 0, top * 1.15);
        return new Figure("sweep", [plot], Math.Max(800, 120 * runs.Count * groupWidth / 2 + 300), 600);
    }

    /// <summary>A sans-serif family available here (figures fall back to ScottPlot's default font otherwise).</summary>
    private static readonly string? SansFont = FindSansFont();

    private static string? FindSansFont()
    {
        foreach (string family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" })
        {
            using var typeface = SkiaSharp.SKFontManager.Default.MatchFamily(family);
            if (typeface is not null && typeface.FamilyName == family) return family;
        }
        return null;
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (SansFont is not null) plot.Font.Set(SansFont);
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Title.Label.Bold = false;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.07);
        // 1000, not ScottPlot's "1,000": numbers as NetPyNE's axes print them.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlainNumber };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlainNumber };
        return plot;
    }

    private static string PlainNumber(double value) => value.ToString("0.######", Invariant);

    private static double TimeAxisEnd(SimulationResult result) =>
        Math.Max(1, result.Partial ? result.SimulatedTime : result.Definition.Simulation.Duration);

    private static string PartialNote(SimulationResult result) =>
        result.Partial ? string.Format(Invariant, "  (partial: {0:0.#} ms)", result.SimulatedTime) : "";

    /// <summary>What a recorded variable measures; traces of one cell share a panel only when it is the same.</summary>
    private enum TraceQuantity
    {
        Voltage,
        Recovery,
        Conductance,
        Gate,
    }

    private static TraceQuantity QuantityOf(RecordVariable variable) => variable switch
    {
        RecordVariable.V => TraceQuantity.Voltage,
        RecordVariable.U => TraceQuantity.Recovery,
        RecordVariable.M or RecordVariable.H or RecordVariable.N => TraceQuantity.Gate,
        _ => TraceQuantity.Conductance,
    };

    private static string UnitLabel(TraceQuantity quantity) => quantity switch
    {
        TraceQuantity.Voltage => " (mV)",
        TraceQuantity.Recovery => " (u)",
        TraceQuantity.Conductance => " (uS)",
        // hh's m, h and n are open fractions, 0 to 1.
        _ => " (open fraction)",
    };

    /// <summary>The first trace of a panel is blue as in NetPyNE; further ones take NetPyNE's population colours.</summary>
    private static Color TraceColor(int index) => index == 0 ? Colors.Blue : NetPyneColors.ForPopulation(index - 1);
}
