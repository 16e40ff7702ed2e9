namespace NetDsl.Cli.Tests;

public sealed class CliErrorTests
{
    [Fact]
    public void No_arguments_prints_usage_and_exits_2()
    {
        var outcome = CliRunner.Run();
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Contains("Usage:", outcome.Stderr);
    }

    [Theory]
    [InlineData("frobnicate", "netdsl: unknown command 'frobnicate' (expected run, check, sweep, export or import)")]
    [InlineData("run", "netdsl: run needs a FILE.netdsl")]
    [InlineData("run|a.netdsl|--bogus", "netdsl: run: unknown option '--bogus'")]
    [InlineData("run|a.netdsl|--out", "netdsl: run: --out needs a value")]
    [InlineData("run|a.netdsl|--set|cell.IZH.b", "netdsl: --set expects PATH=VALUE, got 'cell.IZH.b'")]
    [InlineData("run|a.netdsl|--set|cell.IZH.b=abc", "netdsl: --set cell.IZH.b: 'abc' is not a number")]
    [InlineData("run|a.netdsl|--set|cell.IZH.b=-1,-2", "netdsl: --set cell.IZH.b: run takes one value per path (use 'netdsl sweep' for lists)")]
    [InlineData("run|a.netdsl|--threads|0", "netdsl: --threads expects an integer >= 1, got '0'")]
    [InlineData("run|a.netdsl|b.netdsl", "netdsl: run: one FILE.netdsl expected, got 'a.netdsl' and 'b.netdsl'")]
    [InlineData("sweep|a.netdsl", "netdsl: sweep needs at least one --set PATH=V1,V2,...")]
    [InlineData("check", "netdsl: check needs at least one FILE.netdsl")]
    [InlineData("check|--fast|a.netdsl", "netdsl: check: unknown option '--fast'")]
    public void Usage_errors_print_one_clear_line_and_exit_2(string joinedArgs, string expectedLine)
    {
        var outcome = CliRunner.Run(joinedArgs.Split('|'));
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Equal(expectedLine, outcome.Stderr.Split('\n')[0].TrimEnd('\r'));
        Assert.Equal("", outcome.Stdout);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("check")]
    [InlineData("sweep")]
    public void A_missing_file_is_named_and_exits_2(string command)
    {
        string missing = Path.Combine(Path.GetTempPath(), "netdsl-no-such-" + Guid.NewGuid().ToString("N") + ".netdsl");
        var outcome = command == "sweep" ? CliRunner.Run(command, missing, "--set", "sim.duration=10,20") : CliRunner.Run(command, missing);
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.Equal($"netdsl: {missing}: file not found", outcome.Stderr.TrimEnd());
    }

    [Fact]
    public void A_folder_given_as_model_file_is_named_and_exits_2()
    {
        using var folder = new TemporaryFolder();
        var outcome = CliRunner.Run("check", folder.Path);
        Assert.Equal(ExitCodes.UsageError, outcome.ExitCode);
        Assert.StartsWith($"netdsl: {folder.Path}: is a folder, expected a .netdsl file", outcome.Stderr);
    }

    [Fact]
    public void An_unwritable_output_folder_fails_before_running_with_one_line()
    {
        using var folder = new TemporaryFolder();
        string blocker = folder.File("not-a-folder");
        File.WriteAllText(blocker, "x");
        string target = Path.Combine(blocker, "out");
        var error = Assert.Throws<CommandFailedException>(() => OutputFolder.Prepare(target));
        Assert.StartsWith($"{target}: cannot write to the output folder (", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_unknown_parameter_path_is_a_usage_error_listing_the_valid_paths()
    {
        var model = new ParameterOnlyModel();
        var error = Assert.Throws<UsageException>(() => ParameterApplier.Apply(model, [("cell.IZH.bb", 1.0)]));
        Assert.Equal("--set cell.IZH.bb=1: Unknown parameter 'cell.IZH.bb'. Valid paths: cell.IZH.b, sim.duration, sim.seeds.conn", error.Message);
    }

    [Fact]
    public void Known_paths_and_seed_are_applied()
    {
        var model = new ParameterOnlyModel();
        ParameterApplier.Apply(model, [("cell.IZH.b", -1.0), ("sim.duration", 250)]);
        ParameterApplier.ApplySeed(model, 7);
        Assert.Equal(-1.0, model.Parameters.Get("cell.IZH.b"));
        Assert.Equal(250.0, model.Parameters.Get("sim.duration"));
        Assert.Equal(7.0, model.Parameters.Get("sim.seeds.conn"));
    }

    [Fact]
    public void Sweep_variants_are_the_cartesian_product_first_setting_slowest()
    {
        var settings = new[]
        {
            CommandLineParser.ParseSetting("conn.E->I.p=0.1,0.5", allowLists: true),
            CommandLineParser.ParseSetting("stim.bkg.rate=100,200", allowLists: true),
        };
        var variants = SweepCommand.Variants(settings);
        Assert.Equal(
            ["conn.E->I.p=0.1 stim.bkg.rate=100", "conn.E->I.p=0.1 stim.bkg.rate=200", "conn.E->I.p=0.5 stim.bkg.rate=100", "conn.E->I.p=0.5 stim.bkg.rate=200"],
            variants.Select(v => v.Label));
        Assert.Equal("conn.E-_I.p=0.1_stim.bkg.rate=100", SweepCommand.FolderName(variants[0].Label));
    }

    /// <summary>A model with parameters only, as generated classes expose them (ArgumentException listing the paths).</summary>
    private sealed class ParameterOnlyModel : INetworkModel, IModelParameters
    {
        private readonly Dictionary<string, double> _values = new() { ["cell.IZH.b"] = -2, ["sim.duration"] = 1000, ["sim.seeds.conn"] = 1 };

        public string Name => "ParameterOnly";
        public IModelParameters Parameters => this;
        public IReadOnlyList<string> Paths => [.. _values.Keys];

        public double Get(string path) => _values.TryGetValue(path, out double value) ? value : throw Unknown(path);

        public void Set(string path, double value)
        {
            if (!_values.ContainsKey(path)) throw Unknown(path);
            _values[path] = value;
        }

        public NetDsl.Definition.NetworkDefinition ToDefinition() => throw new NotSupportedException("parameters only");

        private ArgumentException Unknown(string path) =>
            new($"Unknown parameter '{path}'. Valid paths: {string.Join(", ", _values.Keys)}", nameof(path));
    }
}
