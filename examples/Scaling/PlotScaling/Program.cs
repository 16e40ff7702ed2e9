using System.Globalization;
using ScottPlot;

// Draws docs/performance-*.png from the markdown rows printed by
// `dotnet run -c Release --project tests/NetDsl.Benchmarks -- scaling ...`:
//   dotnet run --project examples/Scaling/PlotScaling -- <scaling rows.md> <fan-in rows.md> <output folder> [<other simulators rows.md>]
// A fan-in row is a scaling row prefixed with "fan-in K ". A row of the optional last file is "| N | simulator | seconds |"
// (NEURON, Brian2 and the C loop measured on the same machine), drawn dashed next to NetDsl's variants.
if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: PlotScaling <scaling rows.md> <fan-in rows.md> <output folder> [<other simulators rows.md>]");
    return 2;
}

var byVariant = new SortedDictionary<string, List<(double N, double Seconds)>>(StringComparer.Ordinal);
foreach (var row in Rows(args[0]))
{
    if (!byVariant.TryGetValue(row.Variant, out var points)) byVariant[row.Variant] = points = [];
    // One thread: process CPU time (robust on a shared machine); several threads: wall-clock time.
    points.Add((row.Cells, row.Variant.Contains("1 thread", StringComparison.Ordinal) ? row.CpuSeconds : row.RunSeconds));
}
var scaling = new Plot();
foreach (var (variant, points) in byVariant)
{
    points.Sort();
    var line = scaling.Add.Scatter(points.Select(p => Math.Log10(p.N)).ToArray(), points.Select(p => Math.Log10(p.Seconds)).ToArray());
    line.LegendText = variant;
    line.MarkerSize = 8;
}
if (args.Length == 4)
{
    var bySimulator = new SortedDictionary<string, List<(double N, double Seconds)>>(StringComparer.Ordinal);
    foreach (var line in File.ReadLines(args[3]))
    {
        var cells = line.Split('|', StringSplitOptions.TrimEntries);
        if (cells.Length != 5 || !double.TryParse(cells[1].Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double n)) continue;
        if (!bySimulator.TryGetValue(cells[2], out var points)) bySimulator[cells[2]] = points = [];
        points.Add((n, double.Parse(cells[3], CultureInfo.InvariantCulture)));
    }
    foreach (var (simulator, points) in bySimulator)
    {
        points.Sort();
        var line = scaling.Add.Scatter(points.Select(p => Math.Log10(p.N)).ToArray(), points.Select(p => Math.Log10(p.Seconds)).ToArray());
        line.LegendText = simulator;
        line.MarkerSize = 8;
        line.LinePattern = LinePattern.Dashed;
    }
}
LogAxes(scaling, "cells N", "seconds per simulated second");
scaling.Title("E/I benchmark run time (1 thread: CPU time, 2 threads: wall time)");
scaling.ShowLegend(Edge.Right);
scaling.SavePng(Path.Combine(args[2], "performance-scaling.png"), 1000, 560);

var fanIn = new SortedDictionary<string, List<(double K, double NsPerNeuronStep)>>(StringComparer.Ordinal);
foreach (var line in File.ReadLines(args[1]))
{
    if (!line.StartsWith("fan-in ", StringComparison.Ordinal)) continue;
    var parts = line.Split(' ', 3);
    if (Parse(parts[2]) is not { } row) continue;
    if (!fanIn.TryGetValue(row.Variant, out var points)) fanIn[row.Variant] = points = [];
    points.Add((double.Parse(parts[1], CultureInfo.InvariantCulture), row.NsPerNeuronStep));
}
var synapses = new Plot();
foreach (var (variant, points) in fanIn)
{
    points.Sort();
    var series = synapses.Add.Scatter(points.Select(p => p.K * 1.25).ToArray(), points.Select(p => p.NsPerNeuronStep).ToArray());
    series.LegendText = $"{variant}, N = 10,000 (CPU time)";
    series.MarkerSize = 8;
}
synapses.XLabel("synapses per cell (mean fan-in, E + I)");
synapses.YLabel("CPU ns per neuron-step");
synapses.Axes.SetLimitsY(0, fanIn.Values.SelectMany(p => p).Max(p => p.NsPerNeuronStep) * 1.2);
synapses.Title("E/I benchmark: cost against synapses per cell");
synapses.ShowLegend(Edge.Right);
synapses.SavePng(Path.Combine(args[2], "performance-fan-in.png"), 900, 500);
Console.WriteLine($"wrote {byVariant.Count} scaling series and {fanIn.Count} fan-in series to {args[2]}");
return 0;

static IEnumerable<(double Cells, string Variant, double RunSeconds, double CpuSeconds, double NsPerNeuronStep)> Rows(string path)
{
    foreach (var line in File.ReadLines(path))
    {
        if (Parse(line) is { } row) yield return row;
    }
}

// | N | synapses | variant | build | run | CPU | real-time factor | ns / neuron-step | CPU ns / neuron-step | ...
static (double Cells, string Variant, double RunSeconds, double CpuSeconds, double NsPerNeuronStep)? Parse(string line)
{
    var cells = line.Split('|', StringSplitOptions.TrimEntries);
    if (cells.Length < 10 || !double.TryParse(cells[1].Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double n)) return null;
    double Number(int column) => double.Parse(cells[column], CultureInfo.InvariantCulture);
    return (n, cells[3], Number(5), Number(6), Number(9));
}

static void LogAxes(Plot plot, string x, string y)
{
    static string Power(double value) => Math.Pow(10, value).ToString("G4", CultureInfo.InvariantCulture);
    plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Power, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true };
    plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Power, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true };
    plot.XLabel(x);
    plot.YLabel(y);
}
