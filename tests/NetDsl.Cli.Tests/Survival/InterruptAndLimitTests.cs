using NetDsl.Output;

namespace NetDsl.Cli.Tests.Survival;

/// <summary>
/// Issue 17: Ctrl-C (SIGINT) is honoured while the network is built and saves what was simulated; under a memory limit
/// (<c>prlimit --as</c> of 2 GiB) each F8 model prints its refusal instead of dying, and a network just under the
/// limit runs. Each case runs <c>netdsl</c> as its own process.
/// </summary>
public sealed class InterruptAndLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public void CtrlCWhileBuilding_StopsTheBuild_AndExits130()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var folder = new TemporaryFolder();
        string model = folder.File("wide.netdsl");
        // 1.6e9 pairs, each with its own distance-dependent probability: the build takes about a minute on 2 cores, far
        // longer than the signal needs to arrive (with a constant p it builds in under a second).
        File.WriteAllText(model, "cell C { Izhi2007b }\npop E: C x 40000\nsyn s: Exp2Syn\nconn E -> E p=0.00001*exp(-dist_3D/100um) w=0.001 d=2\nsim duration=10\n");
        using var child = ChildCli.Start(["run", model, "--out", folder.File("out")]);
        Assert.StartsWith("Running Wide", child.WaitForFirstLine(Patience));
        Thread.Sleep(500);
        child.Signal("INT");
        int code = child.WaitForExit(Patience);
        Assert.True(code == RunCommand.Interrupted, $"exit {code}\n{child.Stderr}");
        Assert.Contains("netdsl: interrupted while building the network; nothing was simulated, so nothing is saved", child.Stderr);
        Assert.False(Directory.EnumerateFiles(folder.File("out")).Any());
    }

    [Fact]
    public void CtrlCWhileSimulating_SavesThePartialRun_MarkedInEveryFile()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var folder = new TemporaryFolder();
        string model = folder.File("long.netdsl"), output = folder.File("out");
        File.WriteAllText(model, "cell C { Izhi2007b }\npop E: C x 200\nsyn s: Exp2Syn\nstim b: NetStim rate=100\nstim b -> E w=0.02 d=1\nsim duration=1e7\nplot raster\n");
        using var child = ChildCli.Start(["run", model, "--out", output]);
        Assert.StartsWith("Running Long", child.WaitForFirstLine(Patience));
        // Wait until it simulates (the build of 200 cells is instant; the first progress report comes within a second).
        Thread.Sleep(3000);
        child.Signal("INT");
        int code = child.WaitForExit(Patience);
        Assert.True(code == RunCommand.Interrupted, $"exit {code}\n{child.Stderr}");
        Assert.Contains("netdsl: interrupted at ", child.Stderr);
        Assert.Contains("  PARTIAL RUN: stopped at ", child.Stdout);

        string csv = File.ReadAllText(Path.Combine(output, "Long_spikes.csv"));
        Assert.StartsWith(SpikesCsvWriter.Header + "\n", csv);
        Assert.Matches(@"\n# partial run: stopped at [0-9.]+ of 10000000 ms\n$", csv);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "Long_data.json")));
        Assert.True(json.RootElement.GetProperty("netdsl").GetProperty("partial").GetBoolean());
        Assert.True(File.Exists(Path.Combine(output, "Long_raster.png")));
    }

    public static TheoryData<string, string> F8Cases => new()
    {
        { "stim b: NetStim rate=1e9\nstim b -> E\n", "About 2e9 stimulus events (stim source 'b': 1e9 per cell, 2 cells) need about 29.8 GiB; this process may use about " },
        { "record V: v of E\nsim recordStep=1e-6\n", "samples of " },
        { "pop F: C x 100000\nconn F -> F all\n", "Connection 'F->F': about 1e10 connections (100,000 pre × 100,000 post cells); a network holds at most 2,147,483,647." },
        { "pop F: C x 10000000\nsim duration=1\n", "10,000,002 cells need about 9.5 GiB; this process may use about 0.25 GiB (an address-space limit of 2 GiB; the GC heap fits in 0.5 GiB of it), of which a network may take 80%: use fewer cells." },
    };

    /// <summary>F8's models, each refused with its number under a 2 GiB address-space limit (they ended in "Out of memory.").</summary>
    [Theory]
    [MemberData(nameof(F8Cases))]
    public void UnderATwoGibLimit_F8ModelsAreRefused(string statements, string message)
    {
        if (!File.Exists("/usr/bin/prlimit") || !OperatingSystem.IsLinux()) return;
        using var folder = new TemporaryFolder();
        string model = folder.File("f8.netdsl");
        File.WriteAllText(model, "cell C { Izhi2007b }\npop E: C x 2\nsyn s: Exp2Syn\n" + statements);
        using var child = ChildCli.Start(["run", model, "--out", folder.File("out"), "--quiet"], wrapper: ["/usr/bin/prlimit", "--as=" + (2L << 30)]);
        int code = child.WaitForExit(Patience);
        Assert.True(code == ExitCodes.ModelError, $"exit {code}\n{child.Stderr}");
        var refusal = child.Stderr.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("netdsl: ", StringComparison.Ordinal));
        Assert.Contains(message, refusal);
        Assert.DoesNotContain("Out of memory", child.Stderr);
    }

    /// <summary>200,000 cells (about 0.2 GiB by the guards' measure) run to the end under the same limit.</summary>
    [Fact]
    public void UnderATwoGibLimit_ANetworkJustUnderTheLimitRuns()
    {
        if (!File.Exists("/usr/bin/prlimit") || !OperatingSystem.IsLinux()) return;
        using var folder = new TemporaryFolder();
        string model = folder.File("under.netdsl");
        File.WriteAllText(model, "cell C { Izhi2007b }\npop E: C x 200000\nsyn s: Exp2Syn\nstim b: NetStim rate=10\nstim b -> E\nsim duration=1\n");
        using var child = ChildCli.Start(["run", model, "--out", folder.File("out"), "--quiet"], wrapper: ["/usr/bin/prlimit", "--as=" + (2L << 30)]);
        int code = child.WaitForExit(Patience);
        Assert.True(code == ExitCodes.Ok, $"exit {code}\n{child.Stderr}");
        Assert.True(File.Exists(Path.Combine(folder.File("out"), "Under_data.json")));

        // Ten percent more cells than the guard allows there is refused, not crashed.
        File.WriteAllText(model, "cell C { Izhi2007b }\npop E: C x 240000\nsyn s: Exp2Syn\nsim duration=1\n");
        using var over = ChildCli.Start(["run", model, "--out", folder.File("out"), "--quiet"], wrapper: ["/usr/bin/prlimit", "--as=" + (2L << 30)]);
        Assert.Equal(ExitCodes.ModelError, over.WaitForExit(Patience));
        Assert.Contains("240,000 cells need about 0.23 GiB; this process may use about 0.25 GiB (an address-space limit of 2 GiB; the GC heap fits in 0.5 GiB of it), of which a network may take 80%: use fewer cells.", over.Stderr);
    }
}
