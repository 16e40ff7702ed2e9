using NetDsl.Definition;
using NetDsl.Output;
using NetDsl.Simulation;

namespace NetDsl.Plotting;

/// <summary>What <see cref="ResultWriter"/> writes.</summary>
public sealed record OutputOptions
{
    public FigureFormat Format { get; init; } = FigureFormat.Png;

    /// <summary>Figures to draw; null draws those the model asks for.</summary>
    public IReadOnlyList<PlotKind>? Figures { get; init; }

    /// <summary>Figures drawn in addition to the model's own.</summary>
    public IReadOnlyList<PlotKind> ExtraFigures { get; init; } = [];
}

/// <summary>
/// Writes every output of a run into one folder: <c>&lt;Network&gt;_data.json</c> (NetPyNE's saved-data layout),
/// <c>&lt;Network&gt;_spikes.csv</c> and the figures, each file atomically.
/// </summary>
public static class ResultWriter
{
    public static string DataFileName(string network) => network + "_data.json";

    public static string SpikesFileName(string network) => network + "_spikes.csv";

    public static string FigureFileName(string network, PlotKind kind, FigureFormat format = FigureFormat.Png) =>
        network + "_" + FigureSuffix(kind) + (format == FigureFormat.Svg ? ".svg" : ".png");

    public static string FigureSuffix(PlotKind kind) => kind switch
    {
        PlotKind.Raster => "raster",
        PlotKind.Traces => "traces",
        PlotKind.Net2D => "2Dnet",
        PlotKind.SpikeHist => "spikehist",
        PlotKind.Rates => "rates",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Writes all outputs and returns the paths written, in order.</summary>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static IReadOnlyList<string> WriteAll(SimulationResult result, string directory, OutputOptions? options = null)
    {
        options ??= new OutputOptions();
        Directory.CreateDirectory(directory);
        string network = result.Definition.Name;
        var written = new List<string>();

        string data = Path.Combine(directory, DataFileName(network));
        NetPyneJsonWriter.WriteFile(data, result, network);
        written.Add(data);

        string spikes = Path.Combine(directory, SpikesFileName(network));
        SpikesCsvWriter.WriteFile(spikes, result);
        written.Add(spikes);

        foreach (var (kind, include) in FiguresToDraw(result.Definition, options))
        {
            string path = Path.Combine(directory, FigureFileName(network, kind, options.Format));
            Draw(result, kind, include).Save(path, options.Format);
            written.Add(path);
        }
        return written;
    }

    /// <summary>Builds the figure of <paramref name="kind"/> for a result.</summary>
    public static Figure Draw(SimulationResult result, PlotKind kind, CellSelector? include = null) => kind switch
    {
        PlotKind.Raster => NetworkFigures.Raster(result, include),
        PlotKind.Traces => NetworkFigures.Traces(result, include),
        PlotKind.Net2D => NetworkFigures.Network2D(result, include),
        PlotKind.SpikeHist => NetworkFigures.SpikeHistogram(result),
        PlotKind.Rates => NetworkFigures.Rates(result),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown figure kind."),
    };

    private static List<(PlotKind Kind, CellSelector? Include)> FiguresToDraw(NetworkDefinition definition, OutputOptions options)
    {
        var figures = new List<(PlotKind, CellSelector?)>();
        void Add(PlotKind kind, CellSelector? include)
        {
            foreach (var (existing, _) in figures)
            {
                if (existing == kind) return;
            }
            figures.Add((kind, include));
        }
        if (options.Figures is null)
        {
            foreach (var plot in definition.Plots) Add(plot.Kind, plot.Include);
        }
        else
        {
            foreach (var kind in options.Figures) Add(kind, IncludeOf(definition, kind));
        }
        foreach (var kind in options.ExtraFigures) Add(kind, IncludeOf(definition, kind));
        return figures;
    }

    private static CellSelector? IncludeOf(NetworkDefinition definition, PlotKind kind)
    {
        foreach (var plot in definition.Plots)
        {
            if (plot.Kind == kind) return plot.Include;
        }
        return null;
    }
}
