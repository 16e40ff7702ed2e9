using System.Text.Json;

namespace NetDsl.Tests;

/// <summary>Reads ../shared/reference/&lt;case&gt;/*.json (found by walking up from the test binaries to NetDsl.sln).</summary>
public static class ReferenceData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetDsl.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("NetDsl.sln not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference"));
    });

    public static string CaseDirectory(string name) => Path.Combine(Root.Value, name);

    public static JsonElement Load(string name, string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CaseDirectory(name), file)));
        return doc.RootElement.Clone();
    }

    /// <summary>spikes.json: [[t, gid], ...].</summary>
    public static (double[] Times, int[] Gids) Spikes(string name)
    {
        var root = Load(name, "spikes.json");
        var times = new List<double>(); var gids = new List<int>();
        foreach (var row in root.EnumerateArray())
        {
            times.Add(row[0].GetDouble());
            gids.Add((int)row[1].GetDouble());
        }
        return (times.ToArray(), gids.ToArray());
    }

    public sealed record FullTrace(double[] T, double[] V, double[] U, double[] SpikeTimes, double[] ResetTimes);

    public static FullTrace TraceFull(string name)
    {
        var root = Load(name, "trace_full.json");
        var cell = root.GetProperty("cells").GetProperty("0");
        return new FullTrace(Doubles(root.GetProperty("t")), Doubles(cell.GetProperty("v")), Doubles(cell.GetProperty("u")),
            Doubles(cell.GetProperty("netpyne_spike_times_ms")), Doubles(cell.GetProperty("izhi_net_event_times_ms")));
    }

    public static double[] Doubles(JsonElement array)
    {
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray()) values[i++] = item.GetDouble();
        return values;
    }
}
