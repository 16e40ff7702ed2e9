using NetDsl.Output;

namespace NetDsl.Cli.Tests.Survival;

/// <summary>
/// Issue 17, outputs that survive: a run writes into a fresh sibling folder and swaps it in, so <c>kill -9</c> during a
/// save leaves the previous outputs whole, and the next run into the same folder removes or finishes what the killed
/// one left: no stale temporary file, no folder mixing two runs.
/// </summary>
public sealed class SaveSurvivalTests
{
    /// <summary>About 150,000 connections: a data JSON of some 30 MB, which takes a moment to write.</summary>
    private const string SlowToSave = """
        cell C { Izhi2007b }
        pop E: C x 800
        syn s: Exp2Syn
        stim b: NetStim rate=50
        stim b -> E w=0.01
        conn E -> E p=0.25 w=0.0001 d=2
        sim duration=5
        """;

    private static string[] Entries(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static string[] TemporaryFiles(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".tmp", StringComparison.Ordinal))];

    [Fact]
    public void KillDuringASave_LeavesThePreviousRun_AndTheNextRunCleansUp()
    {
        using var folder = new TemporaryFolder();
        string model = folder.File("slow.netdsl"), output = folder.File("out");
        File.WriteAllText(model, SlowToSave);
        string data = Path.Combine(output, "Slow_data.json");

        var first = CliRunner.Run("run", model, "--out", output, "--seed", "1", "--quiet");
        Assert.True(first.ExitCode == ExitCodes.Ok, first.Stderr);
        byte[] firstData = File.ReadAllBytes(data);
        var firstEntries = Entries(output);

        // A second run, killed while it writes its outputs (its staged folder has its first file).
        using (var child = ChildCli.Start(["run", model, "--out", output, "--seed", "2", "--quiet"]))
        {
            string? staged = null;
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (staged is null && !child.HasExited && DateTime.UtcNow < deadline)
            {
                staged = Directory.EnumerateDirectories(folder.Path, "out.saving-" + child.Id + "-*")
                    .FirstOrDefault(d => Directory.EnumerateFileSystemEntries(d).Any());
                if (staged is null) Thread.Sleep(2);
            }
            Assert.True(staged is not null, "the run ended before it was seen saving\n" + child.Stderr);
            child.Signal("KILL");
            child.WaitForExit(TimeSpan.FromSeconds(30));
            Assert.True(Directory.Exists(staged), "the killed run's staged folder should be left for the next run");
        }
        // The folder still holds the first run, whole and alone.
        Assert.Equal(firstEntries, Entries(output));
        Assert.Equal(firstData, File.ReadAllBytes(data));

        // A stale temporary file as an older version left inside the folder, by a process that no longer runs.
        string stale = Path.Combine(output, AtomicFile.TemporaryName("Slow_data.json", ChildCli.DeadProcessId()));
        File.WriteAllText(stale, "half a file");

        var third = CliRunner.Run("run", model, "--out", output, "--seed", "3", "--quiet");
        Assert.True(third.ExitCode == ExitCodes.Ok, third.Stderr);
        Assert.Equal(["out", "slow.netdsl"], Entries(folder.Path));
        Assert.Empty(TemporaryFiles(folder.Path));
        Assert.Equal(firstEntries, Entries(output));
        Assert.NotEqual(firstData, File.ReadAllBytes(data));
        var listed = File.ReadAllLines(Path.Combine(output, OutputFolder.MarkerFileName)).Where(l => !l.StartsWith('#'));
        Assert.Equal(Entries(output).Where(e => e != OutputFolder.MarkerFileName), listed);
    }

    [Fact]
    public void KilledBetweenTheTwoRenames_TheCompleteNewOutputsAreMovedIn()
    {
        using var folder = new TemporaryFolder();
        int dead = ChildCli.DeadProcessId();
        string staged = folder.File($"out.saving-{dead}-0123abcd"), previous = folder.File($"out.previous-{dead}-4567cdef");
        Directory.CreateDirectory(staged);
        Directory.CreateDirectory(previous);
        File.WriteAllText(Path.Combine(staged, "Net_data.json"), "new");
        File.WriteAllText(Path.Combine(staged, OutputFolder.MarkerFileName), "Net_data.json\n");
        File.WriteAllText(Path.Combine(previous, "Net_data.json"), "old");

        OutputFolder.Recover(folder.File("out"));

        Assert.Equal(["out"], Entries(folder.Path));
        Assert.Equal("new", File.ReadAllText(folder.File("out/Net_data.json")));
    }

    [Fact]
    public void KilledBeforeTheNewOutputsWereComplete_TheOldOnesComeBack()
    {
        using var folder = new TemporaryFolder();
        int dead = ChildCli.DeadProcessId();
        string staged = folder.File($"out.saving-{dead}-0123abcd"), previous = folder.File($"out.previous-{dead}-4567cdef");
        Directory.CreateDirectory(staged);
        Directory.CreateDirectory(previous);
        File.WriteAllText(Path.Combine(staged, AtomicFile.TemporaryName("Net_data.json", dead)), "half");
        File.WriteAllText(Path.Combine(previous, "Net_data.json"), "old");

        OutputFolder.Recover(folder.File("out"));

        Assert.Equal(["out"], Entries(folder.Path));
        Assert.Equal(["Net_data.json"], Entries(folder.File("out")));
        Assert.Equal("old", File.ReadAllText(folder.File("out/Net_data.json")));
    }

    [Fact]
    public void LeftoversOfARunningProcess_AreLeftAlone()
    {
        using var folder = new TemporaryFolder();
        string staged = folder.File($"out.saving-{Environment.ProcessId}-0123abcd");
        Directory.CreateDirectory(staged);
        Directory.CreateDirectory(folder.File("out"));
        string mine = Path.Combine(folder.File("out"), AtomicFile.TemporaryName("Net_data.json", Environment.ProcessId));
        File.WriteAllText(mine, "being written");

        OutputFolder.Recover(folder.File("out"));

        Assert.True(Directory.Exists(staged));
        Assert.True(File.Exists(mine));
    }

    [Fact]
    public void AFolderWithFilesOfItsOwn_IsWrittenIntoAndNeverReplaced()
    {
        using var folder = new TemporaryFolder();
        string output = folder.File("results");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        string stale = Path.Combine(output, AtomicFile.TemporaryName("SingleIzhikevich_data.json", ChildCli.DeadProcessId()));
        File.WriteAllText(stale, "half");

        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--out", output, "--quiet");

        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.Stderr);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(output, "SingleIzhikevich_data.json")));
        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(Path.Combine(output, OutputFolder.MarkerFileName)));
        Assert.Equal(["results"], Entries(folder.Path));
    }

    [Fact]
    public void ARunThatWritesFewerFiles_LeavesNoneOfThePreviousRunsFigures()
    {
        using var folder = new TemporaryFolder();
        string model = folder.File("net.netdsl"), output = folder.File("out");
        const string Base = "cell C { Izhi2007b }\npop E: C x 2\nsyn s: Exp2Syn\nstim b: NetStim rate=10\nstim b -> E\nsim duration=20\n";
        File.WriteAllText(model, Base + "plot raster\n");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("run", model, "--out", output, "--quiet").ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "Net_raster.png")));

        File.WriteAllText(model, Base);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("run", model, "--out", output, "--quiet").ExitCode);
        Assert.Equal([OutputFolder.MarkerFileName, "Net_data.json", "Net_spikes.csv"], Entries(output));
    }

    [Fact]
    public void ASweepFolder_IsReplacedWhole()
    {
        using var folder = new TemporaryFolder();
        string output = folder.File("sweep");
        string model = RepositoryPaths.Tutorial("single_izhikevich.netdsl");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("sweep", model, "--set", "cell.IZH.d=100,50", "--set", "sim.duration=50", "--out", output, "--quiet").ExitCode);
        Assert.True(Directory.Exists(Path.Combine(output, "cell.IZH.d=100_sim.duration=50")));

        Assert.Equal(ExitCodes.Ok, CliRunner.Run("sweep", model, "--set", "cell.IZH.d=80", "--set", "sim.duration=50", "--out", output, "--quiet").ExitCode);
        Assert.Equal([OutputFolder.MarkerFileName, "SingleIzhikevich_sweep.png", "SingleIzhikevich_sweep.txt", "cell.IZH.d=80_sim.duration=50"], Entries(output));
        Assert.Equal(["sweep"], Entries(folder.Path));
    }
}
