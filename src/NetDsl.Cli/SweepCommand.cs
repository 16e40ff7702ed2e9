using System.Globalization;
using NetDsl.Output;
using NetDsl.Plotting;
using NetDsl.Simulation;

namespace NetDsl.Cli;

/// <summary>One combination of swept values.</summary>
public sealed record SweepVariant(string Label, IReadOnlyList<(string Path, string Value)> Assignments);

/// <summary>
/// <c>netdsl sweep</c>: runs every combination of the <c>--set</c> lists in parallel, prints a table of rates
/// and spike counts per population, writes each variant's outputs into its own folder and one comparison figure.
/// </summary>
public sealed class SweepCommand(TextWriter stdout, TextWriter stderr)
{
    public int Execute(SweepArguments arguments)
    {
        using var compiled = ModelSource.CompileOrReport(arguments.File, stderr);
        if (compiled is null) return ExitCodes.ModelError;

        var variants = Variants(arguments.Settings);
        // Every path and value is checked on one model before any run starts.
        foreach (var variant in variants)
        {
            var probe = compiled.CreateModel();
            ParameterApplier.ApplySeed(probe, arguments.Seed);
            ParameterApplier.Apply(probe, variant.Assignments);
        }
        string network = compiled.CreateModel().Name;
        string outputDirectory = OutputFolder.Prepare(arguments.OutputDirectory ?? Path.Combine("out", network + "_sweep"));

        using var ctrlC = new CtrlCHandler();
        if (!arguments.Quiet)
        {
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "Sweeping {0} ({1}): {2} variants...", network, arguments.File, variants.Count));
        }
        var results = RunAll(compiled, arguments, variants, ctrlC.Token);

        var runs = new List<(string, SimulationResult)>();
        for (int i = 0; i < variants.Count; i++)
        {
            string folder = Path.Combine(outputDirectory, FolderName(variants[i].Label));
            OutputSaver.Save(results[i], folder, arguments.Svg ? FigureFormat.Svg : FigureFormat.Png);
            runs.Add((variants[i].Label, results[i]));
        }

        var table = SweepTable.Format(runs);
        stdout.Write(table);
        string tablePath = Path.Combine(outputDirectory, network + "_sweep.txt");
        string figurePath = Path.Combine(outputDirectory, network + "_sweep" + (arguments.Svg ? ".svg" : ".png"));
        try
        {
            AtomicFile.WriteAllText(tablePath, table);
            NetworkFigures.RateComparison(runs, $"{network}: rate per population per variant").Save(figurePath, arguments.Svg ? FigureFormat.Svg : FigureFormat.Png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"{outputDirectory}: cannot write the outputs ({e.Message})");
        }
        if (!arguments.Quiet)
        {
            stdout.WriteLine("  Saved " + tablePath);
            stdout.WriteLine("  Saved " + figurePath);
            stdout.WriteLine("  Saved each variant's outputs under " + outputDirectory);
        }
        foreach (var result in results)
        {
            if (result.Partial)
            {
                stderr.WriteLine("netdsl: interrupted; the saved outputs hold partial runs (marked partial)");
                return RunCommand.Interrupted;
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>Every combination of the settings' values, the first setting varying slowest.</summary>
    public static IReadOnlyList<SweepVariant> Variants(IReadOnlyList<ParameterSetting> settings)
    {
        var combinations = new List<List<(string Path, string Value)>> { new() };
        foreach (var setting in settings)
        {
            var next = new List<List<(string, string)>>();
            foreach (var combination in combinations)
            {
                foreach (string value in setting.Values)
                {
                    next.Add([.. combination, (setting.Path, value)]);
                }
            }
            combinations = next;
        }
        var variants = new List<SweepVariant>(combinations.Count);
        foreach (var combination in combinations)
        {
            var parts = new List<string>();
            foreach (var (path, value) in combination) parts.Add(path + "=" + value);
            variants.Add(new SweepVariant(string.Join(" ", parts), combination));
        }
        return variants;
    }

    /// <summary>A folder name for a variant label: path characters that are awkward in file names become '_'.</summary>
    public static string FolderName(string label)
    {
        var chars = label.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (!(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '=')) chars[i] = '_';
        }
        return new string(chars);
    }

    private SimulationResult[] RunAll(CompilationOutcome compiled, SweepArguments arguments, IReadOnlyList<SweepVariant> variants, CancellationToken cancellation)
    {
        var results = new SimulationResult[variants.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = arguments.Threads ?? Environment.ProcessorCount };
        var lockObject = new object();
        try
        {
            System.Threading.Tasks.Parallel.For(0, variants.Count, parallel, i =>
            {
                var model = compiled.CreateModel();
                ParameterApplier.ApplySeed(model, arguments.Seed);
                ParameterApplier.Apply(model, variants[i].Assignments);
                results[i] = ModelRunner.Run(model, new RunOptions { Cancellation = cancellation, Threads = 1, Precision = arguments.Precision });
                if (!arguments.Quiet)
                {
                    lock (lockObject) stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "  done: {0} ({1:0.00} s)", variants[i].Label, results[i].Timing.RunTime));
                }
            });
        }
        catch (AggregateException e)
        {
            foreach (var inner in e.Flatten().InnerExceptions)
            {
                if (inner is UsageException usage) throw usage;
                if (inner is NetDslModelException or SimulationDivergedException) throw new CommandFailedException($"{arguments.File}: {inner.Message}");
            }
            throw;
        }
        return results;
    }
}

/// <summary>The sweep's table: one row per variant, rate (Hz) and spike count per population, and the total rate.</summary>
public static class SweepTable
{
    public static string Format(IReadOnlyList<(string Variant, SimulationResult Result)> runs)
    {
        var populations = new List<string>();
        foreach (var (_, result) in runs)
        {
            foreach (var population in result.Populations)
            {
                if (!populations.Contains(population.Name)) populations.Add(population.Name);
            }
        }
        var header = new List<string> { "variant" };
        foreach (string population in populations)
        {
            header.Add(population + " Hz");
            header.Add(population + " spikes");
        }
        header.Add("all Hz");
        header.Add("all spikes");

        var rows = new List<List<string>> { header };
        foreach (var (variant, result) in runs)
        {
            var row = new List<string> { variant + (result.Partial ? " (partial)" : "") };
            var rates = result.PopulationRates();
            foreach (string population in populations)
            {
                var rate = rates.FirstOrDefault(r => r.Population == population);
                row.Add(rate is null ? "-" : rate.RateHz.ToString("0.00", CultureInfo.InvariantCulture));
                row.Add(rate is null ? "-" : rate.Spikes.ToString(CultureInfo.InvariantCulture));
            }
            row.Add(result.AverageRate.ToString("0.00", CultureInfo.InvariantCulture));
            row.Add(result.SpikeTimes.Length.ToString(CultureInfo.InvariantCulture));
            rows.Add(row);
        }

        var widths = new int[header.Count];
        foreach (var row in rows)
        {
            for (int c = 0; c < row.Count; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        var text = new System.Text.StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            text.Append("| ");
            for (int c = 0; c < row.Count; c++)
            {
                text.Append(c == 0 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
                text.Append(" |");
                if (c < row.Count - 1) text.Append(' ');
            }
            text.Append('\n');
            if (r == 0)
            {
                text.Append('|');
                for (int c = 0; c < row.Count; c++) text.Append(c == 0 ? ":" + new string('-', widths[c] + 1) : new string('-', widths[c] + 1) + ":").Append('|');
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}
