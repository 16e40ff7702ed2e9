using System.Globalization;
using System.Text.Json;
using NetDsl.Examples.Tutorial;
using NetDsl.Output;

namespace NetDsl.Cli.Tests;

[Collection(TutorialCollection.Name)]
public sealed class TutorialTests(TutorialModels tutorial)
{
    public static TheoryData<string> Files => new(TutorialModels.ReferenceCaseOf.Keys);

    [Theory]
    [MemberData(nameof(Files))]
    public void Models_compiled_by_the_cli_reproduce_the_neuron_reference_spikes_exactly(string file)
    {
        var expected = TutorialModels.ReferenceSpikes(TutorialModels.ReferenceCaseOf[file]);
        var actual = TutorialModels.Spikes(tutorial.Result(file));
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Cli_compilation_equals_the_build_time_compiled_example_bit_for_bit(string file)
    {
        INetworkModel compiledAtBuild = file switch
        {
            "single_izhikevich.netdsl" => new SingleIzhikevich(),
            "izhikevich_network.netdsl" => new IzhikevichNetwork(),
            _ => new IzhikevichInhibitory(),
        };
        var cli = tutorial.Result(file);
        var example = ModelRunner.Run(compiledAtBuild);

        Assert.Equal(compiledAtBuild.Name, tutorial.Model(file).Name);
        Assert.Equal(example.Definition.Name, cli.Definition.Name);
        Assert.Equal(example.SpikeTimes, cli.SpikeTimes);
        Assert.Equal(example.SpikeGids, cli.SpikeGids);
        Assert.Equal(example.Connections, cli.Connections);
        Assert.Equal(example.Traces.Count, cli.Traces.Count);
        for (int i = 0; i < example.Traces.Count; i++) Assert.Equal(example.Traces[i].Values, cli.Traces[i].Values);
    }

    [Fact]
    public void Netdsl_run_writes_data_spikes_and_figures_matching_the_reference()
    {
        using var folder = new TemporaryFolder();
        string file = RepositoryPaths.Tutorial("izhikevich_inhibitory_network.netdsl");
        var outcome = CliRunner.Run("run", file, "--out", folder.Path, "--timing");

        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.Stderr);
        Assert.Contains("  Cells: 30", outcome.Stdout);
        Assert.Contains("  Connections: 161 (5.37 per cell)", outcome.Stdout);
        Assert.Contains("  Spikes: 1074 (35.80 Hz)", outcome.Stdout);
        Assert.Contains("ns per neuron-step", outcome.Stdout);
        Assert.Contains("Peak memory:", outcome.Stdout);
        string network = "IzhikevichInhibitory";
        foreach (string name in new[] { "_data.json", "_spikes.csv", "_raster.png", "_traces.png", "_2Dnet.png" })
        {
            Assert.True(new FileInfo(Path.Combine(folder.Path, network + name)).Length > 0, network + name);
        }

        var expected = TutorialModels.ReferenceSpikes("C_inhib");
        var csv = File.ReadAllLines(Path.Combine(folder.Path, network + "_spikes.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(expected, csv);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, network + "_data.json")));
        var spkt = json.RootElement.GetProperty("simData").GetProperty("spkt").EnumerateArray().Select(e => e.GetDouble());
        Assert.Equal(expected.Select(s => s.Time), spkt);
        Assert.Equal(30, json.RootElement.GetProperty("net").GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public void Netdsl_run_applies_set_values()
    {
        using var folder = new TemporaryFolder();
        string file = RepositoryPaths.Tutorial("single_izhikevich.netdsl");
        var outcome = CliRunner.Run("run", file, "--out", folder.Path, "--set", "sim.duration=200", "--quiet");
        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "SingleIzhikevich_data.json")));
        Assert.Equal(200.0, json.RootElement.GetProperty("simConfig").GetProperty("duration").GetDouble());
        var expected = TutorialModels.ReferenceSpikes("A_single").Where(s => s.Time <= 200).Select(s => s.Time);
        Assert.Equal(expected, json.RootElement.GetProperty("simData").GetProperty("spkt").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Theory]
    [InlineData("fast", "  Precision: fast (closed-form step in double; not bit-identical to NEURON)")]
    [InlineData("single", "  Precision: single (closed-form step in float; not NEURON's arithmetic)")]
    public void Netdsl_run_precision_selects_the_fast_engine_and_says_so(string precision, string line)
    {
        using var folder = new TemporaryFolder();
        string file = RepositoryPaths.Tutorial("izhikevich_inhibitory_network.netdsl");
        var outcome = CliRunner.Run("run", file, "--out", folder.Path, "--precision", precision);
        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.Stderr);
        Assert.Contains(line, outcome.Stdout.Split('\n').Select(l => l.TrimEnd('\r')));
        var csv = File.ReadAllLines(Path.Combine(folder.Path, "IzhikevichInhibitory_spikes.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        var expected = TutorialModels.ReferenceSpikes("C_inhib");
        if (precision == "fast")
        {
            // Double precision keeps every spike of the tutorial's inhibitory network.
            Assert.Equal(expected, csv);
        }
        else
        {
            Assert.InRange(csv.Count, expected.Count * 0.97, expected.Count * 1.03);
        }
    }

    [Fact]
    public void An_unknown_precision_is_a_usage_error()
    {
        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("izhikevich_network.netdsl"), "--precision", "half");
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.StartsWith("netdsl: run: --precision takes exact, fast or single, not 'half'", outcome.Stderr);
    }

    [Fact]
    public void An_unknown_set_path_names_the_valid_paths_and_exits_2()
    {
        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("izhikevich_network.netdsl"), "--set", "cell.IZH.bb=3");
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        string first = outcome.Stderr.Split('\n')[0];
        Assert.StartsWith("netdsl: --set cell.IZH.bb=3: ", first);
        Assert.Contains("cell.IZH.b,", first);
        Assert.Contains("conn.IZHpop->IZHpop.p", first);
    }

    [Fact]
    public void An_unwritable_output_folder_exits_1_with_one_line_before_running()
    {
        using var folder = new TemporaryFolder();
        string blocker = folder.File("file");
        File.WriteAllText(blocker, "");
        var outcome = CliRunner.Run("run", RepositoryPaths.Tutorial("single_izhikevich.netdsl"), "--out", Path.Combine(blocker, "out"));
        Assert.Equal(ExitCodes.ModelError, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        var lines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"netdsl: {Path.Combine(blocker, "out")}: cannot write to the output folder", Assert.Single(lines));
    }

    [Fact]
    public void Netdsl_sweep_runs_every_variant_and_prints_the_rates_table()
    {
        using var folder = new TemporaryFolder();
        var outcome = CliRunner.Run("sweep", RepositoryPaths.Tutorial("izhikevich_inhibitory_network.netdsl"),
            "--set", "syn.inh.e=-70,-80", "--out", folder.Path, "--quiet");
        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.Stderr);
        var rows = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length);
        Assert.Equal("| variant       | IZH_exc Hz | IZH_exc spikes | IZH_inh Hz | IZH_inh spikes | all Hz | all spikes |", rows[0]);
        // The baseline variant is the reference run: 610 and 464 spikes.
        Assert.Equal("| syn.inh.e=-70 |      30.50 |            610 |      46.40 |            464 |  35.80 |       1074 |", rows[2]);
        Assert.StartsWith("| syn.inh.e=-80 |", rows[3]);
        Assert.True(File.Exists(Path.Combine(folder.Path, "IzhikevichInhibitory_sweep.png")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "syn.inh.e=-80", "IzhikevichInhibitory_data.json")));
    }
}
