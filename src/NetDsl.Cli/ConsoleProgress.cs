using System.Diagnostics;
using System.Globalization;
using NetDsl.Construction;
using NetDsl.Simulation;

namespace NetDsl.Cli;

/// <summary>
/// Progress of a command on standard error, phase by phase (compiling, building, simulating, saving). On a terminal:
/// one rewritten line, shown once a phase has taken two seconds. Elsewhere (a pipe, a log): a line once a phase has
/// taken ten seconds, then one every 10 % or 10 s, whichever is rarer (every 10 s for phases with no fraction), so a
/// log of a long run shows it is alive without filling up. The ETA comes from the rate over the last
/// <see cref="RateWindowSeconds"/>, not from the start, so set-up and warm-up do not skew it.
/// </summary>
public sealed class ConsoleProgress : IDisposable
{
    private const double ShowAfterSeconds = 2.0;
    public const double LineEverySeconds = 10.0, LineEveryFraction = 0.10;
    public const double RateWindowSeconds = 10.0;

    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly Func<double> _clock;
    private readonly Timer? _timer;
    private readonly object _gate = new();
    private readonly Queue<(double Seconds, double SimulatedMs)> _samples = new();
    public const string SimulatingPhase = "simulated";
    private string? _phase;
    private string? _detail;
    private double _phaseStart;
    private double? _fraction;
    private RunProgress? _run;
    private bool _lineShown;
    private double _lastLineSeconds, _lastLineFraction;

    /// <param name="writer">Where progress goes (standard error).</param>
    /// <param name="interactive">A terminal: one rewritten line; otherwise whole lines, rarely.</param>
    /// <param name="clock">Seconds since some start; a stopwatch unless a test drives the time.</param>
    /// <param name="tick">How often the line is refreshed; null: only when <see cref="Tick"/> is called.</param>
    public ConsoleProgress(TextWriter writer, bool interactive, Func<double>? clock = null, TimeSpan? tick = null)
    {
        _writer = writer;
        _interactive = interactive;
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed.TotalSeconds;
        }
        _clock = clock;
        if (tick is { } period) _timer = new Timer(_ => Tick(), null, period, period);
    }

    /// <summary>Progress on <paramref name="stderr"/>, or null with --quiet; a rewritten line only where it is the terminal.</summary>
    public static ConsoleProgress? ForConsole(bool quiet, TextWriter stderr)
    {
        if (quiet) return null;
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        return new ConsoleProgress(stderr, terminal, tick: TimeSpan.FromMilliseconds(terminal ? 250 : 1000));
    }

    /// <summary>Starts a phase ("compiling model.netdsl"); ends the previous one's line.</summary>
    public void Phase(string name)
    {
        lock (_gate) StartPhase(name);
    }

    private void StartPhase(string name)
    {
        EndLine();
        _phase = name;
        _detail = null;
        _fraction = null;
        _run = null;
        _samples.Clear();
        _phaseStart = _clock();
        _lastLineSeconds = _phaseStart;
        _lastLineFraction = 0;
    }

    /// <summary>For <see cref="BuildMonitor"/>: the connection rule being drawn and how far it is.</summary>
    public void ReportBuild(BuildProgress progress)
    {
        lock (_gate)
        {
            _detail = string.Format(CultureInfo.InvariantCulture, "{0} {1:0}%", progress.Step, 100 * progress.Fraction);
        }
    }

    /// <summary>For <see cref="RunOptions.Progress"/>: simulated time so far; the first report starts the phase "simulated".</summary>
    public void Report(RunProgress progress)
    {
        lock (_gate)
        {
            if (_run is null) StartPhase(SimulatingPhase);
            double now = _clock();
            _run = progress;
            _fraction = progress.DurationMs > 0 ? Math.Clamp(progress.SimulatedMs / progress.DurationMs, 0, 1) : null;
            _samples.Enqueue((now, progress.SimulatedMs));
            while (_samples.Count > 2 && now - _samples.Peek().Seconds > RateWindowSeconds) _samples.Dequeue();
        }
    }

    /// <summary>Seconds of wall-clock time the rest of the run needs at the recent rate, or null before there is one.</summary>
    public double? EtaSeconds
    {
        get
        {
            lock (_gate)
            {
                if (_run is not { } run || _samples.Count < 2) return null;
                var (firstSeconds, firstMs) = _samples.Peek();
                double seconds = _clock() - firstSeconds, simulated = run.SimulatedMs - firstMs;
                if (seconds <= 0 || simulated <= 0) return null;
                return Math.Max(0, run.DurationMs - run.SimulatedMs) / (simulated / seconds);
            }
        }
    }

    /// <summary>Writes the progress line if it is due.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_phase is null) return;
            double now = _clock(), inPhase = now - _phaseStart;
            if (_interactive)
            {
                if (inPhase < ShowAfterSeconds) return;
                _writer.Write("\r  " + Describe(inPhase) + "      ");
                _lineShown = true;
                return;
            }
            if (now - _lastLineSeconds < LineEverySeconds) return;
            // The tolerance keeps 0.21 - 0.11 from falling just short of a tenth.
            if (_fraction is { } fraction && fraction - _lastLineFraction < LineEveryFraction - 1e-9) return;
            _writer.WriteLine("  " + Describe(inPhase));
            _lastLineSeconds = now;
            _lastLineFraction = _fraction ?? 0;
        }
    }

    private string Describe(double inPhase)
    {
        if (_run is { } run)
        {
            double factor = inPhase > 0 ? run.SimulatedMs / 1000.0 / inPhase : 0;
            string eta = EtaSeconds is { } seconds ? FormatSeconds(seconds) : "?";
            return string.Format(CultureInfo.InvariantCulture, "{0}: {1:0.0} / {2:0.0} ms ({3:0}%), real-time factor {4:0.000}, ETA {5}",
                _phase, run.SimulatedMs, run.DurationMs, 100 * (_fraction ?? 0), factor, eta);
        }
        return string.Format(CultureInfo.InvariantCulture, "{0}{1} ({2:0} s)", _phase, _detail is null ? "..." : ": " + _detail, Math.Floor(inPhase));
    }

    private static string FormatSeconds(double seconds) => seconds < 100
        ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 86400 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private void EndLine()
    {
        if (_lineShown) _writer.WriteLine();
        _lineShown = false;
    }

    /// <summary>Ends the progress line so what follows starts on a fresh one.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            EndLine();
            _phase = null;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        Finish();
    }
}
