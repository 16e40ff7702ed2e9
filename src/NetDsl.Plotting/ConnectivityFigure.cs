using NetDsl.Definition;
using NetDsl.Simulation;
using ScottPlot;

namespace NetDsl.Plotting;

public static partial class NetworkFigures
{
    /// <summary>
    /// NetPyNE's plotConn matrix (groupBy='pop', graphType='matrix'): one cell per (pre, post) pair of populations and
    /// stimulus sources, pre down the y axis, post along the top, viridis from the smallest to the largest value, grey
    /// grid lines, a colorbar labelled with the feature and the title "Connection &lt;feature&gt; matrix".
    /// </summary>
    public static Figure Connectivity(SimulationResult result, ConnectivityFeature feature = ConnectivityFeature.Strength, CellSelector? include = null)
    {
        var matrix = ConnectivityMatrix.Compute(result, feature, include);
        string name = ConnectivityMatrix.FeatureName(feature);
        int rows = matrix.Pre.Count, columns = matrix.Post.Count;
        var plot = NewPlot();
        plot.HideGrid();

        if (rows > 0 && columns > 0)
        {
            var heatmap = plot.Add.Heatmap(matrix.Values);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            // Row 0 is the heatmap's top; row i is centred on y = rows - 1 - i so pre reads downwards, as NetPyNE draws it.
            heatmap.Rectangle = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
            var (min, max) = Extremes(matrix.Values);
            heatmap.ManualRange = new ScottPlot.Range(min, max > min ? max : min + 1);
            var colorbar = plot.Add.ColorBar(heatmap);
            colorbar.Label = name;
            colorbar.LabelStyle.FontSize = 15;
            colorbar.MinimumSize = 110;
            colorbar.Axis.TickGenerator = ColorbarTicks(min, max);
            colorbar.Axis.TickLabelStyle.FontSize = 13;

            var gridColor = new Color(179, 179, 179);
            for (int i = 1; i < rows; i++) AddGridLine(plot, -0.5, i - 0.5, columns - 0.5, i - 0.5, gridColor);
            for (int j = 1; j < columns; j++) AddGridLine(plot, j - 0.5, -0.5, j - 0.5, rows - 0.5, gridColor);
        }

        var rowPositions = new double[rows];
        var rowLabels = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            rowPositions[i] = rows - 1 - i;
            rowLabels[i] = matrix.Pre[i];
        }
        var columnPositions = new double[columns];
        var columnLabels = new string[columns];
        for (int j = 0; j < columns; j++)
        {
            columnPositions[j] = j;
            columnLabels[j] = matrix.Post[j];
        }
        plot.Axes.Left.SetTicks(rowPositions, rowLabels);
        plot.Axes.Left.MajorTickStyle.Length = 5;
        plot.Axes.Left.MinorTickStyle.Length = 0;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Top.SetTicks(columnPositions, columnLabels);
        plot.Axes.Top.MajorTickStyle.Length = 5;
        plot.Axes.Top.MinorTickStyle.Length = 0;
        plot.Axes.Top.TickLabelStyle.FontSize = 14;
        plot.Axes.Top.TickLabelStyle.Rotation = -90;
        plot.Axes.Top.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Top.Label.Text = "post";
        plot.Axes.Top.Label.FontSize = 15;
        plot.Axes.Top.Label.Bold = false;
        // Rotated tick labels are measured as if upright: reserve their length so the label and title clear them.
        plot.Axes.Top.MinimumSize = 45 + LabelLength(matrix);
        if (plot.Axes.Top is ScottPlot.AxisPanels.AxisBase topAxis) topAxis.LabelOffsetY = 22;
        plot.Axes.Bottom.SetTicks([], []);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.YLabel("pre");
        plot.Axes.Left.Label.FontSize = 15;
        plot.Axes.Left.Label.Bold = false;
        plot.Title("Connection " + name + " matrix" + PartialNote(result));

        double right = Math.Max(0.5, columns - 0.5), top = Math.Max(0.5, rows - 0.5);
        plot.Axes.SetLimitsX(-0.5, right, plot.Axes.Bottom);
        plot.Axes.SetLimitsX(-0.5, right, plot.Axes.Top);
        plot.Axes.SetLimitsY(-0.5, top, plot.Axes.Left);

        // Square cells, as matplotlib's imshow draws them: the data area follows the matrix's shape.
        const int side = 560;
        int dataWidth = columns >= rows ? side : Math.Max(120, side * columns / Math.Max(1, rows));
        int dataHeight = rows >= columns ? side : Math.Max(120, side * rows / Math.Max(1, columns));
        int labelRoom = 16 + (int)LabelLength(matrix);
        var padding = new PixelPadding(left: 40 + labelRoom, right: 150, bottom: 40, top: 80 + labelRoom);
        plot.Layout.Fixed(padding);
        int width = dataWidth + (int)(padding.Left + padding.Right);
        int height = dataHeight + (int)(padding.Top + padding.Bottom);
        return new Figure("conn", [plot], width, height) { CellsDrawn = CellSelection.Gids(result, include).Count, ConnectionsDrawn = CountOf(matrix), Matrix = matrix };
    }

    private static void AddGridLine(Plot plot, double x1, double y1, double x2, double y2, Color color)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.LineColor = color;
        line.LineWidth = 1.5f;
        line.MarkerSize = 0;
    }

    /// <summary>About six round values from min to max, as matplotlib labels a colorbar.</summary>
    private static ScottPlot.TickGenerators.NumericManual ColorbarTicks(double min, double max)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double span = max - min;
        if (!(span > 0))
        {
            ticks.AddMajor(min, FormatTick(min));
            return ticks;
        }
        double rough = span / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = magnitude * NiceFactor(rough / magnitude);
        for (double value = Math.Ceiling(min / step) * step; value <= max + step * 1e-9; value += step)
        {
            double rounded = Math.Round(value / step) * step;
            ticks.AddMajor(rounded, FormatTick(rounded));
        }
        return ticks;
    }

    private static double NiceFactor(double fraction) => fraction switch { < 1.5 => 1, < 3 => 2, < 7 => 5, _ => 10 };

    private static string FormatTick(double value) =>
        Math.Abs(value) < 1e-12 ? "0" : value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);

    private static (double Min, double Max) Extremes(double[,] values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double value in values)
        {
            if (double.IsNaN(value)) continue;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        return double.IsInfinity(min) ? (0, 0) : (min, max);
    }

    /// <summary>Pixels the longest population name takes at the tick labels' font size.</summary>
    private static float LabelLength(ConnectivityMatrix matrix) => 8.5f * LongestLabel(matrix);

    private static int LongestLabel(ConnectivityMatrix matrix)
    {
        int longest = 1;
        foreach (string label in matrix.Pre) longest = Math.Max(longest, label.Length);
        foreach (string label in matrix.Post) longest = Math.Max(longest, label.Length);
        return Math.Min(longest, 24);
    }

    private static int CountOf(ConnectivityMatrix matrix)
    {
        double total = 0;
        foreach (double count in matrix.Counts) total += count;
        return (int)total;
    }
}
