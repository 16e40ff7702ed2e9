using NetDsl.Construction;
using NetDsl.Simulation;

namespace NetDsl.Cli.Tests.Survival;

/// <summary>
/// Issue 13: progress on standard error also in a pipe, a line every 10 % or 10 s, whichever is rarer, and an ETA
/// from the recent rate; on a terminal one rewritten line after two seconds. Driven by a clock the test sets.
/// </summary>
public sealed class ProgressTests
{
    private sealed class Clock
    {
        public double Seconds;
    }

    private static (ConsoleProgress Progress, StringWriter Output, Clock Clock) Piped()
    {
        var clock = new Clock();
        var output = new StringWriter();
        return (new ConsoleProgress(output, interactive: false, () => clock.Seconds), output, clock);
    }

    private static string[] Lines(StringWriter output) => output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void InAPipe_ALineEveryTenSecondsWhenTenPercentTakesLess()
    {
        var (progress, output, clock) = Piped();
        progress.Phase("building the network");
        // A 100 s run: 1 % a second; reports every quarter second, ticks every second.
        for (int second = 1; second <= 100; second++)
        {
            clock.Seconds = second;
            progress.Report(new RunProgress(second * 10, 1000, second));
            progress.Tick();
        }
        var lines = Lines(output);
        Assert.Equal(9, lines.Length);
        Assert.Equal("  simulated: 110.0 / 1000.0 ms (11%), real-time factor 0.011, ETA 89.0 s", lines[0]);
        Assert.Equal("  simulated: 210.0 / 1000.0 ms (21%), real-time factor 0.011, ETA 79.0 s", lines[1]);
    }

    [Fact]
    public void InAPipe_ALineEveryTenPercentWhenTenSecondsIsLess()
    {
        var (progress, output, clock) = Piped();
        // A 1000 s run: 0.1 % a second, so 10 % every 100 s.
        for (int second = 1; second <= 1000; second++)
        {
            clock.Seconds = second;
            progress.Report(new RunProgress(second, 1000, second));
            progress.Tick();
        }
        var lines = Lines(output);
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("  simulated: 100.0 / 1000.0 ms (10%)", lines[0]);
        Assert.EndsWith("ETA 00:15:00", lines[0]);
        Assert.StartsWith("  simulated: 200.0 / 1000.0 ms (20%)", lines[1]);
        Assert.StartsWith("  simulated: 1000.0 / 1000.0 ms (100%)", lines[^1]);
    }

    [Fact]
    public void TheEta_FollowsTheRecentRate_NotTheAverageSinceTheStart()
    {
        var (progress, _, clock) = Piped();
        // 60 s at 1 ms/s, then 20 s at 10 ms/s: the rest (740 ms) takes 74 s at the new rate, not 740 / 3.25.
        double simulated = 0;
        for (int second = 1; second <= 80; second++)
        {
            simulated += second <= 60 ? 1 : 10;
            clock.Seconds = second;
            progress.Report(new RunProgress(simulated, 1000, second));
        }
        Assert.Equal(74.0, progress.EtaSeconds!.Value, 1e-9);
    }

    [Fact]
    public void InAPipe_AShortPhaseIsSilent_AndALongSetUpSaysWhatItDoes()
    {
        var (progress, output, clock) = Piped();
        progress.Phase("compiling model.netdsl");
        clock.Seconds = 3;
        progress.Tick();
        progress.Phase("building the network");
        progress.ReportBuild(new BuildProgress("connection 'E->E'", 0.42));
        clock.Seconds = 14;
        progress.Tick();
        Assert.Equal(["  building the network: connection 'E->E' 42% (11 s)"], Lines(output));
    }

    [Fact]
    public void OnATerminal_OneRewrittenLine_AfterTwoSeconds()
    {
        var clock = new Clock();
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: true, () => clock.Seconds);
        progress.Phase("compiling model.netdsl");
        clock.Seconds = 1;
        progress.Tick();
        Assert.Equal("", output.ToString());
        clock.Seconds = 2.5;
        progress.Tick();
        progress.Finish();
        Assert.Equal("\r  compiling model.netdsl... (2 s)      " + Environment.NewLine, output.ToString());
    }
}
