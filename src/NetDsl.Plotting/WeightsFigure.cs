using NetDsl.Simulation;
using ScottPlot;

namespace NetDsl.Plotting;

public static partial class NetworkFigures
{
    /// <summary>
    /// The weights of plastic connections over time, two panels: the distribution of weights at every sample (a
    /// histogram per sample time, as a heatmap: time along x, weight up y, the fraction of connections in each weight bin
    /// as colour) and the mean weight of each connection rule. Without a weight record step the samples are the initial
    /// weights (t = 0) and the final ones.
    /// </summary>
    /// <exception cref="ArgumentException">The run has no plastic connections (<see cref="SimulationResult.Weights"/> is null).</exception>
    public static Figure Weights(SimulationResult result, int bins = 20)
    {
        var weights = result.Weights ?? throw new ArgumentException("The run recorded no plastic weights: no connection rule has plasticity.", nameof(result));
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        var (times, samples) = WeightSamples(result, weights);
        int columns = times.Length, connections = weights.Connections.Count;

        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var column in samples)
        {
            foreach (double w in column)
            {
                if (!double.IsFinite(w)) continue;
                low = Math.Min(low, w);
                high = Math.Max(high, w);
            }
        }
        if (!(low <= high)) (low, high) = (0, 1);
        if (high - low < 1e-12 * Math.Max(1, Math.Abs(high))) (low, high) = (low - Math.Max(Math.Abs(low) * 0.1, 1e-6), high + Math.Max(Math.Abs(high) * 0.1, 1e-6));

        // Row 0 is the heatmap's top: the highest weights.
        var fraction = new double[bins, columns];
        double binWidth = (high - low) / bins;
        for (int s = 0; s < columns; s++)
        {
            foreach (double w in samples[s])
            {
                if (!double.IsFinite(w)) continue;
                int bin = Math.Clamp((int)((w - low) / binWidth), 0, bins - 1);
                fraction[bins - 1 - bin, s] += connections == 0 ? 0 : 1.0 / connections;
            }
        }
        double step = columns > 1 ? (times[^1] - times[0]) / (columns - 1) : 1;
        var histogram = NewPlot();
        histogram.HideGrid();
        var heatmap = histogram.Add.Heatmap(fraction);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Rectangle = new CoordinateRect(times[0] - step / 2, times[^1] + step / 2, low, high);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var colorbar = histogram.Add.ColorBar(heatmap);
        colorbar.Label = "Fraction of connections";
        colorbar.LabelStyle.FontSize = 14;
        histogram.Title(string.Format(Invariant, "Plastic weights, {0} connections{1}", connections, PartialNote(result)));
        histogram.XLabel("Time (ms)");
        histogram.YLabel("Weight (uS)");
        histogram.Axes.SetLimits(times[0] - step / 2, times[^1] + step / 2, low, high);

        var means = NewPlot();
        var rules = new List<string>();
        foreach (var connection in weights.Connections) if (!rules.Contains(connection.Rule)) rules.Add(connection.Rule);
        for (int r = 0; r < rules.Count; r++)
        {
            var mean = new double[columns];
            int count = 0;
            for (int c = 0; c < connections; c++)
            {
                if (weights.Connections[c].Rule != rules[r]) continue;
                count++;
                for (int s = 0; s < columns; s++) mean[s] += samples[s][c];
            }
            for (int s = 0; s < columns; s++) mean[s] /= count;
            var line = means.Add.ScatterLine(times, mean, NetPyneColors.ForPopulation(r));
            line.LineWidth = 2;
            line.LegendText = rules[r];
        }
        means.ShowLegend(Edge.Right);
        means.Title("Mean weight per rule");
        means.XLabel("Time (ms)");
        means.YLabel("Mean weight (uS)");
        means.Axes.SetLimitsX(times[0] - step / 2, times[^1] + step / 2);
        means.Axes.AutoScaleY();

        return new Figure("weights", [histogram, means], 1100, 900)
        {
            ConnectionsDrawn = connections,
            TracesDrawn = rules.Count,
            WeightSamplesDrawn = columns,
        };
    }

    /// <summary>The sample times and, per time, every plastic connection's weight: the samples, or the initial and final weights.</summary>
    private static (double[] Times, double[][] Samples) WeightSamples(SimulationResult result, PlasticWeights weights)
    {
        var connections = weights.Connections;
        if (weights.SampleTimes.Length > 0)
        {
            var samples = new double[weights.SampleTimes.Length][];
            for (int s = 0; s < samples.Length; s++)
            {
                samples[s] = new double[connections.Count];
                for (int c = 0; c < connections.Count; c++) samples[s][c] = connections[c].Samples[s];
            }
            return (weights.SampleTimes, samples);
        }
        return ([0, Math.Max(result.SimulatedTime, 1)],
            [connections.Select(c => c.InitialWeight).ToArray(), connections.Select(c => c.FinalWeight).ToArray()]);
    }
}
