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
        var compiled = ModelSource.LoadOrReport(arguments.File, stderr);
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
        var (results, failures) = RunAll(compiled, arguments, variants, ctrlC.Token);

        // Each point stands alone: a failed one is reported with its values and marked in the table; the others are
        // saved. The whole sweep is staged and swapped into place at the end, so the folder never mixes two sweeps.
        var runs = new List<(string, SimulationResult)>();
        var rows = new List<(string, SimulationResult?, string?)>();
        var format = arguments.Svg ? FigureFormat.Svg : FigureFormat.Png;
        string table, tablePath, figurePath;
        try
        {
            using var staged = OutputFolder.Stage(outputDirectory);
            for (int i = 0; i < variants.Count; i++)
            {
                if (results[i] is not SimulationResult result)
                {
                    stderr.WriteLine($"netdsl: variant {variants[i].Label} failed: {failures[i]}");
                    rows.Add((variants[i].Label, null, failures[i]));
                    continue;
                }
                string folder = Path.Combine(staged.Path, FolderName(variants[i].Label));
                if (!staged.ReplacesFolder)
                {
                    // Written into a folder that holds other files: each variant's own folder is still swapped whole.
                    OutputSaver.Save(result, folder, format, arguments.Save);
                }
                else
                {
                    OutputSaver.WriteInto(result, folder, format, arguments.Save);
                    OutputFolder.WriteMarker(folder, network);
                }
                runs.Add((variants[i].Label, result));
                rows.Add((variants[i].Label, result, null));
            }

            table = SweepTable.Format(rows);
            AtomicFile.WriteAllText(Path.Combine(staged.Path, network + "_sweep.txt"), table);
            if (runs.Count > 0)
            {
                NetworkFigures.RateComparison(runs, $"{network}: rate per population per variant")
                    .Save(Path.Combine(staged.Path, network + "_sweep" + (arguments.Svg ? ".svg" : ".png")), format);
            }
            staged.Commit(network);
            tablePath = Path.Combine(outputDirectory, network + "_sweep.txt");
            figurePath = Path.Combine(outputDirectory, network + "_sweep" + (arguments.Svg ? ".svg" : ".png"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputSaver.Failed(outputDirectory, e);
        }
        stdout.Write(table);
        if (!arguments.Quiet)
        {
            stdout.WriteLine("  Saved " + tablePath);
            if (runs.Count > 0) stdout.WriteLine("  Saved " + figurePath);
            stdout.WriteLine("  Saved each variant's outputs under " + outputDirectory);
        }
        foreach (var (_, result) in runs)
        {
            if (result.Partial)
            {
                stderr.WriteLine("netdsl: interrupted; the saved outputs hold partial runs (marked partial)");
                return RunCommand.Interrupted;
            }
        }
        int failed = failures.Count(f => f is not null);
        if (failed > 0)
        {
            stderr.WriteLine($"netdsl: {failed} of {variants.Count} variants failed; the others are saved");
            return ExitCodes.ModelError;
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

    /// <summary>Runs every variant; one that fails leaves a null result and the reason, and the others still run.</summary>
    private (SimulationResult?[] Results, string?[] Failures) RunAll(LoadedModel compiled, SweepArguments arguments, IReadOnlyList<SweepVariant> variants, CancellationToken cancellation)
    {
        var results = new SimulationResult?[variants.Count];
        var failures = new string?[variants.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = arguments.Threads ?? Environment.ProcessorCount };
        var lockObject = new object();
        System.Threading.Tasks.Parallel.For(0, variants.Count, parallel, i =>
        {
            try
            {
                var model = compiled.CreateModel();
                ParameterApplier.ApplySeed(model, arguments.Seed);
                ParameterApplier.Apply(model, variants[i].Assignments);
                results[i] = ModelRunner.Run(model, new RunOptions { Cancellation = cancellation, Threads = 1, Precision = arguments.Precision });
                if (!arguments.Quiet)
                {
                    lock (lockObject) stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "  done: {0} ({1:0.00} s)", variants[i].Label, results[i]!.Timing.RunTime));
                }
            }
            catch (Exception e) when (e is NetDslModelException or SimulationDivergedException or UsageException or ArgumentException
                                          or InvalidOperationException or OverflowException or OutOfMemoryException)
            {
                failures[i] = e.Message.ReplaceLineEndings(" ").Trim();
                if (!arguments.Quiet)
                {
                    lock (lockObject) stdout.WriteLine($"  failed: {variants[i].Label}");
                }
            }
        });
        return (results, failures);
    }
}

/// <summary>The sweep's table: one row per variant, rate (Hz) and spike count per population, and the total rate.</summary>
public static class SweepTable
{
    public static string Format(IReadOnlyList<(string Variant, SimulationResult Result)> runs) =>
        Format(runs.Select(r => (r.Variant, (SimulationResult?)r.Result, (string?)null)).ToList());

    /// <summary>The table with failed variants (no result, a reason) marked "(failed)" and "-" in every column.</summary>
    public static string Format(IReadOnlyList<(string Variant, SimulationResult? Result, string? Failure)> runs)
    {
        var populations = new List<string>();
        foreach (var (_, result, _) in runs)
        {
            if (result is null) continue;
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
        foreach (var (variant, result, _) in runs)
        {
            if (result is null)
            {
                var failedRow = new List<string> { variant + " (failed)" };
                for (int c = 1; c < header.Count; c++) failedRow.Add("-");
                rows.Add(failedRow);
                continue;
            }
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
