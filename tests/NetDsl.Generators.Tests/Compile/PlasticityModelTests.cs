using System;
using System.Linq;
using NetDsl.Definition;
using NetDsl.Generators.Tests.Diagnostics;
using NetDsl.Generators.Tests.Harness;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// <c>plast=STDP(...)</c> on conn rules and <c>sim weightRecordStep=</c>: the generated definition carries NetPyNE's
/// STDP rule, the P_stdp model (Models/stdp_network.netdsl) runs to NetPyNE's spikes, and every mistake is reported
/// at its file(line,col) with the fix.
/// </summary>
public class PlasticityModelTests
{
    private const string ClassName = "StdpNetwork";

    private static readonly Lazy<Type> ModelType = new(() =>
    {
        var compilation = GeneratedCodeCompilesTests.CompileModels(("/models/stdp_network.netdsl", RepositoryPaths.TestModel("stdp_network.netdsl")));
        return GeneratedCodeCompilesTests.Load(compilation).GetType(GeneratorHarness.TestNamespace + "." + ClassName)!;
    });

    private static dynamic CreateModel() => Activator.CreateInstance(ModelType.Value)!;

    /// <summary>A valid network the diagnostic cases append to or edit: the diagnostics' base network with a plastic rule.</summary>
    private const string Network = Diagnostics.DiagnosticCatalogTests.Base
        + "conn E -> E p=0.1 w=0.005 d=5 syn=exc plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50, RLon=1, tauhebb=10)\n\n";

    private const string StdpNames = "tauhebb, tauanti, hebbwt, antiwt, RLwindhebb, RLwindanti, useRLexp, RLlenhebb, RLlenanti, RLhebbwt, RLantiwt, wmax, softthresh, STDPon, RLon, verbose";

    private const string ConnNames = "p, conv, div, all, list, w, d, within, syn, sampling, self, plast";

    [Fact]
    public void StdpModel_Definition_HasNetPyNEsStdpRuleOnItsConnectionRule()
    {
        NetworkDefinition definition = CreateModel().ToDefinition();
        var rule = Assert.Single(definition.Connections);
        var stdp = Assert.IsType<StdpRule>(rule.Plasticity);
        Assert.Equal(new StdpRule { HebbWt = 0.01, AntiWt = -0.01, WMax = 50, RLOn = 1, TauHebb = 10 }, stdp);
        Assert.Equal(10, definition.Simulation.WeightRecordStep);
        // Nothing else changes: the same network as the tutorial's (B_network), with the rule.
        Assert.Equal((ConnectionRuleKind.Probability, 0.1), (rule.Rule, rule.RuleValue));
    }

    /// <summary>
    /// <c>record w of conn E_E every 10ms</c> with a second plastic rule: the results hold E_E's weights only, the
    /// same samples as a run that reports both rules (the other rule still learns, unreported).
    /// </summary>
    [Fact]
    public void RecordW_OfOneRule_ReportsThatRulesWeightsOnly()
    {
        const string text = Diagnostics.DiagnosticCatalogTests.Base + """
            pop I: IZH x 10
            conn E_E: E -> E p=0.2 w=0.005 d=5 syn=exc plast=pairSTDP(lambda=0.05, mu_plus=0, mu_minus=0, Wmax=0.01)
            conn E_I: E -> I p=0.2 w=0.005 d=3 syn=exc plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50)
            record w of conn E_E every 10ms
            sim duration=500ms
            """;
        var compilation = GeneratedCodeCompilesTests.CompileModels(("/models/two_rules.netdsl", text));
        var type = GeneratedCodeCompilesTests.Load(compilation).GetType(GeneratorHarness.TestNamespace + ".TwoRules")!;
        NetworkDefinition definition = ((dynamic)Activator.CreateInstance(type)!).ToDefinition();
        Assert.Equal(new RuleLabels(["E_E"]), definition.Simulation.WeightRecordRules);
        Assert.Equal(10, definition.Simulation.WeightRecordStep);

        var recorded = NetworkBuilder.Build(definition).Run().Weights!;
        var both = NetworkBuilder.Build(definition with { Simulation = definition.Simulation with { WeightRecordRules = null } }).Run().Weights!;
        Assert.Contains(both.Connections, c => c.Rule == "E_I");
        var expected = both.Connections.Where(c => c.Rule == "E_E").ToArray();
        Assert.True(expected.Length > 20, $"{expected.Length} E_E connections");
        Assert.All(recorded.Connections, c => Assert.Equal("E_E", c.Rule));
        Assert.Equal(expected.Select(c => (c.PreGid, c.PostGid, c.FinalWeight)), recorded.Connections.Select(c => (c.PreGid, c.PostGid, c.FinalWeight)));
        Assert.Equal(expected.SelectMany(c => c.Samples), recorded.Connections.SelectMany(c => c.Samples));
        Assert.Equal(expected.Sum(c => c.UpdateCount), recorded.ChangeCount);
        Assert.True(recorded.ChangeCount > 0);
    }

