using System.Globalization;
using NetDsl.Simulation;

namespace NetDsl.Cli;

/// <summary>
/// Progress of long runs on an interactive terminal: simulated ms, real-time factor and ETA on one
/// rewritten line, shown only after about two seconds and never when output is redirected.
/// </summary>
public sealed class ConsoleProgress
{
    private const double ShowAfterSeconds = 2.0;
    private readonly TextWriter _writer;
    private bool _shown;

    private ConsoleProgress(TextWriter writer) => _writer = writer;

    /// <summary>A progress callback for <see cref="RunOptions.Progress"/>, or null when the output is not a terminal.</summary>
    public static ConsoleProgress? ForConsole(bool quiet) =>
        quiet || Console.IsOutputRedirected || Console.IsErrorRedirected ? null : new ConsoleProgress(Console.Error);

    public void Report(RunProgress progress)
    {
        if (progress.ElapsedSeconds < ShowAfterSeconds) return;
        double factor = progress.ElapsedSeconds > 0 ? progress.SimulatedMs / 1000.0 / progress.ElapsedSeconds : 0;
        double remainingMs = Math.Max(0, progress.DurationMs - progress.SimulatedMs);
        string eta = factor > 0 ? (remainingMs / 1000.0 / factor).ToString("0.0", CultureInfo.InvariantCulture) + " s" : "?";
        _writer.Write(string.Format(CultureInfo.InvariantCulture, "\r  simulated {0:0.0} / {1:0.0} ms   real-time factor {2:0.000}   ETA {3}      ",
            progress.SimulatedMs, progress.DurationMs, factor, eta));
        _shown = true;
    }

    /// <summary>Ends the progress line so the summary starts on a fresh one.</summary>
    public void Finish()
    {
        if (_shown) _writer.WriteLine();
        _shown = false;
    }
}
