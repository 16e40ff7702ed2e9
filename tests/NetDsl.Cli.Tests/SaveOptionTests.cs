using System.Text.Json;
using NetDsl.Output;

namespace NetDsl.Cli.Tests;

/// <summary>
/// <c>--save PARTS</c> (NetPyNE's saveDataInclude and saveCellConns) and the default that leaves the connections of a
/// large network out of the data JSON, saying so in the summary.
/// </summary>
public class SaveOptionTests
{
    private static string Benchmark => Path.Combine(RepositoryPaths.Root, "examples", "Scaling", "ei_benchmark.netdsl");

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "netdsl-save-" + Guid.NewGuid().ToString("N"));

    private static JsonDocument Data(string folder, string network) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, network + "_data.json")));

    /// <summary>Cell-to-cell entries of every cell's conns (a stimulus entry's preGid is its source's name).</summary>
    private static int CellConnections(JsonDocument data) =>
        data.RootElement.GetProperty("net").GetProperty("cells").EnumerateArray()
            .Sum(cell => cell.GetProperty("conns").EnumerateArray().Count(c => c.GetProperty("preGid").ValueKind == JsonValueKind.Number));

    [Fact]
    public void PartsAreNetPynesNames()
    {
        var parts = DataInclude.Parse("netParams, simData");
        Assert.Equal(["netParams", "simData"], parts.Parts());
        Assert.False(parts.WritesConnections(10));
        Assert.True(DataInclude.Parse("conns").WritesConnections(1_000_000));
        Assert.Equal(DataInclude.All, DataInclude.Parse("all"));
        Assert.True(new DataInclude().WritesConnections(DataInclude.DefaultConnectionLimit));
        Assert.False(new DataInclude().WritesConnections(DataInclude.DefaultConnectionLimit + 1));
        Assert.True(CommandLineParser.ParseRun(["m.netdsl", "--save", "simData,simConfig"]).Save is { SimData: true, SimConfig: true, NetParams: false });
        Assert.True(CommandLineParser.ParseSweep(["m.netdsl", "--set", "sim.seeds.conn=1,2", "--save", "all"]).Save == DataInclude.All);

        var wrong = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--save", "simdata");
        Assert.Equal(ExitCodes.UsageError, wrong.ExitCode);
        Assert.Equal("netdsl: run: --save: 'simdata' is not a part of the data file; the parts are netParams, netCells, netPops, simConfig, simData, conns (or all)",
            wrong.Stderr.Trim().Split('\n')[0]);
        Assert.Contains("[--save PARTS]", CliApp.Usage);
    }

    [Fact]
    public void TheFilesSaveDataInclude_ChoosesThePartsUnlessSaveIsGiven()
    {
        string folder = TempFolder();
        try
        {
            Directory.CreateDirectory(folder);
            string model = Path.Combine(folder, "net.netdsl");
            File.WriteAllText(model, File.ReadAllText(RepositoryPaths.Tutorial("izhikevich_network.netdsl"))
                .Replace("sim duration=1000ms", "sim saveDataInclude=[simConfig, simData] duration=1000ms", StringComparison.Ordinal));

            var fromFile = CliRunner.Run("run", model, "--out", Path.Combine(folder, "file"), "--quiet");
            Assert.Equal(ExitCodes.Ok, fromFile.ExitCode);
            using (var data = Data(Path.Combine(folder, "file"), "IzhikevichNetwork"))
            {
                Assert.Empty(data.RootElement.GetProperty("net").EnumerateObject());
                Assert.Equal(["simConfig", "simData"], data.RootElement.GetProperty("simConfig").GetProperty("saveDataInclude").EnumerateArray().Select(e => e.GetString()));
                Assert.Equal(1545, data.RootElement.GetProperty("simData").GetProperty("spkt").GetArrayLength());
            }

            var fromCommand = CliRunner.Run("run", model, "--out", Path.Combine(folder, "command"), "--quiet", "--save", "netCells,conns");
            Assert.Equal(ExitCodes.Ok, fromCommand.ExitCode);
            using (var data = Data(Path.Combine(folder, "command"), "IzhikevichNetwork"))
            {
                Assert.False(data.RootElement.TryGetProperty("simData", out _));
                Assert.Equal(35, CellConnections(data));
            }

            var script = CliRunner.Run("export", "netpyne", model, "--out", Path.Combine(folder, "net.py"));
            Assert.Equal(ExitCodes.Ok, script.ExitCode);
            string python = File.ReadAllText(Path.Combine(folder, "net.py"));
            Assert.Contains("simConfig.saveDataInclude = ['simConfig', 'simData']\nsimConfig.saveCellConns = False\n", python.ReplaceLineEndings("\n"));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ACompiledModelsSaveDataInclude_ChoosesTheParts()
    {
        string folder = TempFolder();
        try
        {
            Directory.CreateDirectory(folder);
            string model = Path.Combine(folder, "net.netdsl");
            string text = File.ReadAllText(RepositoryPaths.Tutorial("izhikevich_network.netdsl"))
                .Replace("sim duration=1000ms", "sim saveDataInclude=[simData] duration=200ms", StringComparison.Ordinal);
            using var compiled = ModelCompiler.Compile(model, text);
            var result = NetDsl.Output.ModelRunner.Run(compiled.CreateModel());

            NetDsl.Plotting.ResultWriter.WriteAll(result, Path.Combine(folder, "out"));

            using var data = Data(Path.Combine(folder, "out"), "IzhikevichNetwork");
            Assert.False(data.RootElement.TryGetProperty("simConfig", out _));
            Assert.Empty(data.RootElement.GetProperty("net").EnumerateObject());
            Assert.Equal(result.SpikeTimes.Length, data.RootElement.GetProperty("simData").GetProperty("spkt").GetArrayLength());
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OnlyTheNamedPartsAreWritten()
    {
        string folder = TempFolder();
        try
        {
            var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("izhikevich_network.netdsl"), "--save", "simData", "--out", folder);
            Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
            Assert.Matches(@"  Saved .*IzhikevichNetwork_data\.json \([0-9.]+ KB\)", outcome.Stdout);
            using var data = Data(folder, "IzhikevichNetwork");
            Assert.Empty(data.RootElement.GetProperty("net").EnumerateObject());
            Assert.False(data.RootElement.TryGetProperty("simConfig", out _));
            Assert.Equal(1545, data.RootElement.GetProperty("simData").GetProperty("spkt").GetArrayLength());
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ALargeNetworksConnectionsAreLeftOutUnlessAsked()
    {
        string[] large = ["--set", "sim.duration=5", "--set", "conn.E->all.p=0.16"];
        string folder = TempFolder();
        try
        {
            var all = CliRunner.Run(["run", Benchmark, .. large, "--save", "all", "--out", folder]);
            Assert.Equal(ExitCodes.Ok, all.ExitCode);
            Assert.DoesNotContain("leaves out", all.Stdout);
            int connections;
            using (var full = Data(folder, "EiBenchmark"))
            {
                connections = CellConnections(full);
                Assert.True(full.RootElement.GetProperty("simConfig").GetProperty("saveCellConns").GetBoolean());
            }
            Assert.True(connections > DataInclude.DefaultConnectionLimit, $"{connections} connections");

            var left = CliRunner.Run(["run", Benchmark, .. large, "--out", folder]);
            Assert.Equal(ExitCodes.Ok, left.ExitCode);
            using var data = Data(folder, "EiBenchmark");
            Assert.Equal(0, CellConnections(data));
            Assert.False(data.RootElement.GetProperty("simConfig").GetProperty("saveCellConns").GetBoolean());
            Assert.Contains($"  The data JSON leaves out the {connections.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} connections (more than 100,000); --save all writes them, e.g. for NetPyNE's sim.loadAll.",
                left.Stdout);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