    [Fact]
    public void StdpModel_Run_GivesNetPyNEsSpikes()
    {
        NetworkDefinition definition = CreateModel().ToDefinition();
        var result = NetworkBuilder.Build(definition).Run();
        var expected = ReferenceFiles.Spikes("P_stdp");
        Assert.Equal(2128, expected.Length);
        Assert.Equal(expected.Length, result.SpikeTimes.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Gid, result.SpikeGids[i]);
            Assert.Equal(expected[i].Time, result.SpikeTimes[i]);
        }
        Assert.NotNull(result.Weights);
        Assert.Equal(101, result.Weights!.SampleTimes.Length);
    }

    [Fact]
    public void PlastWithUnits_IsConvertedToTheCatalogsUnits_AndOmittedParametersKeepTheirDefaults()
    {
        var result = NetDslCompiler.Analyze("/models/test_model.netdsl",
            Network.Replace("plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50, RLon=1, tauhebb=10)", "plast=STDP(tauhebb=0.02s, wmax=50000nS)") + "sim weightRecordStep=0.01s",
            "Models", default);
        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        var plasticity = result.Spec!.Connections[0].Plasticity!;
        Assert.Equal("STDP", plasticity.Mechanism);
        Assert.Equal([("tauhebb", 20.0), ("wmax", 50.0)], plasticity.Parameters.Select(p => (p.Name, p.Value)).ToArray());
        Assert.Equal(10, result.Spec.Simulation.Settings.Single(s => s.Name == "weightRecordStep").A, 12);
        Assert.Null(NetDslCompiler.Analyze("/models/test_model.netdsl", Network.Replace("plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50, RLon=1, tauhebb=10)", ""), "Models", default)
            .Spec!.Connections[0].Plasticity);
    }

    public static readonly TheoryData<string, string, string> Cases = new()
    {
        {
            // NetPyNE's documentation says 'plasticity'; NetPyNE 1.1.0 reads 'plast' and drops the other silently.
            "NDSL0107", Network.Replace("plast=STDP", "$$plasticity=STDP"),
            "'plasticity' is not a parameter of a connection. NetPyNE's documented 'plasticity' key is silently ignored by NetPyNE 1.1.0 (it reads 'plast'): write plast=STDP(hebbwt=..., antiwt=..., wmax=...). Valid parameters: " + ConnNames + "."
        },
        {
            "NDSL0107", Network.Replace("STDP(hebbwt=", "STDP($$hebwt="),
            "'hebwt' is not a parameter of STDP. Did you mean 'hebbwt'? Valid parameters: " + StdpNames + "."
        },
        {
            "NDSL0107", Network.Replace("RLon=1", "$$rlon=1"),
            "'rlon' is not a parameter of STDP. Did you mean 'RLon'? (names are case-sensitive, as in the mod file) Valid parameters: " + StdpNames + "."
        },
        {
            "NDSL0117", Network.Replace("stim bkg -> E w=0.01 d=5", "stim bkg -> E w=0.01 d=5 $$plast=STDP(hebbwt=0.01)"),
            "NetDsl does not support NetPyNE's 'plast' in a stimulus target (plasticity of stimTargetParams connections). Plasticity runs on conn rules only: remove plast= here, or drive the cells through a VecStim/NetStim population and a plastic conn rule."
        },
        {
            "NDSL0201", Network.Replace("wmax=50", "wmax=$$-50"),
            "wmax=-50 is out of range: it must be 0 or more"
        },
        {
            "NDSL0106", Network.Replace("plast=STDP(", "plast=$$STPD("),
            "Unknown plasticity mechanism 'STPD'; supported: STDP, pairSTDP. Did you mean 'STDP'? (NetPyNE's STDP mechanism and the pair-based pairSTDP, see docs/plasticity.md)"
        },
        {
            "NDSL0203", Network.Replace("tauhebb=10", "tauhebb=10$$mV"),
            "'mV' is a unit of voltage, but 'tauhebb' is a time; use ms, s, us (a bare number means ms)"
        },
        {
            "NDSL0204", Network.Replace("STDP(hebbwt=0.01,", "STDP($$0.01,"),
            "'plast' takes named parameters, e.g. STDP(hebbwt=0.01), not a positional value"
        },
        {
            // The flags are 0 or 1, as the runtime requires.
            "NDSL0211", Network.Replace("RLon=1", "RLon=$$0.5"),
            "RLon=0.5 must be a whole number"
        },
        {
            "NDSL0201", Network.Replace("RLon=1", "RLon=$$2"),
            "RLon=2 is out of range: it must be between 0 and 1"
        },
        {
            "NDSL0201", Network + "sim weightRecordStep=$$0",
            "weightRecordStep=0 is out of range: it must be greater than 0"
        },
        {
            // pairSTDP's Wmax has no default (NEST's 100 is in pA): it must be written.
            "NDSL0111", Network.Replace("plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50, RLon=1, tauhebb=10)", "plast=$$pairSTDP(lambda=0.01)"),
            "pairSTDP needs Wmax (largest weight (required); weights stay in [0, Wmax]): write pairSTDP(..., Wmax=...)"
        },
        {
            "NDSL0107", Network.Replace("plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50, RLon=1, tauhebb=10)", "plast=pairSTDP($$wmax=0.01)"),
            "'wmax' is not a parameter of pairSTDP. Did you mean 'Wmax'? (names are case-sensitive, as in the mod file) Valid parameters: tau_plus, tau_minus, lambda, alpha, mu_plus, mu_minus, Wmax."
        },
    };

    [Fact]
    public void PairStdp_IsTheRuntimesPairStdpRule_WithTheWrittenValuesInTheCatalogsUnits()
    {
        var source = Network.Replace("plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50, RLon=1, tauhebb=10)", "plast=pairSTDP(tau_plus=0.015s, lambda=0.005, mu_plus=0, mu_minus=0, Wmax=20nS)");
        var compilation = GeneratedCodeCompilesTests.CompileModels(("/models/pair_stdp.netdsl", source));
        var type = GeneratedCodeCompilesTests.Load(compilation).GetTypes().Single(t => t.GetInterfaces().Contains(typeof(NetDsl.INetworkModel)));
        NetworkDefinition definition = ((NetDsl.INetworkModel)Activator.CreateInstance(type)!).ToDefinition();
        var rule = Assert.IsType<PairStdpRule>(definition.Connections.Single(c => c.Plasticity is not null).Plasticity);
        Assert.Equal(new PairStdpRule { TauPlus = 15, Lambda = 0.005, MuPlus = 0, MuMinus = 0, WMax = 0.02 }, rule);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PlasticityMistake_IsReportedAtItsPosition_WithTheFix(string id, string marked, string message)
    {
        Assert.Equal(message, DiagnosticAssert.AtMarker(id, marked));
    }

    [Fact]
    public void ValidPlasticNetwork_HasNoDiagnostics()
    {
        Assert.Empty(GeneratorHarness.Diagnostics(Network + "sim weightRecordStep=10ms"));
        Assert.Empty(GeneratorHarness.Diagnostics(Network.Replace("plast=STDP(hebbwt=0.01, antiwt=-0.01, wmax=50, RLon=1, tauhebb=10)", "plast=STDP")));
    }
}
