namespace NetDsl.Cli.Tests;

/// <summary>
/// Issue 17 F1, F3, F12, F14–F16 and issue 13's command line: exact messages and exit codes of <c>netdsl</c> for bad
/// input, file names of any kind, sweeps with a failing point, per-command help and "did you mean".
/// </summary>
public sealed class HostileCliTests
{
    private const string Good = "cell C { Izhi2007b }\npop E: C x 2\nsyn s: Exp2Syn\nstim b: NetStim rate=10\nstim b -> E\nsim duration=20\n";

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    [Fact]
    public void F1_DeepNesting_IsADiagnosticInCheck()
    {
        using var folder = new TemporaryFolder();
        string file = folder.File("deep.netdsl");
        File.WriteAllText(file, "sim x=" + new string('[', 2500) + "\n");
        var outcome = CliRunner.Run("check", file);
        Assert.Equal(ExitCodes.ModelError, outcome.ExitCode);
        Assert.Equal(new[] { $"{file}(1,55): error NDSL0001: Brackets nested more than 48 deep; simplify the value", $"{file}: 1 error" }, Lines(outcome.Stdout));
    }

    [Fact]
    public void F12_AHundredThousandPopulations_AreRefusedAtTheFirstOverTheLimit()
    {
        // 100,000 pop statements (and 60,000 on one line): one error in seconds, not minutes and gigabytes.
        using var folder = new TemporaryFolder();
        string file = folder.File("many.netdsl");
        File.WriteAllText(file, "cell C { Izhi2007b }\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"pop P{i}: C x 1\n")));
        var outcome = CliRunner.Run("check", file);
        Assert.Equal(ExitCodes.ModelError, outcome.ExitCode);
        Assert.StartsWith($"{file}(2002,1): error NDSL0303: The file has 100000 pop statements; a file holds at most 2,000", Lines(outcome.Stdout)[0]);
        Assert.Equal($"{file}: 1 error", Lines(outcome.Stdout)[^1]);

        File.WriteAllText(file, "cell C { Izhi2007b }\n" + string.Join("; ", Enumerable.Range(0, 60_000).Select(i => $"pop Q{i}: C x 1")) + "\n");
        var oneLine = CliRunner.Run("check", file);
        Assert.Equal(ExitCodes.ModelError, oneLine.ExitCode);
        Assert.Contains("error NDSL0303: The file has 60000 pop statements", oneLine.Stdout);
    }

    [Fact]
    public void F3_KeywordLabel_Runs()
    {
        using var folder = new TemporaryFolder();
        string file = folder.File("keyword.netdsl");
        File.WriteAllText(file, Good + "conn class: E -> E p=0.5\n");
        var outcome = CliRunner.Run("run", file, "--out", folder.File("out"), "--quiet");
        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.Stderr);
    }

    [Fact]
    public void F14_CheckReadsFilesOfAnyName()
    {
        using var folder = new TemporaryFolder();
        string file = folder.File("model.txt");
        File.WriteAllText(file, "pop E: C x 2\n");
        var outcome = CliRunner.Run("check", file);
        Assert.Equal(ExitCodes.ModelError, outcome.ExitCode);
        Assert.Equal($"{file}(1,8): error NDSL0104: Cell type 'C' is not declared.", Lines(outcome.Stdout).Single(l => l.Contains("error NDSL")));
        Assert.Equal($"{file}: 1 error, 1 warning", Lines(outcome.Stdout)[^1]);
    }

    [Fact]
    public void F14_CheckReportsEveryFile_AndGoesOnAfterAMissingOne()
    {
        using var folder = new TemporaryFolder();
        string a = folder.File("a.netdsl"), missing = folder.File("missing.netdsl"), b = folder.File("b");
        File.WriteAllText(a, Good);
        File.WriteAllText(b, Good + "conn E -> E p=2\n");
        var outcome = CliRunner.Run("check", a, missing, b);
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Equal(new[] { $"{a}: ok", $"{b}(7,15): error NDSL0201: p=2 is out of range: a probability must be between 0 and 1", $"{b}: 1 error" }, Lines(outcome.Stdout));
        Assert.Equal($"netdsl: {missing}: file not found", outcome.Stderr.TrimEnd());
    }

