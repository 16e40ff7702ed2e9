using System.Globalization;
using System.Text;
using NetDsl.Output;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The writers format numbers as UTF-8 into pooled buffers and the data JSON's long arrays on all cores: the bytes
/// must be those of the plain formatting (<c>ToString("R")</c>, one writer in order).
/// </summary>
public class OutputBytesTests
{
    // 2,000 cells with ~45,000 connections (under the default limit, so every cell's conns are written): several
    // chunks of cells, of connections and of spike numbers.
    private static readonly Lazy<SimulationResult> Large = new(() =>
    {
        var definition = TestModels.Network(1600, 400, duration: 600, pExc: 0.01, pInh: 0.02);
        // A stronger drive than the model's: enough spikes for several chunks of spike numbers.
        definition = definition with
        {
            StimTargets = [definition.StimTargets[0] with { Weight = 0.05 }, .. definition.StimTargets.Skip(1)],
        };
        return NetworkBuilder.Build(definition).Run();
    });

    private static readonly double[] Tricky =
    [
        0, -0.0, 1, -1, 12, 0.5, 0.1 + 0.2, 1.0 / 3, 31.831, -60, 100, 1e14, 1e15, 1e16, 123456789012345678, 1e-4, 1e-5,
        1e-7, 2.5e-300, double.Epsilon, double.MaxValue, double.MinValue, 12.325000000000001, 999.9999999999999,
        2147483647, -2147483648, 4503599627370496.5, 9007199254740993,
    ];

    [Fact]
    public void NumbersAreTheTextOfToStringR()
    {
        var random = new System.Random(5);
        var values = Tricky.Concat(Enumerable.Range(0, 2000).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 20)))).ToArray();
        Span<byte> text = stackalloc byte[Utf8Numbers.MaxDoubleLength];
        var floats = new Utf8NumberCache(asFloat: true);
        var plain = new Utf8NumberCache(asFloat: false);
        // Twice, so that the second pass reads the cache (64 slots: many of these share one and replace each other).
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (double value in values)
            {
                string r = value.ToString("R", CultureInfo.InvariantCulture);
                string asFloat = r.IndexOfAny(['.', 'E', 'e']) < 0 ? r + ".0" : r;
                Assert.Equal(r, Encoding.UTF8.GetString(text[..Utf8Numbers.Format(value, text)]));
                Assert.Equal(asFloat, Encoding.UTF8.GetString(text[..Utf8Numbers.FormatFloat(value, text)]));
                Assert.Equal(r, Encoding.UTF8.GetString(plain.Format(value)));
                Assert.Equal(asFloat, Encoding.UTF8.GetString(floats.Format(value)));
            }
        }
        foreach (int gid in new[] { 0, 7, 12, 99999, int.MaxValue, -3 })
        {
            Assert.Equal(((double)gid).ToString("R", CultureInfo.InvariantCulture) + ".0",
                Encoding.UTF8.GetString(text[..Utf8Numbers.Format(gid, text, asFloat: true)]));
        }
    }

    [Fact]
    public void ChunkedDataJsonHasTheBytesOfOneWriterInOrder()
    {
        var result = Large.Value;
        Assert.True(result.Cells.Count >= 2000 && result.Connections.Count > 20_000, $"{result.Connections.Count} connections");
        Assert.True(result.SpikeTimes.Length > 2 * 8192, $"{result.SpikeTimes.Length} spikes: the test needs several chunks of spike numbers");
        foreach (var include in new[] { new DataInclude(), new DataInclude { CellConns = false } })
        {
            using var chunked = new MemoryStream();
            NetPyneJsonWriter.Write(chunked, result, "Test", include);
            using var serial = new MemoryStream();
            NetPyneJsonWriter.WriteSerial(serial, result, "Test", include);
            Assert.True(serial.Length > 1 << 20, $"{serial.Length} bytes");
            Assert.Equal(serial.ToArray(), chunked.ToArray());
        }
    }

    [Fact]
    public void DataJsonNumbersAndArraysReadBackAsTheResult()
    {
        var result = Large.Value;
        using var stream = new MemoryStream();
        NetPyneJsonWriter.Write(stream, result, "Test");
        using var json = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var simData = json.RootElement.GetProperty("simData");
        var spkt = simData.GetProperty("spkt");
        var spkid = simData.GetProperty("spkid");
        Assert.Equal(result.SpikeTimes.Length, spkt.GetArrayLength());
        int i = 0;
        foreach (var (t, gid) in spkt.EnumerateArray().Zip(spkid.EnumerateArray()))
        {
            Assert.Equal(result.SpikeTimes[i], t.GetDouble());
            // Gids as Python floats, "12.0".
            Assert.Equal(((double)result.SpikeGids[i]).ToString("R", CultureInfo.InvariantCulture) + ".0", gid.GetRawText());
            i++;
        }
        var cells = json.RootElement.GetProperty("net").GetProperty("cells");
        Assert.Equal(result.Cells.Count, cells.GetArrayLength());
        int connections = 0;
        int c = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            Assert.Equal(result.Cells[c].Gid, cell.GetProperty("gid").GetInt32());
            Assert.Equal(result.Cells[c].X, cell.GetProperty("tags").GetProperty("x").GetDouble());
            foreach (var conn in cell.GetProperty("conns").EnumerateArray())
            {
                if (conn.GetProperty("preGid").ValueKind == System.Text.Json.JsonValueKind.Number) connections++;
            }
            c++;
        }
        Assert.Equal(result.Connections.Count, connections);
    }

    [Fact]
    public void SpikesCsvHasTheBytesOfToStringRRows()
    {
        var result = Large.Value;
        var expected = new StringBuilder(SpikesCsvWriter.Header).Append('\n');
        for (int i = 0; i < result.SpikeTimes.Length; i++)
        {
            int gid = result.SpikeGids[i];
            string population = result.Populations.First(p => p.Contains(gid)).Name;
            expected.Append(result.SpikeTimes[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(gid.ToString(CultureInfo.InvariantCulture)).Append(',').Append(population).Append('\n');
        }
        using var stream = new MemoryStream();
        SpikesCsvWriter.Write(stream, result);
        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), stream.ToArray());
        using var text = new StringWriter();
        SpikesCsvWriter.Write(text, result);
        Assert.Equal(expected.ToString(), text.ToString());
    }

    [Fact]
    public void StatisticsAreCountedOncePerResult()
    {
        var result = Large.Value;
        Assert.Same(NetworkStatistics.Of(result), NetworkStatistics.Of(result));
        Assert.Equal(result.Connections.Count, NetworkStatistics.Of(result).CellConnections);
    }
}
