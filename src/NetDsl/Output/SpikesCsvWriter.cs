using System.Globalization;
using NetDsl.Simulation;

namespace NetDsl.Output;

/// <summary>Spikes as CSV: one row per spike, sorted by (time, gid), times at full precision.</summary>
public static class SpikesCsvWriter
{
    public const string Header = "time_ms,gid,pop";

    public static void Write(TextWriter writer, SimulationResult result)
    {
        writer.Write(Header);
        writer.Write('\n');
        var populationOfGid = PopulationLookup.ByGid(result);
        for (int i = 0; i < result.SpikeTimes.Length; i++)
        {
            int gid = result.SpikeGids[i];
            writer.Write(result.SpikeTimes[i].ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(gid.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(populationOfGid(gid));
            writer.Write('\n');
        }
    }

    public static void WriteFile(string path, SimulationResult result) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(writer, result);
        });
}

/// <summary>Maps gids to population names.</summary>
public static class PopulationLookup
{
    public static Func<int, string> ByGid(SimulationResult result)
    {
        var populations = result.Populations;
        return gid =>
        {
            foreach (var population in populations)
            {
                if (population.Contains(gid)) return population.Name;
            }
            return "";
        };
    }

    /// <summary>Index of the population holding <paramref name="gid"/>, or -1.</summary>
    public static int IndexOf(IReadOnlyList<PopulationInfo> populations, int gid)
    {
        for (int i = 0; i < populations.Count; i++)
        {
            if (populations[i].Contains(gid)) return i;
        }
        return -1;
    }
}