    [Fact]
    public void F14_CheckExitsOneWhenAFileHasErrors_AndZeroWhenAllAreOk()
    {
        using var folder = new TemporaryFolder();
        string a = folder.File("a.netdsl"), b = folder.File("b.netdsl");
        File.WriteAllText(a, Good);
        File.WriteAllText(b, "pop E: C x 2\n");
        Assert.Equal(ExitCodes.ModelError, CliRunner.Run("check", b, a).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("check", a, a).ExitCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void F15_EmptyOutFolder_IsAUsageError(string output)
    {
        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--out", output);
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Equal($"netdsl: run: --out needs a folder name, got '{output}'", Lines(outcome.Stderr)[0]);
        Assert.Equal("", outcome.Stdout);
    }

    [Theory]
    [InlineData("300")]
    [InlineData("257")]
    public void ThreadsAboveTheFilesLimit_AreAUsageError(string threads)
    {
        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--threads", threads);
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Equal($"netdsl: --threads: threads must be a whole number from 1 to 256, got {threads}", Lines(outcome.Stderr)[0]);
    }

    [Fact]
    public void F16_SweepPointThatFails_IsReportedAndTheOthersAreSaved()
    {
        using var folder = new TemporaryFolder();
        string output = folder.File("sweep");
        var outcome = CliRunner.Run("sweep", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--set", "cell.IZH.d=100,1e308,50", "--out", output, "--quiet");
        Assert.Equal(ExitCodes.ModelError, outcome.ExitCode);
        var errors = Lines(outcome.Stderr);
        Assert.StartsWith("netdsl: variant cell.IZH.d=1E+308 failed: Simulation diverged: ", errors[0]);
        Assert.Equal("netdsl: 1 of 3 variants failed; the others are saved", errors[^1]);
        var table = Lines(outcome.Stdout);
        var failed = table.Single(l => l.StartsWith("| cell.IZH.d=1E+308 (failed) |", StringComparison.Ordinal));
        Assert.Equal(new[] { "-", "-", "-", "-" }, failed.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..]);
        var saved = table.Single(l => l.StartsWith("| cell.IZH.d=100 ", StringComparison.Ordinal));
        Assert.DoesNotContain("-", saved.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..]);
        Assert.True(File.Exists(Path.Combine(output, "cell.IZH.d=100", "SingleIzhikevich_data.json")));
        Assert.True(File.Exists(Path.Combine(output, "cell.IZH.d=50", "SingleIzhikevich_data.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "cell.IZH.d=1E_308")));
        Assert.Contains("(failed)", File.ReadAllText(Path.Combine(output, "SingleIzhikevich_sweep.txt")));
    }

    [Theory]
    [InlineData("run", "--help")]
    [InlineData("run", "-h")]
    [InlineData("check", "--help")]
    [InlineData("sweep", "-h")]
    public void Help_AfterACommand_PrintsItsUsage(string command, string option)
    {
        var outcome = CliRunner.Run(command, "model.netdsl", option);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        var lines = Lines(outcome.Stdout);
        Assert.Equal("Usage:", lines[0]);
        Assert.StartsWith($"  netdsl {command} FILE.netdsl", lines[1]);
        Assert.Equal("", outcome.Stderr);
    }

    [Theory]
    [InlineData("run|a.netdsl|--ouput|x", "netdsl: run: unknown option '--ouput'. Did you mean '--out'?")]
    [InlineData("run|a.netdsl|--output|x", "netdsl: run: unknown option '--output'. Did you mean '--out'?")]
    [InlineData("sweep|a.netdsl|--thread|2", "netdsl: sweep: unknown option '--thread'. Did you mean '--threads'?")]
    [InlineData("run|a.netdsl|--timming", "netdsl: run: unknown option '--timming'. Did you mean '--timing'?")]
    [InlineData("check|--hlep|a.netdsl", "netdsl: check: unknown option '--hlep'. Did you mean '--help'?")]
    [InlineData("chek|a.netdsl", "netdsl: unknown command 'chek' (expected run, check, sweep, export or import). Did you mean 'check'?")]
    public void UnknownOption_SuggestsTheClosest(string joinedArgs, string expected)
    {
        var outcome = CliRunner.Run(joinedArgs.Split('|'));
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Equal(expected, Lines(outcome.Stderr)[0]);
    }

    [Fact]
    public void UnknownSetPath_SuggestsTheClosestBeforeTheList()
    {
        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--set", "cell.IZH.dd=1");
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.StartsWith("netdsl: --set cell.IZH.dd=1: unknown parameter path 'cell.IZH.dd'. Did you mean 'cell.IZH.d'? Valid paths: cell.IZH.diam, ", Lines(outcome.Stderr)[0]);
    }
}
