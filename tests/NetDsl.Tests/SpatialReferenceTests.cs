using System.Collections.Concurrent;
using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The spatial reference cases of <see cref="SpatialReferenceCases"/> against NetPyNE 1.1.0's own output
/// (tests/reference/&lt;case&gt;): every cell's position tags and drawn k bit for bit, every connection (pre, post,
/// weight bits, delay bits, synapse, order), every NetStim event and every spike, in the exact engine.
/// </summary>
public class SpatialReferenceTests
{
    public static TheoryData<string> Cases => new(SpatialReferenceCases.Names);

    private static readonly ConcurrentDictionary<string, Lazy<Network>> Networks = new();
    private static readonly ConcurrentDictionary<string, Lazy<SimulationResult>> Results = new();

    private static Network Built(string name) => Networks.GetOrAdd(name, n => new Lazy<Network>(() => NetworkBuilder.Build(SpatialReferenceCases.Get(n)))).Value;

    private static SimulationResult Ran(string name) => Results.GetOrAdd(name, n => new Lazy<SimulationResult>(() => Built(n).Run())).Value;

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryCellsPositionTagsAndKAreNetPyNEsBitForBit(string name)
    {
        var cells = Built(name).Cells;
        var reference = ReferenceData.Load(name, "cells.json");
        Assert.Equal(reference.GetArrayLength(), cells.Count);
        foreach (var expected in reference.EnumerateArray())
        {
            int gid = expected.GetProperty("gid").GetInt32();
            var cell = cells[gid];
            Assert.Equal(gid, cell.Gid);
            Assert.Equal(expected.GetProperty("pop").GetString(), cell.Population);
            Assert.Equal(expected.GetProperty("cellType").GetString(), cell.CellType);
            foreach (var (key, actual) in new[] { ("x", cell.X), ("y", cell.Y), ("z", cell.Z), ("xnorm", cell.XNorm), ("ynorm", cell.YNorm), ("znorm", cell.ZNorm), ("k", cell.Parameters["k"]) })
            {
                double value = expected.GetProperty(key).GetDouble();
                Assert.True(Bits(value) == Bits(actual), $"{name} gid {gid} {key}: NetPyNE {value:R}, NetDsl {actual:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryConnectionWithItsWeightAndDelayIsNetPyNEsBitForBit(string name)
    {
        var connections = Built(name).Connections;
        var reference = ReferenceData.Load(name, "conns.json");
        var mismatches = new List<string>();
        int i = 0;
        foreach (var expected in reference.EnumerateArray())
        {
            if (i >= connections.Count) break;
            var actual = connections[i++];
            int pre = expected[0].GetInt32(), post = expected[1].GetInt32();
            double weight = expected[2].GetDouble(), delay = expected[3].GetDouble();
            if (pre != actual.PreGid || post != actual.PostGid)
            {
                mismatches.Add($"connection {i - 1}: NetPyNE {pre}->{post}, NetDsl {actual.PreGid}->{actual.PostGid}");
                break; // the order is lost from here on
            }
            if (Bits(weight) != Bits(actual.Weight)) mismatches.Add($"connection {i - 1} {pre}->{post}: weight NetPyNE {weight:R}, NetDsl {actual.Weight:R}");
            if (Bits(delay) != Bits(actual.Delay)) mismatches.Add($"connection {i - 1} {pre}->{post}: delay NetPyNE {delay:R}, NetDsl {actual.Delay:R}");
            if (expected[4].GetString() != actual.Synapse) mismatches.Add($"connection {i - 1} {pre}->{post}: synapse NetPyNE {expected[4].GetString()}, NetDsl {actual.Synapse}");
        }
        Assert.True(mismatches.Count == 0, $"{name}: {mismatches.Count} mismatch(es):\n" + string.Join("\n", mismatches.Take(20)));
        Assert.Equal(reference.GetArrayLength(), connections.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryNetStimEventIsNetPyNEs(string name)
    {
        var result = Ran(name);
        double duration = SpatialReferenceCases.Get(name).Simulation.Duration;
        var stims = ReferenceData.Load(name, "stims.json");
        Assert.Equal(stims.GetArrayLength(), result.Stims.Count);
        foreach (var expected in stims.EnumerateArray())
        {
            int gid = expected.GetProperty("gid").GetInt32();
            string source = expected.GetProperty("source").GetString()!;
            var actual = result.Stims.Single(s => s.Gid == gid && s.Source == source);
            if (expected.GetProperty("type").GetString() == "IClamp")
            {
                // An IClamp's del, dur, amp as the cell got them (string parameters evaluated per target cell).
                var clamp = (IClampSource?)actual.Values ?? (IClampSource)SpatialReferenceCases.Get(name).StimSources.Single(s => s.Name == source);
                Assert.Equal(expected.GetProperty("del").GetDouble(), clamp.Delay);
                Assert.Equal(expected.GetProperty("dur").GetDouble(), clamp.Duration);
                Assert.Equal(expected.GetProperty("amp").GetDouble(), clamp.Amplitude);
                continue;
            }
            if (actual.Values is NetStimSource netStim)
            {
                Assert.Equal(expected.GetProperty("rate").GetDouble(), netStim.Rate ?? 1000.0 / netStim.Interval!.Value);
                Assert.Equal(expected.GetProperty("noise").GetDouble(), netStim.Noise);
                Assert.Equal(expected.GetProperty("start").GetDouble(), netStim.Start);
                Assert.Equal(expected.GetProperty("number").GetDouble(), netStim.Number);
            }
            Assert.Equal(expected.GetProperty("conn").GetProperty("weight").GetDouble(), actual.Weight);
            Assert.Equal(expected.GetProperty("conn").GetProperty("delay").GetDouble(), actual.Delay);
            // NetPyNE records the events of the whole run; NetDsl keeps those up to its end.
            var times = ReferenceData.Doubles(expected.GetProperty("event_times_ms"));
            Assert.Equal(times.Where(t => t <= duration), actual.EventTimes);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EverySpikeIsNetPyNEs(string name)
    {
        var result = Ran(name);
        var (spikeTimes, spikeGids) = ReferenceData.Spikes(name);
        Assert.NotEmpty(spikeTimes);
        int n = Math.Min(spikeTimes.Length, result.SpikeTimes.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(spikeGids[i] == result.SpikeGids[i] && Math.Abs(result.SpikeTimes[i] - spikeTimes[i]) <= 1e-6,
                $"{name} spike {i}: expected ({spikeTimes[i]:R}, {spikeGids[i]}), got ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
        Assert.Equal(spikeTimes.Length, result.SpikeTimes.Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CountsAreTheSummarys(string name)
    {
        var network = Built(name);
        var summary = ReferenceData.Load(name, "summary.json");
        Assert.Equal(summary.GetProperty("numCells").GetInt32(), network.Cells.Count);
        foreach (var pop in summary.GetProperty("pops").EnumerateObject())
        {
            Assert.Equal(pop.Value.GetProperty("numCells").GetInt32(), network.Cells.Count(c => c.Population == pop.Name));
        }
        Assert.Equal(summary.GetProperty("num_cell_to_cell_connections").GetInt32(), network.Connections.Count);
    }

    [Theory]
    [InlineData(ConnectionRuleKind.Convergence, "2 + 4*pre_ynorm", "pre_ynorm")]
    [InlineData(ConnectionRuleKind.Convergence, "2 + dist_3D/50", "dist_3D")]
    [InlineData(ConnectionRuleKind.Divergence, "2 + 4*post_ynorm", "post_ynorm")]
    [InlineData(ConnectionRuleKind.Divergence, "uniform(1, 3) + dist_y/100", "dist_y")]
    public void ACountReadingAnotherCellThanItsOwnStopsTheBuild(ConnectionRuleKind kind, string text, string variable)
    {
        // NetPyNE 1.1.0 (conn.py:283-309) evaluates a convergence with (None, post tags) and a divergence with
        // (pre tags, None): these strings stop sim.create with TypeError ('NoneType' object is not subscriptable).
        var definition = SpatialReferenceCases.Get("D_conv_drawn");
        var named = new Dictionary<string, double> { ["propVelocity"] = 100 };
        var rule = new ConnectionDefinition("r", CellSelector.Population("E"), CellSelector.Population("I"), kind, 0, 0.001, 2, "exc")
        {
            RuleValueSpec = ValueSpec.Of(PythonExpression.Parse(text, named)),
        };
        var error = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(definition with { Connections = [rule] }));
        Assert.Equal(kind == ConnectionRuleKind.Convergence ? "convergence" : "divergence", error.Parameter);
        Assert.Contains($"reads {variable}", error.Message);
    }

    [Fact]
    public void TheParsedStringsWriteBackToTheSameTree()
    {
        // The reader of NetPyNE's strings: what ValueExpression writes reads back to the same expression.
        var named = new Dictionary<string, double> { ["sizeZ"] = 150, ["propVelocity"] = 150, ["pi"] = Math.PI };
        foreach (string text in new[]
        {
            "0.3*exp(-(dist_x**2 + dist_z**2)/5000.0)", "1 + abs(pre_x - post_x)**0.5/4", "0.003*(pre_z/sizeZ)**2 + 0.001",
            "-dist_znorm*3", "2**-1", "-2**2", "pow(0.5, 1 + dist_ynorm*4)*0.004", "1 - (2 - 3)", "dist_3D/propVelocity + normal(1.5, 0.04)",
            "0.3*(1 + sin(pi*pre_xnorm))/2 + 0.1*cos(post_znorm*pi)",
        })
        {
            var parsed = PythonExpression.Parse(text, named);
            Assert.Equal(parsed, PythonExpression.Parse(parsed.ToString(), named));
        }
        var power = Assert.IsType<NegateExpression>(PythonExpression.Parse("-2**2", named));
        Assert.IsType<BinaryExpression>(power.Operand);
    }
}
