using System.Text.Json;
using ApprovalTests;
using ApprovalTests.Reporters;
using NetDsl.Output;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>
/// <c>netdsl import</c>: the JSON the real NetPyNE 1.1.0 writes for the reference models
/// (tests/reference/netpyne-import, made by tests/NetDsl.Benchmarks/reference-netpyne/import-inputs.sh) becomes .netdsl
/// files that run to NetPyNE's spikes; every example model comes back from its own saved data unchanged; bad input
/// gets one clear message.
/// </summary>
[UseReporter(typeof(QuietReporter))]
public class ImportTests
{
    private static string Input(string name) => Path.Combine(ReferenceFiles.ReferenceRoot, "netpyne-import", name);

    /// <summary>Runs <c>netdsl import FILE --out ...</c> and returns the .netdsl text.</summary>
    private static string Import(string json, TemporaryFolder folder, string outName = "model.netdsl")
    {
        string output = folder.File(outName);
        var outcome = CliRunner.Run("import", json, "--out", output);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal($"Saved {output}{Environment.NewLine}", outcome.Stdout);
        return File.ReadAllText(output);
    }

    private static SimulationResult Run(string path, string text, params (string Path, string Value)[] settings)
    {
        using var compiled = ModelCompiler.Compile(path, text);
        Assert.True(compiled.ModelType is not null,
            string.Join(Environment.NewLine, compiled.Diagnostics.Select(d => DiagnosticFormatter.Format(d, path))) + compiled.Problem + Environment.NewLine + text);
        var model = compiled.CreateModel();
        ParameterApplier.Apply(model, settings.ToList());
        return ModelRunner.Run(model);
    }

    public static TheoryData<string, string> NetPyNEFiles => new()
    {
        // sim.saveData with netParams, net.pops and simConfig.
        { "A_single_data.json", "A_single" },
        { "B_network_data.json", "B_network" },
        { "C_inhib_data.json", "C_inhib" },
        { "H_tut2_data.json", "H_tut2" },
        { "D_spatial_data.json", "D_spatial" },
        // The other NetPyNE reference networks: seeds, absolute ranges, density and grids, drawn convergence and
        // divergence, random expressions, every function, hh with a leak.
        { "D_spatial_seeds_data.json", "D_spatial_seeds" },
        { "D_abs_ranges_data.json", "D_abs_ranges" },
        { "D_conv_drawn_data.json", "D_conv_drawn" },
        { "D_random_exprs_data.json", "D_random_exprs" },
        { "D_funcs_data.json", "D_funcs" },
        { "H_hh_std_leak_data.json", "H_hh_std_leak" },
        // netParams.save: no simConfig (NetPyNE's defaults are NetDsl's), populations in the JSON's alphabetical order,
        // which is the models' own order here.
        { "A_single_netParams.json", "A_single" },
        { "B_network_netParams.json", "B_network" },
        { "C_inhib_netParams.json", "C_inhib" },
    };

