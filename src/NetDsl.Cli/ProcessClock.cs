using System.Diagnostics;

namespace NetDsl.Cli;

/// <summary>When the process started and when its entry point ran, for <c>run --timing</c>'s start-up figures.</summary>
public static class ProcessClock
{
    private static long? _mainEntered;

    /// <summary>Called first thing in the entry point; a command run in process by a host that never calls it has no start-up figure.</summary>
    public static void MarkMainEntered() => _mainEntered = Stopwatch.GetTimestamp();

    /// <summary>Seconds from the process's start to the entry point (the host, the runtime, loading the command); null when run in process.</summary>
    public static double? SecondsBeforeMain() =>
        _mainEntered is long entered ? Math.Max(0, SecondsSinceStart() - Stopwatch.GetElapsedTime(entered).TotalSeconds) : null;

    /// <summary>Seconds since the process started (the operating system's start time, to about 10 ms).</summary>
    public static double SecondsSinceStart()
    {
        using var process = Process.GetCurrentProcess();
        return (DateTime.Now - process.StartTime).TotalSeconds;
    }
}
