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
        if (arguments.Distributed || NetDsl.Distributed.MpiLaunch.IsMultiRankLaunch()) return ExecuteDistributed(arguments);
        return Execute(arguments, null);
    }

    /// <summary>
    /// One rank of <c>mpirun -n N netdsl run</c>: every rank compiles and builds its share; rank 0 prints and writes
    /// for the job, the other ranks stay silent unless they fail (then the job is aborted with their rank and error).
    /// </summary>
    private int ExecuteDistributed(RunArguments arguments)
    {
        NetDsl.Distributed.MpiCommunicator communicator;
        try
        {
            communicator = NetDsl.Distributed.MpiCommunicator.Open();
        }
        catch (NetDsl.Distributed.MpiUnavailableException e)
        {
            stderr.WriteLine("netdsl: run --distributed: " + e.Message);
            return ExitCodes.UsageError;
        }
        using (communicator)
        {
            var command = communicator.Rank == 0 ? this : new RunCommand(TextWriter.Null, TextWriter.Null);
            return command.Execute(arguments, communicator);
        }
    }

    private int Execute(RunArguments arguments, NetDsl.Distributed.Communicator? communicator)
    {
        // Ctrl-C is honoured from the start: compiling and building stop where they are.
        using var ctrlC = new CtrlCHandler();
        using var progress = ConsoleProgress.ForConsole(arguments.Quiet, stderr);
        progress?.Phase("reading " + arguments.File);
        long readStart = Stopwatch.GetTimestamp();
        var loaded = ModelSource.LoadOrReport(arguments.File, stderr, ctrlC.Token, progress);
        if (loaded is null) return ExitCodes.ModelError;
        var model = loaded.CreateModel();
        double modelSeconds = Stopwatch.GetElapsedTime(readStart).TotalSeconds;

        ParameterApplier.ApplySeed(model, arguments.Seed);
        var assignments = new List<(string, string)>();
        foreach (var setting in arguments.Settings) assignments.Add((setting.Path, setting.Values[0]));
        ParameterApplier.Apply(model, assignments);

        string outputDirectory = OutputFolder.Prepare(arguments.OutputDirectory ?? Path.Combine("out", model.Name));

        return RunAndSave(arguments, model, outputDirectory, ctrlC.Token, progress, communicator, modelSeconds);
    }

    private int RunAndSave(RunArguments arguments, INetworkModel model, string outputDirectory, CancellationToken cancellation, ConsoleProgress? progress,
        NetDsl.Distributed.Communicator? communicator, double modelSeconds)
    {
        var options = new RunOptions
        {
            Cancellation = cancellation,
            Progress = progress is null ? null : progress.Report,
            Threads = arguments.Threads ?? 0,
            Precision = arguments.Precision,
            Distributed = communicator,
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
            progress?.Phase("building the network");
            using (NetDsl.Construction.BuildMonitor.Use(new(cancellation, progress is null ? null : progress.ReportBuild)))
            {
                (result, buildBytes) = ModelRunner.RunMeasured(model, options);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            progress?.Finish();
            stderr.WriteLine("netdsl: interrupted while building the network; nothing was simulated, so nothing is saved");
            return Interrupted;
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
            if (ProcessClock.SecondsBeforeMain() is double beforeMain)
            {
                stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "  Start-up: {0:0.0000} s (process start to the command)", beforeMain));
            }
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "  Model: {0:0.0000} s (the file parsed, checked and turned into the model)", modelSeconds));
            foreach (string line in RunSummary.TimingLines(result, Process.GetCurrentProcess().PeakWorkingSet64, buildBytes)) stdout.WriteLine(line);
        }
        long saveStart = Stopwatch.GetTimestamp();

        progress?.Phase("saving " + outputDirectory);
        // The other ranks' results hold their share only: rank 0 has gathered the run and writes it once.
        if (result.Rank != 0) return result.Partial ? Interrupted : ExitCodes.Ok;
        var data = arguments.Save ?? NetDsl.Output.DataInclude.Of(result.Definition.Simulation);
        var written = OutputSaver.Save(result, outputDirectory, arguments.Svg ? FigureFormat.Svg : FigureFormat.Png, data);
        progress?.Finish();
        if (!arguments.Quiet)
        {
            foreach (string path in written) stdout.WriteLine("  Saved " + path + " (" + OutputSaver.Size(path) + ")");
            if (data.LeavesOutByDefault(result.Connections.Count))
                stdout.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "  The data JSON leaves out the {0:N0} connections (more than {1:N0}); --save all writes them, e.g. for NetPyNE's sim.loadAll.",
                    result.Connections.Count, NetDsl.Output.DataInclude.DefaultConnectionLimit));
        }
        if (arguments.Timing)
        {
            stdout.WriteLine(string.Format(CultureInfo.InvariantCulture, "  Saving: {0:0.0000} s (data JSON, spikes and figures){1}",
                Stopwatch.GetElapsedTime(saveStart).TotalSeconds,
                ProcessClock.SecondsBeforeMain() is null ? "" : string.Format(CultureInfo.InvariantCulture, "; process so far: {0:0.0000} s", ProcessClock.SecondsSinceStart())));
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
