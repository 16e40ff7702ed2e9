using System.Text.Json;
using NetDsl.TestSupport;

namespace NetDsl.Tests;

/// <summary>Reads tests/reference/&lt;case&gt;/*.json (plain or gzip-compressed, through <see cref="ReferenceFiles"/>).</summary>
public static class ReferenceData
{
    public static string CaseDirectory(string name) => ReferenceFiles.CaseDirectory(name);

    public static JsonElement Load(string name, string file)
    {
        using var doc = ReferenceFiles.OpenJson(name, file);
        return doc.RootElement.Clone();
    }

    /// <summary>spikes.json: [[t, gid], ...].</summary>
    public static (double[] Times, int[] Gids) Spikes(string name)
    {
        var spikes = ReferenceFiles.Spikes(name);
        return (spikes.Select(s => s.Time).ToArray(), spikes.Select(s => s.Gid).ToArray());
    }

    public sealed record FullTrace(double[] T, double[] V, double[] U, double[] SpikeTimes, double[] ResetTimes);

    public static FullTrace TraceFull(string name)
    {
        var root = Load(name, "trace_full.json");
        var cell = root.GetProperty("cells").GetProperty("0");
        return new FullTrace(Doubles(root.GetProperty("t")), Doubles(cell.GetProperty("v")), Doubles(cell.GetProperty("u")),
            Doubles(cell.GetProperty("netpyne_spike_times_ms")), Doubles(cell.GetProperty("izhi_net_event_times_ms")));
    }

    public sealed record HhTrace(double[] T, double[] V, double[] M, double[] H, double[] N, double[] SpikeTimes);

    /// <summary>trace_full.json of a Hodgkin-Huxley cell: t, v, m, h, n at every step.</summary>
    public static HhTrace HhTraceFull(string name)
    {
        var root = Load(name, "trace_full.json");
        var cell = root.GetProperty("cells").GetProperty("0");
        return new HhTrace(Doubles(root.GetProperty("t")), Doubles(cell.GetProperty("v")), Doubles(cell.GetProperty("m")),
            Doubles(cell.GetProperty("h")), Doubles(cell.GetProperty("n")), Doubles(cell.GetProperty("netpyne_spike_times_ms")));
    }

    public static double[] Doubles(JsonElement array)
    {
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray()) values[i++] = item.GetDouble();
        return values;
    }
}