    [Theory]
    [MemberData(nameof(NetPyNEFiles))]
    public void NetPyNEsSavedModelImportsAndRunsToNetPyNEsSpikes(string file, string caseName)
    {
        using var folder = new TemporaryFolder();
        string text = Import(Input(file), folder, Path.ChangeExtension(file, ".netdsl"));
        Assert.DoesNotContain("# not translated", text);
        var result = Run(folder.File(Path.ChangeExtension(file, ".netdsl")), text);
        var expected = ReferenceFiles.Spikes(caseName);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.SpikeTimes.Zip(result.SpikeGids, (t, g) => (t, g)).ToArray());
    }

    [Fact]
    public void ACellsListWithNormalisedPositionsIsLeftOutWithWhatSelectsIt()
    {
        using var folder = new TemporaryFolder();
        string text = Import(Input("D_density_grid_data.json"), folder);
        string[] lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains("# not translated: popParams['L']['cellsList']: NetDsl's cellsList is (x, y, z) in um for every cell; entries with xnorm, ynorm, znorm or a missing axis have no NetDsl form; the population is left out", lines);
        Assert.Contains("# not translated: connParams['L->all']['preConds']: population 'L' was not translated; the rule is left out", lines);
        Assert.Contains("pop D: FS density=123000 yRange=[100um, 180um] znormRange=[0, 0.75]", lines);
        Assert.Contains("pop H: FS gridSpacing=35um xRange=[2.5um, 97.5um] yRange=[150.2um, 200um] zRange=[10um, 90.3um]", lines);
        Run(folder.File("model.netdsl"), text, ("sim.duration", "10"));
    }

    [Theory]
    [InlineData("", "sim duration=1000ms dt=0.025ms recordStep=0.1ms\n")]
    [InlineData(", \"saveDataInclude\": [\"simData\", \"netParams\", \"netCells\", \"netPops\", \"simConfig\"], \"saveCellConns\": true", "sim duration=1000ms dt=0.025ms recordStep=0.1ms\n")]
    [InlineData(", \"saveDataInclude\": [\"simData\", \"simConfig\"]", "sim duration=1000ms dt=0.025ms recordStep=0.1ms saveDataInclude=[simConfig, simData]\n")]
    [InlineData(", \"saveDataInclude\": [\"netCells\", \"simData\"], \"saveCellConns\": true", "sim duration=1000ms dt=0.025ms recordStep=0.1ms saveDataInclude=[netCells, simData, conns]\n")]
    [InlineData(", \"saveCellConns\": false", "sim duration=1000ms dt=0.025ms recordStep=0.1ms saveDataInclude=[netParams, netCells, netPops, simConfig, simData]\n")]
    public void SaveDataIncludeBecomesTheSimKey_UnlessItIsNetPynesDefault(string keys, string simLine)
    {
        using var folder = new TemporaryFolder();
        string json = folder.File("saved.json");
        File.WriteAllText(json, "{\"netParams\": {\"popParams\": {}}, \"simConfig\": {\"duration\": 1000" + keys + "}}");

        string text = Import(json, folder);

        Assert.Contains("\n" + simLine, text.Replace("\r\n", "\n"));
    }

    [Fact]
    public void AnUnknownSavedPart_IsNotTranslated()
    {
        using var folder = new TemporaryFolder();
        string json = folder.File("saved.json");
        File.WriteAllText(json, "{\"netParams\": {\"popParams\": {}}, \"simConfig\": {\"saveDataInclude\": [\"simData\", \"net\"]}}");

        string text = Import(json, folder).Replace("\r\n", "\n");

        Assert.Contains("# not translated: simConfig.saveDataInclude: \"net\" is not one of NetPyNE's parts (netParams, netCells, netPops, simConfig, simData)\n", text);
        Assert.Contains("recordStep=0.1ms saveDataInclude=[simData]\n", text);
    }

    [Fact]
    public void NetPyNEsFullSavedDataFileImports()
    {
        // The data file NetPyNE saved for B_network (net.cells, simData and all): its net.params and simConfig.
        using var folder = new TemporaryFolder();
        string text = Import(Path.Combine(ReferenceFiles.CaseDirectory("B_network"), "netpyne_saved_data.json"), folder);
        var result = Run(folder.File("model.netdsl"), text);
        Assert.Equal(ReferenceFiles.Spikes("B_network"), result.SpikeTimes.Zip(result.SpikeGids, (t, g) => (t, g)).ToArray());
    }

    [Fact]
    public void TheInhibitoryTutorialImportsAsThisText()
    {
        using var folder = new TemporaryFolder();
        Approvals.Verify(Import(Input("C_inhib_data.json"), folder).Replace("\r\n", "\n"));
    }

    [Fact]
    public void StringFunctionsGetTheUnitsTheirNeighboursNeed()
    {
        using var folder = new TemporaryFolder();
        string text = Import(Input("D_spatial_data.json"), folder);
        Assert.Contains("param probLengthConst = 150um", text);
        Assert.Contains("param propVelocity = 100um/ms", text);
        Assert.Contains("conn RS -> all(y=[100um, 1000um]) p=0.1*exp(-dist_3D/probLengthConst) w=0.005*post_ynorm d=dist_3D/propVelocity syn=exc", text);
        Assert.Contains("pop E5: RS x 50 ynormRange=[0.7, 1]", text);

        string h = Import(Input("H_tut2_data.json"), folder, "h.netdsl");
        Assert.Contains("  soma diam=19+uniform(-0.5, 0.5) L=18.8um Ra=123ohm*cm", h);
        Assert.Contains("  hh gnabar=0.12+0.001*ynorm gkbar=0.036S/cm2 gl=0.003S/cm2 el=-70mV", h);
        // net.pops keeps NetPyNE's order of the populations (S first), which the sorted netParams lose.
        Assert.True(h.IndexOf("pop S: PYR x 20", StringComparison.Ordinal) < h.IndexOf("pop M: PYR x 20", StringComparison.Ordinal), h);
    }

    [Fact]
    public void ExpressionsWithoutFittingUnitsKeepNetPyNEsArithmetic()
    {
        using var folder = new TemporaryFolder();
        string json = folder.File("funcs.json");
        File.WriteAllText(json, """
            {"net": {"params": {
              "sizeY": 300, "probLengthConst": 150, "lenA": 100, "lenB": 200,
              "cellParams": {"RS": {"secs": {"soma": {"geom": {"diam": 10, "L": 10, "cm": 31.831},
                "pointps": {"Izhi": {"mod": "Izhi2007b", "celltype": 1}}}}}},
              "popParams": {"A": {"cellType": "RS", "numCells": 10}},
              "synMechParams": {"exc": {"mod": "Exp2Syn", "tau1": 1, "tau2": 5, "e": 0}},
              "connParams": {
                "A->A": {"preConds": {"pop": "A"}, "postConds": {"pop": "A"},
                  "probability": "0.4*exp(-dist_znorm*3)*abs(cos(pre_x/30.0))",
                  "weight": "0.002*sqrt(pre_ynorm*post_ynorm) + 0.0005",
                  "delay": "1 + log10(1 + dist_z) + dist_3D/propVelocity + 0.5", "synMech": "exc"},
                "second": {"preConds": {"pop": "A"}, "postConds": {"pop": "A"},
                  "probability": "0.5*exp(-dist_3D/lenA)*exp(-dist_2D/lenB)", "weight": 0.001, "delay": 2, "synMech": "exc"}}}}}
            """);
        string text = Import(json, folder);
        Assert.Contains("p=0.4*exp(-dist_znorm*3)*abs(cos(pre_x/30um))", text);
        Assert.Contains("w=0.002*sqrt(pre_ynorm*post_ynorm)+0.0005", text);
        // log10 needs a plain number and 1 + dist_z is not one: every quantity is divided by its unit.
        Assert.Contains("d=1+log10(1+(dist_z/1um))+(dist_3D/1um)/(propVelocity/1um/ms)+0.5", text);
        Assert.Contains("param probLengthConst = 150" + Environment.NewLine, text);
        Assert.Contains("param lenA = 100um", text);
        Assert.Contains("param lenB = 200um", text);
        Assert.Contains("conn second: A -> A p=0.5*exp(-dist_3D/lenA)*exp(-dist_2D/lenB) w=0.001uS d=2ms syn=exc", text);
        Run(folder.File("model.netdsl"), text, ("sim.duration", "10"));
    }

    public static TheoryData<string, string> ExampleModels => new()
    {
        { "Tutorial", "single_izhikevich" },
        { "Tutorial", "izhikevich_network" },
        { "Tutorial", "izhikevich_inhibitory_network" },
        { "Tutorial", "tutorial2" },
        { "Spatial", "tutorial5" },
        { "Spatial", "spatial_izhikevich" },
        { "Scaling", "ei_benchmark" },
    };

    /// <summary>
    /// Every example model, run, saved as NetPyNE's data JSON and imported: the imported file describes the same
    /// network (the same net.params when saved again) and gives the same spikes and connections. 200 ms keep it short.
    /// </summary>
    [Theory]
    [MemberData(nameof(ExampleModels))]
    public void ExampleModelsComeBackFromTheirSavedData(string folderName, string model)
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(RepositoryPaths.Root, "examples", folderName, model + ".netdsl");
        // NetPyNE has no key for NetDsl's engine settings: the benchmark's aggregated synapses run exact on both sides.
        (string, string)[] settings = [("sim.duration", "200"), ("sim.synapses", "exact")];
        var original = Run(path, File.ReadAllText(path), settings);
        string data = folder.File(model + "_data.json");
        NetPyneJsonWriter.WriteFile(data, original);

        string text = Import(data, folder, model + ".netdsl");
        Assert.DoesNotContain("# not translated", text);
        var imported = Run(folder.File(model + ".netdsl"), text, settings);

        Assert.Equal(NetParams(original), NetParams(imported));
        Assert.Equal(original.Connections, imported.Connections);
        Assert.Equal(original.SpikeGids, imported.SpikeGids);
        Assert.Equal(original.SpikeTimes, imported.SpikeTimes);
        Assert.NotEmpty(original.SpikeTimes);
    }

    /// <summary>The net.params NetDsl writes for a result: the model as NetPyNE's specs.</summary>
    private static string NetParams(SimulationResult result)
    {
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, result, "model");
        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.GetProperty("net").GetProperty("params").GetRawText();
    }

    [Fact]
    public void WhatHasNoNetDslFormBecomesACommentNotAnError()
    {
        using var folder = new TemporaryFolder();
        string json = folder.File("partial.json");
        File.WriteAllText(json, """
            {"netParams": {
              "cellParams": {
                "IZH": {"secs": {"soma": {"geom": {"diam": 10, "L": 10, "cm": 31.831},
                  "pointps": {"Izhi": {"mod": "Izhi2007b", "C": 1, "celltype": 1}}}}},
                "HH3": {"secs": {"soma": {"geom": {"diam": 20}, "pointps": {"cell": {"mod": "Izhi2003b", "a": 0.02}}}}}},
              "popParams": {"E": {"cellType": "IZH", "numCells": 5}, "X": {"cellType": "HH3", "numCells": 5}},
              "synMechParams": {"exc": {"mod": "Exp2Syn", "tau1": 1, "tau2": 5, "e": 0}},
              "connParams": {
                "E->E": {"preConds": {"pop": "E"}, "postConds": {"pop": "E"}, "probability": 0.5, "weight": 0.01, "delay": 5,
                  "synMech": "exc", "shape": {"switchOnOff": [200, 400]}},
                "X->E": {"preConds": {"pop": "X"}, "postConds": {"pop": "E"}, "probability": 0.5, "synMech": "exc"}}}}
            """);
        string output = folder.File("partial.netdsl");
        var outcome = CliRunner.Run("import", json, "--out", output);
        Assert.Equal(0, outcome.ExitCode);
        string text = File.ReadAllText(output);
        string unknownModel = "cellParams['HH3']['secs']['soma']['pointps']['cell']: unknown cell model 'Izhi2003b': NetDsl has the point process Izhi2007b (and the mechanisms hh and pas); the cell 'HH3' and its populations are left out";
        string shape = "connParams['E->E']['shape']: has no NetDsl form (the rest of the rule is translated)";
        string pop = "popParams['X']: its cell type 'HH3' was not translated";
        string rule = "connParams['X->E']['preConds']: population 'X' was not translated; the rule is left out";
        string[] lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        foreach (string note in new[] { unknownModel, shape, pop, rule }) Assert.Contains("# not translated: " + note, lines);
        Assert.Contains("conn E -> E p=0.5 w=0.01uS d=5ms syn=exc", lines);
        Assert.Equal(
            $"netdsl: import: 4 NetPyNE keys were not translated; each is a '# not translated' comment in {output}:{Environment.NewLine}"
            + string.Concat(new[] { unknownModel, pop, shape, rule }.Select(n => "  " + n + Environment.NewLine)),
            outcome.Stderr);
        // What was translated is a model that builds.
        Run(output, text, ("sim.duration", "10"));
    }

    [Fact]
    public void AFileThatIsNotJsonIsReportedWithItsLineAndColumn()
    {
        using var folder = new TemporaryFolder();
        string json = folder.File("broken.json");
        File.WriteAllText(json, "{\"net\": {\"params\":\n  {\"popParams\": }}}");
        var outcome = CliRunner.Run("import", json);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal($"netdsl: broken.json(2,17): not JSON: '}}' is an invalid start of a value.{Environment.NewLine}", outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public void JsonWithoutNetParamsIsRefused()
    {
        using var folder = new TemporaryFolder();
        string json = folder.File("sim.json");
        File.WriteAllText(json, "{\"simConfig\": {\"duration\": 1000}}");
        var outcome = CliRunner.Run("import", json);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("netdsl: sim.json: no NetPyNE netParams found: expected {\"net\": {\"params\": ...}} (netParams.save, sim.saveData), {\"netParams\": ...}, or popParams, cellParams, ... at the top level"
            + Environment.NewLine, outcome.Stderr);
        File.WriteAllText(json, "[1, 2]");
        Assert.Equal("netdsl: sim.json: holds a JSON list, not NetPyNE's netParams (an object with popParams, cellParams, ...)" + Environment.NewLine,
            CliRunner.Run("import", json).Stderr);
    }

    [Fact]
    public void UsageErrorsAndHelp()
    {
        var missing = CliRunner.Run("import", "no-such-model.json");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("netdsl: no-such-model.json: file not found" + Environment.NewLine, missing.Stderr);

        var noFile = CliRunner.Run("import");
        Assert.Equal(2, noFile.ExitCode);
        Assert.StartsWith("netdsl: import needs a FILE.json (NetPyNE's netParams.save or saved-data JSON)", noFile.Stderr);

        var option = CliRunner.Run("import", "x.json", "--ou", "y.netdsl");
        Assert.Equal(2, option.ExitCode);
        Assert.StartsWith("netdsl: import: unknown option '--ou'. Did you mean '--out'?", option.Stderr);

        var help = CliRunner.Run("import", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage:" + Environment.NewLine + "  netdsl import FILE.json [--out FILE.netdsl]" + Environment.NewLine + Environment.NewLine
            + "Writes NetPyNE's netParams as a .netdsl model", help.Stdout.Replace("\r\n", "\n").Replace("\n", Environment.NewLine));

        var usage = CliRunner.Run("--help");
        Assert.Contains("  netdsl import FILE.json [--out FILE.netdsl]", usage.Stdout);
    }

    /// <summary>Every JSON file of the reference cases (cells, spikes, traces, NetPyNE's data): a model or one message, never a crash.</summary>
    [Fact]
    public void AnyJsonGivesAModelOrAMessage()
    {
        using var folder = new TemporaryFolder();
        int files = 0;
        foreach (string json in Directory.EnumerateFiles(ReferenceFiles.ReferenceRoot, "*.json", SearchOption.AllDirectories))
        {
            var outcome = CliRunner.Run("import", json, "--out", folder.File("any.netdsl"));
            Assert.True(outcome.ExitCode is 0 or 1, json + ": " + outcome.Stderr);
            if (outcome.ExitCode == 1) Assert.StartsWith("netdsl: " + Path.GetFileName(json) + ": ", outcome.Stderr);
            files++;
        }
        Assert.True(files > 50, files.ToString());

        // Values of every kind where NetPyNE has dicts, numbers and strings.
        string odd = folder.File("odd.json");
        File.WriteAllText(odd, """
            {"cellParams": {"A": 5, "B": {"secs": {"soma": {"geom": 7, "mechs": {"hh": [1]}, "pointps": "x"}}}},
             "popParams": {"P": [], "Q": {"cellType": 3, "numCells": "many"}},
             "synMechParams": {"s": {"mod": 1}}, "stimSourceParams": {"t": []},
             "stimTargetParams": {"u": {"source": "t", "conds": 4}},
             "connParams": {"c": {"preConds": {"pop": [1, 2]}, "probability": "((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))"}}}
            """);
        var oddOutcome = CliRunner.Run("import", odd, "--out", folder.File("odd.netdsl"));
        Assert.Equal(0, oddOutcome.ExitCode);
        Assert.Contains("# not translated: ", File.ReadAllText(folder.File("odd.netdsl")));
    }
}
