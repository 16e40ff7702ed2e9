using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Generators.Tests.Harness;
using NetDsl.Output;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// Stimulus source parameters evaluated per target cell, written in the language: Models/stim_exprs.netdsl is
/// tests/reference/S_stim_exprs/model_netpyne.py, and its compiled definition gives NetPyNE's values for every
/// stimulus (NetStim rate, interval, noise, start, number; IClamp del, dur, amp; weights and delays), every NetStim
/// event and every spike.
/// </summary>
public sealed class StimulusExpressionModelTests
{
    private const string Case = "S_stim_exprs";

    private static readonly Lazy<Type> ModelType = new(() =>
    {
        var compilation = GeneratedCodeCompilesTests.CompileModels(("/models/stim_exprs.netdsl", RepositoryPaths.TestModel("stim_exprs.netdsl")));
        return GeneratedCodeCompilesTests.Load(compilation).GetType(GeneratorHarness.TestNamespace + ".StimulusExpressions")!;
    });

    private static readonly Lazy<SimulationResult> Exact = new(() => NetworkBuilder.Build(Definition()).Run());

    private static NetworkDefinition Definition() => ((dynamic)Activator.CreateInstance(ModelType.Value)!).ToDefinition();

    private static JsonElement[] ReferenceStims()
    {
        using var document = ReferenceFiles.OpenJson(Case, "stims.json");
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public void StimSourceExpressions_LowerToPerTargetSpecs_WithNetPyNEsStrings()
    {
        var definition = Definition();
        var bkg = Assert.IsType<NetStimSource>(definition.StimSources[0]);
        Assert.True(bkg.PerTarget);
        Assert.Null(bkg.Rate);
        Assert.Equal("50 + 50*post_ynorm", bkg.RateSpec!.Value.ToString());
        Assert.Equal("uniform(0.2, 0.8)", bkg.NoiseSpec!.Value.ToString());
        Assert.Equal("uniform(0, 20)", bkg.StartSpec!.Value.ToString());
        Assert.Equal("20 + 30*post_xnorm", bkg.NumberSpec!.Value.ToString());
        var slow = Assert.IsType<NetStimSource>(definition.StimSources[1]);
        Assert.Equal("uniform(20, 40)", slow.IntervalSpec!.Value.ToString());
        Assert.Equal(0.3, slow.Noise);
        Assert.Null(slow.NoiseSpec);
        var ic = Assert.IsType<IClampSource>(definition.StimSources[2]);
        Assert.Equal("uniform(50, 150)", ic.DelaySpec!.Value.ToString());
        Assert.Equal("200 + 100*post_ynorm", ic.DurationSpec!.Value.ToString());
        Assert.Equal("0.2 + 0.5*post_xnorm + normal(0, 0.0004)", ic.AmplitudeSpec!.Value.ToString());
    }

    [Fact]
    public void EveryStimulusGetsNetPyNEsValuesAndEvents()
    {
        var result = Exact.Value;
        double duration = result.Definition.Simulation.Duration;
        var expected = ReferenceStims();
        Assert.Equal(85, expected.Length);
        Assert.Equal(expected.Length, result.Stims.Count);
        foreach (var stim in expected)
        {
            int gid = stim.GetProperty("gid").GetInt32();
            string source = stim.GetProperty("source").GetString()!;
            var actual = result.Stims.Single(s => s.Gid == gid && s.Source == source);
            string where = $"{source} on cell {gid}";
            if (stim.GetProperty("type").GetString() == "IClamp")
            {
                var clamp = Assert.IsType<IClampSource>(actual.Values);
                Assert.True(stim.GetProperty("del").GetDouble() == clamp.Delay, where + " del");
                Assert.True(stim.GetProperty("dur").GetDouble() == clamp.Duration, where + " dur");
                Assert.True(stim.GetProperty("amp").GetDouble() == clamp.Amplitude, where + " amp");
                continue;
            }
            var netStim = Assert.IsType<NetStimSource>(actual.Values);
            // NetPyNE keeps a rate (1000 / interval for an interval) and sets NEURON's interval from it.
            double rate = netStim.Rate ?? 1000.0 / netStim.Interval!.Value;
            Assert.True(stim.GetProperty("rate").GetDouble() == rate, where + " rate");
            Assert.True(stim.GetProperty("hoc_actual").GetProperty("interval").GetDouble() == 1.0 / rate * 1e3, where + " interval");
            Assert.True(stim.GetProperty("noise").GetDouble() == netStim.Noise, where + " noise");
            Assert.True(stim.GetProperty("start").GetDouble() == netStim.Start, where + " start");
            Assert.True(stim.GetProperty("number").GetDouble() == netStim.Number, where + " number");
            Assert.True(stim.GetProperty("conn").GetProperty("weight").GetDouble() == actual.Weight, where + " weight");
            Assert.True(stim.GetProperty("conn").GetProperty("delay").GetDouble() == actual.Delay, where + " delay");
            var times = ReferenceData(stim.GetProperty("event_times_ms")).Where(t => t <= duration);
            Assert.Equal(times, actual.EventTimes);
        }
    }

    [Fact]
    public void EverySpikeIsNetPyNEs()
    {
        var result = Exact.Value;
        var expected = ReferenceFiles.Spikes(Case);
        Assert.Equal(838, expected.Length);
        Assert.Equal(expected.Length, result.SpikeTimes.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Gid == result.SpikeGids[i] && Math.Abs(expected[i].Time - result.SpikeTimes[i]) <= 1e-6,
                $"spike {i}: expected ({expected[i].Time:R}, {expected[i].Gid}), got ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
    }

    [Fact]
    public void TheFastEngineDrawsTheSameStimuli()
    {
        var fast = NetworkBuilder.Build(Definition()).Run(new RunOptions { Precision = SimulationPrecision.Fast });
        var exact = Exact.Value;
        Assert.Equal(exact.Stims.Count, fast.Stims.Count);
        for (int i = 0; i < exact.Stims.Count; i++)
        {
            Assert.Equal(exact.Stims[i].Values, fast.Stims[i].Values);
            Assert.Equal(exact.Stims[i].EventTimes, fast.Stims[i].EventTimes);
        }
        // The fast engine's arithmetic is not NEURON's: FS cells near threshold may move a spike (docs/architecture.md).
        Assert.InRange(fast.SpikeTimes.Length, exact.SpikeTimes.Length * 0.99, exact.SpikeTimes.Length * 1.01);
    }

    [Fact]
    public void TheDataJsonKeepsWhatEachCellGot_AndTheStringsInNetParams()
    {
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, Exact.Value, "StimulusExpressions");
        using var json = JsonDocument.Parse(stream.ToArray());
        var net = json.RootElement.GetProperty("net");
        var sources = net.GetProperty("params").GetProperty("stimSourceParams");
        Assert.Equal("50 + 50*post_ynorm", sources.GetProperty("bkg").GetProperty("rate").GetString());
        Assert.Equal("uniform(20, 40)", sources.GetProperty("slow").GetProperty("interval").GetString());
        Assert.Equal("200 + 100*post_ynorm", sources.GetProperty("ic").GetProperty("dur").GetString());

        var expected = ReferenceStims();
        var cells = net.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("gid").GetInt32());
        // NetPyNE's cell stims, which sim.loadAll reads back: a NetStim keeps a rate (1000 / interval for 'slow').
        foreach (var stim in expected)
        {
            int gid = stim.GetProperty("gid").GetInt32();
            string source = stim.GetProperty("source").GetString()!;
            var written = cells[gid].GetProperty("stims").EnumerateArray().Single(s => s.GetProperty("source").GetString() == source);
            foreach (string key in source == "ic" ? new[] { "del", "dur", "amp" } : new[] { "rate", "noise", "start", "number" })
            {
                Assert.True(stim.GetProperty(key).GetDouble() == written.GetProperty(key).GetDouble(), $"{source} on cell {gid}: {key}");
            }
        }
    }

