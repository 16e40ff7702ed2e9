namespace NetDsl.Cli.Tests;

/// <summary>
/// <c>netdsl export netpyne</c>: the model as the NetPyNE 1.1.0 script NetPyNE's own tutorial writes for it (the keys
/// of tests/reference/&lt;case&gt;/model_netpyne.py), and the command line's messages.
/// </summary>
public class ExportTests
{
    private static string Export(string file, params string[] options)
    {
        string path = Path.Combine(Path.GetTempPath(), "netdsl-export-" + Guid.NewGuid().ToString("N") + ".py");
        try
        {
            var outcome = CliRunner.Run(["export", "netpyne", RepositoryPaths.Tutorial(file), "--out", path, .. options]);
            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            Assert.Equal($"Saved {path}{Environment.NewLine}", outcome.Stdout);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheInhibitoryTutorialBecomesNetPyNEsModel()
    {
        string script = Export("izhikevich_inhibitory_network.netdsl");
        string[] lines = script.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        // The same cell, populations, synapses, stimulus and rules as tests/reference/C_inhib/model_netpyne.py.
        Assert.Contains("cell_IZH['secs']['soma']['pointps'] = {'Izhi': {'mod': 'Izhi2007b', 'C': 1, 'k': 'normal(0.7, 0.05)', 'vr': -60, 'vt': -40, 'vpeak': 35, 'a': 0.03, 'b': -2, 'c': -50, 'd': 100, 'celltype': 1, 'Iin': 0}}", lines);
        Assert.Contains("netParams.popParams['IZH_exc'] = {'cellType': 'IZH', 'numCells': 20}", lines);
        Assert.Contains("netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2, 'tau2': 10, 'e': -70}", lines);
        Assert.Contains("netParams.stimTargetParams['bkg->IZH_exc'] = {'source': 'bkg', 'conds': {'pop': 'IZH_exc'}, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}", lines);
        Assert.Contains("netParams.connParams['IZH_inh->IZH_exc'] = {'preConds': {'pop': 'IZH_inh'}, 'postConds': {'pop': 'IZH_exc'}, 'probability': 0.3, 'weight': 0.007, 'delay': 3, 'synMech': 'inh'}", lines);
        Assert.Contains("simConfig.seeds = {'conn': 1, 'stim': 1, 'loc': 1, 'cell': 1}", lines);
        Assert.Contains("simConfig.saveJson = True", lines);
        Assert.Equal("sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)", lines.Last(l => l.Length > 0));
    }

    [Fact]
    public void SetValuesAndStringFunctionsAreExported()
    {
        string script = Export("tutorial2.netdsl", "--set", "sim.seeds.conn=7", "--set", "conn.S->M.div=3");
        Assert.Contains("cell_PYR = {'secs': {'soma': {'geom': {'diam': '19 + uniform(-0.5, 0.5)', 'L': 18.8, 'Ra': 123, 'cm': 1}}}}", script);
        Assert.Contains("cell_PYR['secs']['soma']['mechs']['hh'] = {'gnabar': '0.12 + 0.001*ynorm', 'gkbar': 0.036, 'gl': 0.003, 'el': -70}", script);
        Assert.Contains("'divergence': 3,", script);
        Assert.Contains("simConfig.seeds = {'conn': 7, 'stim': 1, 'loc': 1, 'cell': 1}", script);
    }

    [Fact]
    public void UsageErrorsNameTheFix()
    {
        var unknown = CliRunner.Run("export", "netpyn", "x.netdsl");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("netdsl: export: unknown format 'netpyn' (expected netpyne). Did you mean 'netpyne'?", unknown.Stderr);
        var option = CliRunner.Run("export", "netpyne", "x.netdsl", "--ot", "a.py");
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("netdsl: export: unknown option '--ot'. Did you mean '--out'?", option.Stderr);
        var noFile = CliRunner.Run("export", "netpyne");
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("netdsl: export netpyne needs a FILE.netdsl", noFile.Stderr);
        var help = CliRunner.Run("export", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage:" + Environment.NewLine + "  netdsl export netpyne FILE.netdsl [--out FILE.py] [--set PATH=VALUE]...", help.Stdout);
    }
}
