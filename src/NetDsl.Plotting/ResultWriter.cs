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

    /// <summary>What the data JSON holds (NetPyNE's saveDataInclude and saveCellConns); null: what the model's <c>sim saveDataInclude=</c> says.</summary>
    public DataInclude? Data { get; init; }
}

/// <summary>
/// Writes every output of a run into one folder: <c>&lt;Network&gt;_data.json</c> (NetPyNE's saved-data layout),
/// <c>&lt;Network&gt;_spikes.csv</c> and the figures, each file atomically; a run with plastic connections also
/// <c>&lt;Network&gt;_weights.csv</c> and, with the model's own figures, <c>&lt;Network&gt;_weights.png</c>.
/// </summary>
public static class ResultWriter
{
    public static string DataFileName(string network) => network + "_data.json";

    public static string SpikesFileName(string network) => network + "_spikes.csv";

    /// <summary>The plastic weights as CSV (<see cref="WeightsCsvWriter"/>).</summary>
    public static string WeightsFileName(string network) => network + "_weights.csv";

    /// <summary>The weights figure (<see cref="NetworkFigures.Weights"/>).</summary>
    public static string WeightsFigureFileName(string network, FigureFormat format = FigureFormat.Png) =>
        network + "_weights" + (format == FigureFormat.Svg ? ".svg" : ".png");

    public static string FigureFileName(string network, PlotKind kind, FigureFormat format = FigureFormat.Png) =>
        FigureFileName(network, new PlotDefinition(kind, null), format);

    public static string FigureFileName(string network, PlotDefinition plot, FigureFormat format = FigureFormat.Png) =>
        network + "_" + FigureSuffix(plot) + (format == FigureFormat.Svg ? ".svg" : ".png");

    /// <summary>The file name's suffix of a figure kind with its default options (a connectivity matrix of strength).</summary>
    public static string FigureSuffix(PlotKind kind) => FigureSuffix(new PlotDefinition(kind, null));

    /// <summary>
    /// The file name's suffix of a figure: NetPyNE's names, a connectivity matrix as its plotConn saves it
    /// (<c>conn_pop_&lt;feature&gt;_matrix</c>), so each feature gets its own file.
    /// </summary>
    public static string FigureSuffix(PlotDefinition plot) => plot.Kind switch
    {
        PlotKind.Raster => "raster",
        PlotKind.Traces => "traces",
        PlotKind.Net2D => "2Dnet",
        PlotKind.SpikeHist => "spikehist",
        PlotKind.Rates => "rates",
        PlotKind.Connectivity => "conn_pop_" + ConnectivityMatrix.FeatureName(plot.Feature) + "_matrix",
    };

    /// <summary>Writes all outputs and returns the paths written, in order.</summary>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static IReadOnlyList<string> WriteAll(SimulationResult result, string directory, OutputOptions? options = null)
    {
        options ??= new OutputOptions();
        Directory.CreateDirectory(directory);
        string network = result.Definition.Name;
        // Every output is written from the result alone, so they are written at once, one job each (in the order
        // returned): the data JSON on this thread, the CSV files and each figure on the thread pool.
        var jobs = new List<OutputJob>();
        var data = options.Data ?? DataInclude.Of(result.Definition.Simulation);
        jobs.Add(new(Path.Combine(directory, DataFileName(network)), path => NetPyneJsonWriter.WriteFile(path, result, network, data)));
        jobs.Add(new(Path.Combine(directory, SpikesFileName(network)), path => SpikesCsvWriter.WriteFile(path, result)));
        if (result.Weights is not null) jobs.Add(new(Path.Combine(directory, WeightsFileName(network)), path => WeightsCsvWriter.WriteFile(path, result)));
        var format = options.Format;
        foreach (var plot in FiguresToDraw(result.Definition, options))
        {
            jobs.Add(new(Path.Combine(directory, FigureFileName(network, plot, format)), path => Draw(result, plot).Save(path, format)));
        }
        // The weights figure goes with the model's own figures; a chosen list of figures draws only those.
        if (result.Weights is not null && options.Figures is null)
        {
            jobs.Add(new(Path.Combine(directory, WeightsFigureFileName(network, format)), path => NetworkFigures.Weights(result).Save(path, format)));
        }
        RunAll(jobs);
        var written = new List<string>(jobs.Count);
        foreach (var job in jobs) written.Add(job.Path);
        return written;
    }

    /// <summary>
    /// Runs the jobs concurrently, the first on the calling thread. Every job has finished when this returns or
    /// throws, so a failed save never leaves a file being written; the failure thrown is that of the first failed job
    /// in order, as it was thrown (an <see cref="IOException"/> stays one).
    /// </summary>
    private static void RunAll(List<OutputJob> jobs)
    {
        var tasks = new Task[jobs.Count - 1];
        for (int j = 1; j < jobs.Count; j++)
        {
            var job = jobs[j];
            tasks[j - 1] = Task.Run(() => job.Write(job.Path));
        }
        Exception? first = null;
        try
        {
            jobs[0].Write(jobs[0].Path);
        }
        catch (Exception e)
        {
            first = e;
        }
        foreach (var task in tasks)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    /// <summary>One file to write (a class: the list's code is the shared instantiation, not one compiled at run time).</summary>
    private sealed record OutputJob(string Path, Action<string> Write);

    /// <summary>Builds the figure of <paramref name="kind"/> for a result, with that kind's default options.</summary>
    public static Figure Draw(SimulationResult result, PlotKind kind, CellSelector? include = null) =>
        Draw(result, new PlotDefinition(kind, include));

    /// <summary>Builds the figure a plot statement asks for.</summary>
    public static Figure Draw(SimulationResult result, PlotDefinition plot) => plot.Kind switch
    {
        PlotKind.Raster => NetworkFigures.Raster(result, plot.Include, plot.OrderBy),
        PlotKind.Traces => NetworkFigures.Traces(result, plot.Include),
        PlotKind.Net2D => NetworkFigures.Network2D(result, plot.Include),
        PlotKind.SpikeHist => NetworkFigures.SpikeHistogram(result),
        PlotKind.Rates => NetworkFigures.Rates(result),
        PlotKind.Connectivity => NetworkFigures.Connectivity(result, plot.Feature, plot.Include),
    };

    /// <summary>
    /// The model's plots, or those of the kinds <paramref name="options"/> names (the model's own statements of that
    /// kind, else the kind's defaults), then the extra ones; a figure whose file another already takes is left out.
    /// </summary>
    private static List<PlotDefinition> FiguresToDraw(NetworkDefinition definition, OutputOptions options)
    {
        var figures = new List<PlotDefinition>();
        void Add(PlotDefinition plot)
        {
            foreach (var existing in figures)
            {
                if (FigureSuffix(existing) == FigureSuffix(plot)) return;
            }
            figures.Add(plot);
        }
        void AddKind(PlotKind kind)
        {
            bool found = false;
            foreach (var plot in definition.Plots)
            {
                if (plot.Kind != kind) continue;
                Add(plot);
                found = true;
            }
            if (!found) Add(new PlotDefinition(kind, null));
        }
        if (options.Figures is null)
        {
            foreach (var plot in definition.Plots) Add(plot);
        }
        else
        {
            foreach (var kind in options.Figures) AddKind(kind);
        }
        foreach (var kind in options.ExtraFigures) AddKind(kind);
        return figures;
    }
}