    [Fact]
    public void TheNetPyNEScriptWritesTheStrings()
    {
        string script = NetPyneScriptWriter.Write(Definition());
        Assert.Contains("netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': '50 + 50*post_ynorm', 'noise': 'uniform(0.2, 0.8)', 'start': 'uniform(0, 20)', 'number': '20 + 30*post_xnorm'}", script);
        Assert.Contains("netParams.stimSourceParams['slow'] = {'type': 'NetStim', 'interval': 'uniform(20, 40)', 'noise': 0.3, 'start': '5 + 10*post_znorm', 'number': 1000000000}", script);
        Assert.Contains("netParams.stimSourceParams['ic'] = {'type': 'IClamp', 'del': 'uniform(50, 150)', 'dur': '200 + 100*post_ynorm', 'amp': '0.2 + 0.5*post_xnorm + normal(0, 0.0004)'}", script);
    }

    [Fact]
    public void AParamReadByAStimSource_IsDefinedInTheNetPyNEScript()
    {
        const string text = """
            network StimParam
            sim sizeX=100um sizeY=1000um sizeZ=100um duration=100ms
            param base = 50Hz
            cell RS { soma diam=10 L=10 cm=31.831; Izhi2007b C=1 k=0.7 }
            pop E: RS x 5
            syn exc: Exp2Syn tau1=1 tau2=5 e=0
            stim s: NetStim rate=base+50Hz*post_ynorm number=sizeY/100um
            stim s -> E w=0.01 d=5
            """;
        var assembly = GeneratedCodeCompilesTests.Load(GeneratedCodeCompilesTests.CompileModels(("/models/stim_param.netdsl", text)));
        NetworkDefinition definition = ((dynamic)Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + ".StimParam")!)!).ToDefinition();
        string script = NetPyneScriptWriter.Write(definition);
        Assert.Contains("netParams.base = 50\n", script.Replace("\r\n", "\n"));
        Assert.Contains("'rate': 'base + 50*post_ynorm'", script);
        Assert.Contains("'number': 'sizeY/100'", script);
        var rates = NetworkBuilder.Build(definition).Stims.Select(s => ((NetStimSource)s.Values!).Rate!.Value);
        Assert.All(rates, rate => Assert.InRange(rate, 50, 100));
    }

    private static double[] ReferenceData(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
