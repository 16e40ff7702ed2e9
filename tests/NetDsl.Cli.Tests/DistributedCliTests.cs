using NetDsl.Distributed;

namespace NetDsl.Cli.Tests;

/// <summary>
/// <c>netdsl run --distributed</c> and mpirun launches, as far as they can be checked without MPI: the switch, the
/// error without an MPI library and the launch detection. `.ci/run` runs real mpirun jobs against single-process runs.
/// </summary>
public class DistributedCliTests
{
    [Fact]
    public void TheSwitchIsParsedAndDocumented()
    {
        Assert.True(CommandLineParser.ParseRun(["model.netdsl", "--distributed"]).Distributed);
        Assert.False(CommandLineParser.ParseRun(["model.netdsl"]).Distributed);
        Assert.Equal("model.netdsl", CommandLineParser.ParseRun(["--distributed", "model.netdsl", "--threads", "2"]).File);
        Assert.Contains("[--distributed]", CliApp.Usage);
        Assert.Contains("mpirun -n N netdsl run", CliApp.Usage);
    }

    [Fact]
    public void AMistypedSwitchSuggestsIt()
    {
        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--distribute");
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Contains("--distributed", outcome.Stderr);
    }

    [Fact]
    public void ADistributedRunWithoutMpiSaysWhatToInstallAndExitsWithAUsageError()
    {
        string? before = Environment.GetEnvironmentVariable("NETDSL_MPI_LIB");
        Environment.SetEnvironmentVariable("NETDSL_MPI_LIB", "none");
        try
        {
            string output = Path.Combine(Path.GetTempPath(), "netdsl-distributed-" + Guid.NewGuid().ToString("N"));
            var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--distributed", "--quiet", "--out", output);
            Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
            Assert.Contains("needs an MPI library", outcome.Stderr);
            Assert.Contains("apt-get install openmpi-bin", outcome.Stderr);
            Assert.False(Directory.Exists(output) && Directory.EnumerateFiles(output).Any(), "nothing is written");
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETDSL_MPI_LIB", before);
        }
    }

    [Fact]
    public void WithoutALauncherARunIsOneProcessAsBefore()
    {
        Assert.False(MpiLaunch.IsMultiRankLaunch(_ => null));
        string output = Path.Combine(Path.GetTempPath(), "netdsl-single-" + Guid.NewGuid().ToString("N"));
        try
        {
            var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--out", output);
            Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
            Assert.Contains("Simulated time: 1.0 s; 1 workers", outcome.Stdout);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
