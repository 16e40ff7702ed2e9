using System.Diagnostics;
using System.Globalization;
using NetDsl.Output;
using NetDsl.Plotting;
using NetDsl.Simulation;

namespace NetDsl.Cli;

/// <summary><c>netdsl run</c>: compile, apply --set, run, print the summary, write data, spikes and figures.</summary>
public sealed class RunCommand(TextWriter stdout, TextWriter stderr)
{
    /// <summary>Exit code of a run stopped with Ctrl-C (its partial outputs are saved).</summary>
    public const int Interrupted = 130;

    public int Execute(RunArguments arguments)
    {
        using var compiled = ModelSource.CompileOrReport(arguments.File, stderr);
        if (compiled is null) return ExitCodes.ModelError;

        var model = compiled.CreateModel();
        ParameterApplier.ApplySeed(model, arguments.Seed);
        var assignments = new List<(string, string)>();
        foreach (var setting in arguments.Settings) assignments.Add((setting.Path, setting.Values[0]));
        ParameterApplier.Apply(model, assignments);

        string outputDirectory = OutputFolder.Prepare(arguments.OutputDirectory ?? Path.Combine("out", model.Name));

        using var ctrlC = new CtrlCHandler();
        return RunAndSave(arguments, model, outputDirectory, ctrlC.Token);
    }

    private int RunAndSave(RunArguments arguments, INetworkModel model, string outputDirectory, CancellationToken cancellation)
    {
        var progress = ConsoleProgress.ForConsole(arguments.Quiet);
        var options = new RunOptions
        {
            Cancellation = cancellation,
            Progress = progress is null ? null : progress.Report,
            Threads = arguments.Threads ?? 0,
            Precision = arguments.Precision,
        };
        if (!arguments.Quiet)
        {
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "Running {0} ({1}) for {2} ms...",
                model.Name, arguments.File, model.ToDefinition().Simulation.Duration));
        }

        SimulationResult result;
        long buildBytes;
        try
        {
            (result, buildBytes) = ModelRunner.RunMeasured(model, options);
        }
        catch (NetDslModelException e)
        {
            throw new CommandFailedException($"{arguments.File}: {e.Message}");
        }
        catch (SimulationDivergedException e)
        {
            throw new CommandFailedException($"{arguments.File}: {e.Message}");
        }
        finally
        {
            progress?.Finish();
        }

        if (!arguments.Quiet)
        {
            foreach (string line in RunSummary.Lines(result)) stdout.WriteLine(line);
        }
        if (arguments.Timing)
        {
            stdout.WriteLine("Timing:");
            foreach (string line in RunSummary.TimingLines(result, Process.GetCurrentProcess().PeakWorkingSet64, buildBytes)) stdout.WriteLine(line);
        }

        var written = OutputSaver.Save(result, outputDirectory, arguments.Svg ? FigureFormat.Svg : FigureFormat.Png);
        if (!arguments.Quiet)
        {
            foreach (string path in written) stdout.WriteLine("  Saved " + path);
        }
        if (result.Partial)
        {
            stderr.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "netdsl: interrupted at {0:0.###} ms of {1:0.###} ms; the saved outputs hold the partial run (marked partial)",
                result.SimulatedTime, result.Definition.Simulation.Duration));
            return Interrupted;
        }
        return ExitCodes.Ok;
    }
}

/// <summary>Writes a run's outputs, turning file-system failures into one clear line.</summary>
public static class OutputSaver
{
    public static IReadOnlyList<string> Save(SimulationResult result, string directory, FigureFormat format)
    {
        try
        {
            return ResultWriter.WriteAll(result, directory, new OutputOptions { Format = format });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"{directory}: cannot write the outputs ({e.Message})");
        }
    }
}
