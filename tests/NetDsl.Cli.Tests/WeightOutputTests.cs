using System.Globalization;
using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Output;
using NetDsl.Plotting;
using NetDsl.Simulation;

namespace NetDsl.Cli.Tests;

/// <summary>
/// The weights of plastic connections in the outputs: NetPyNE's <c>simData['allWeights']</c> (cfg.saveWeights) in the
/// data JSON, <c>&lt;Network&gt;_weights.csv</c> and the weights figure, all written by <see cref="ResultWriter"/>.
/// </summary>
public sealed class WeightOutputTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "netdsl-weights-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The tutorial's 20 cells with NetPyNE's STDP on E->E (the P_stdp rule), 200 ms.</summary>
    private static NetworkDefinition Plastic(double? weightRecordStep, bool plastic = true)
    {
        var izh = new CellDefinition("IZH", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b",
            [new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03), new("b", -2), new("c", -50), new("d", 100), new("celltype", 1)]);
        var rule = new ConnectionDefinition("E->E", CellSelector.Population("E"), CellSelector.Population("E"), ConnectionRuleKind.Probability, 0.1, 0.005, 5, "exc")
        {
            Plasticity = plastic ? new StdpRule { HebbWt = 0.01, AntiWt = -0.01, WMax = 50, RLOn = 1, TauHebb = 10 } : null,
        };
        return new NetworkDefinition("Plastic", [izh], [new PopulationDefinition("E", "IZH", 20)], [new SynapseDefinition("exc", 1, 5, 0)],
            [new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5)], [new StimTargetDefinition("bkg", CellSelector.Population("E"), 0.01, 5, "exc")],
            [rule], new SimulationSettings(Duration: 200, RecordStep: 1) { WeightRecordStep = weightRecordStep }, [], [new PlotDefinition(PlotKind.Raster, null)]);
    }

    private static readonly Lazy<SimulationResult> Sampled = new(() => NetworkBuilder.Build(Plastic(10)).Run());

    [Fact]
    public void ResultWriter_WritesTheWeightsCsvAndFigure_WhenTheRunHasPlasticConnections()
    {
        var written = ResultWriter.WriteAll(Sampled.Value, folder).Select(Path.GetFileName).ToList();
        Assert.Equal(["Plastic_data.json", "Plastic_spikes.csv", "Plastic_weights.csv", "Plastic_raster.png", "Plastic_weights.png"], written);
        var png = File.ReadAllBytes(Path.Combine(folder, "Plastic_weights.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());

        // A chosen list of figures draws only those; the CSV is written all the same.
        string other = Path.Combine(folder, "chosen");
        var chosen = ResultWriter.WriteAll(Sampled.Value, other, new OutputOptions { Figures = [PlotKind.Raster] }).Select(Path.GetFileName).ToList();
        Assert.Equal(["Plastic_data.json", "Plastic_spikes.csv", "Plastic_weights.csv", "Plastic_raster.png"], chosen);

        // No plastic connection, no weights.
        var fixedRun = NetworkBuilder.Build(Plastic(null, plastic: false)).Run();
        Assert.Null(fixedRun.Weights);
        var none = ResultWriter.WriteAll(fixedRun, Path.Combine(folder, "fixed")).Select(Path.GetFileName).ToList();
        Assert.Equal(["Plastic_data.json", "Plastic_spikes.csv", "Plastic_raster.png"], none);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "fixed", "Plastic_data.json")));
        Assert.False(json.RootElement.GetProperty("simData").TryGetProperty("allWeights", out _));
        Assert.False(json.RootElement.GetProperty("simConfig").TryGetProperty("saveWeights", out _));
    }

    [Fact]
    public void DataJson_HoldsNetPyNEsAllWeights_OneRowPerSample_TimeThenEveryPlasticWeight()
    {
        var result = Sampled.Value;
        var weights = result.Weights!;
        // 0, 10, ... by accumulated steps, as NEURON's Vector.record: 200 itself falls just past the end.
        Assert.Equal(20, weights.SampleTimes.Length);
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, result, "Plastic");
        using var json = JsonDocument.Parse(stream.ToArray());
        Assert.True(json.RootElement.GetProperty("simConfig").GetProperty("saveWeights").GetBoolean());
        var simData = json.RootElement.GetProperty("simData");
        var rows = simData.GetProperty("allWeights").EnumerateArray().ToList();
        Assert.Equal(weights.SampleTimes.Length, rows.Count);
        for (int s = 0; s < rows.Count; s++)
        {
            var row = rows[s].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(1 + weights.Connections.Count, row.Length);
            Assert.Equal(weights.SampleTimes[s], row[0]);
            for (int c = 0; c < weights.Connections.Count; c++) Assert.Equal(weights.Connections[c].Samples[s], row[1 + c]);
        }
        var conns = simData.GetProperty("allWeightsConns").EnumerateArray().ToList();
        Assert.Equal(weights.Connections.Count, conns.Count);
        for (int c = 0; c < conns.Count; c++)
        {
            var expected = weights.Connections[c];
            Assert.Equal((expected.PreGid, expected.PostGid, expected.Rule, expected.Synapse, expected.Mechanism, expected.FinalWeight, expected.UpdateCount),
                (conns[c].GetProperty("preGid").GetInt32(), conns[c].GetProperty("postGid").GetInt32(), conns[c].GetProperty("label").GetString(),
                 conns[c].GetProperty("synMech").GetString(), conns[c].GetProperty("plastMech").GetString(), conns[c].GetProperty("finalWeight").GetDouble(),
                 conns[c].GetProperty("updates").GetInt64()));
        }
        Assert.Equal(10, simData.GetProperty("weightRecordStep").GetDouble());
        // STDP changed some weights in 200 ms.
        Assert.Contains(weights.Connections, c => c.FinalWeight != c.InitialWeight);
    }

    [Fact]
    public void WeightsCsv_HasARowPerConnectionAndSample_ThenTheFinalWeights()
    {
        var result = Sampled.Value;
        var weights = result.Weights!;
        using var writer = new StringWriter();
        WeightsCsvWriter.Write(writer, result);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(WeightsCsvWriter.Header, lines[0]);
        int n = weights.Connections.Count;
        Assert.Equal(1 + weights.SampleTimes.Length * n + n, lines.Length);
        var first = lines[1].Split(',');
        var c0 = weights.Connections[0];
        Assert.Equal(["0", "0", "0", c0.PreGid.ToString(CultureInfo.InvariantCulture), c0.PostGid.ToString(CultureInfo.InvariantCulture), "E->E"], first[..6]);
        Assert.Equal(c0.Samples[0], double.Parse(first[6], CultureInfo.InvariantCulture));
        var sample3 = lines[1 + 3 * n + 1].Split(',');
        Assert.Equal((weights.SampleTimes[3], "3", "1", weights.Connections[1].Samples[3]),
            (double.Parse(sample3[0], CultureInfo.InvariantCulture), sample3[1], sample3[2], double.Parse(sample3[6], CultureInfo.InvariantCulture)));
        var finals = lines.Skip(1 + weights.SampleTimes.Length * n).Select(l => l.Split(',')).ToList();
        Assert.All(finals, f => Assert.Equal("final", f[1]));
        Assert.Equal(weights.Connections.Select(c => c.FinalWeight), finals.Select(f => double.Parse(f[6], CultureInfo.InvariantCulture)));
        Assert.All(finals, f => Assert.Equal(result.SimulatedTime, double.Parse(f[0], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void WithoutARecordStep_TheOutputsHoldTheInitialAndFinalWeights()
    {
        var result = NetworkBuilder.Build(Plastic(null)).Run();
        var weights = result.Weights!;
        Assert.Empty(weights.SampleTimes);
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, result, "Plastic");
        using var json = JsonDocument.Parse(stream.ToArray());
        var rows = json.RootElement.GetProperty("simData").GetProperty("allWeights").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal([0.0, .. weights.Connections.Select(c => c.InitialWeight)], rows[0]);
        Assert.Equal([result.SimulatedTime, .. weights.Connections.Select(c => c.FinalWeight)], rows[1]);
        Assert.False(json.RootElement.GetProperty("simData").TryGetProperty("weightRecordStep", out _));

        using var writer = new StringWriter();
        WeightsCsvWriter.Write(writer, result);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 2 * weights.Connections.Count, lines.Length);
        Assert.Equal("initial", lines[1].Split(',')[1]);

        var figure = NetworkFigures.Weights(result);
        Assert.Equal(2, figure.WeightSamplesDrawn);
    }

    [Fact]
    public void WeightsFigure_ShowsEverySampleAndOneMeanPerRule()
    {
        var figure = NetworkFigures.Weights(Sampled.Value);
        Assert.Equal("weights", figure.Kind);
        Assert.Equal(2, figure.Plots.Count);
        Assert.Equal((Sampled.Value.Weights!.Connections.Count, Sampled.Value.Weights.SampleTimes.Length, 1), (figure.ConnectionsDrawn, figure.WeightSamplesDrawn, figure.TracesDrawn));
        Assert.NotEmpty(figure.Encode(FigureFormat.Svg));
        var fixedRun = NetworkBuilder.Build(Plastic(null, plastic: false)).Run();
        Assert.Throws<ArgumentException>(() => NetworkFigures.Weights(fixedRun));
    }
}
