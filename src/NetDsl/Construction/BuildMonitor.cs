using System.Diagnostics;

namespace NetDsl.Construction;

/// <summary>Progress of building a network: the step under way (a connection rule) and how far it is, 0 to 1.</summary>
public readonly record struct BuildProgress(string Step, double Fraction);

/// <summary>
/// Lets the long loops of the network builder (the connection rules) be cancelled and report progress, without
/// a parameter through every call: a tool sets a monitor for the calls it makes (<see cref="Use"/>), the loops call
/// <see cref="Checkpoint"/> every <see cref="WorkPerCheck"/> pairs or so. Without a monitor a checkpoint does nothing.
/// </summary>
public sealed class BuildMonitor(CancellationToken cancellation, Action<BuildProgress>? progress = null)
{
    /// <summary>About how many pairs or connections the loops handle between two checkpoints: the check stays invisible.</summary>
    public const int WorkPerCheck = 1 << 16;

    private static readonly AsyncLocal<BuildMonitor?> CurrentMonitor = new();
    private static readonly long ProgressTicks = Stopwatch.Frequency / 4;
    private readonly CancellationToken _cancellation = cancellation;
    private readonly Action<BuildProgress>? _progress = progress;
    private long _lastProgress = Stopwatch.GetTimestamp();

    /// <summary>Sets <paramref name="monitor"/> for the builds this thread (and tasks it starts) makes until disposed.</summary>
    public static IDisposable Use(BuildMonitor monitor)
    {
        var previous = CurrentMonitor.Value;
        CurrentMonitor.Value = monitor;
        return new Scope(previous);
    }

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> when the build was cancelled, and reports progress at most four
    /// times a second.
    /// </summary>
    internal static void Checkpoint(string connectionLabel, long done, long total)
    {
        if (CurrentMonitor.Value is not { } monitor) return;
        monitor._cancellation.ThrowIfCancellationRequested();
        if (monitor._progress is null) return;
        long now = Stopwatch.GetTimestamp();
        if (now - monitor._lastProgress < ProgressTicks) return;
        monitor._lastProgress = now;
        monitor._progress(new BuildProgress("connection '" + connectionLabel + "'", total > 0 ? Math.Clamp(done / (double)total, 0, 1) : 0));
    }

    private sealed class Scope(BuildMonitor? previous) : IDisposable
    {
        public void Dispose() => CurrentMonitor.Value = previous;
    }
}
