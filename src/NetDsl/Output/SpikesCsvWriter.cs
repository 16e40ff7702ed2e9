using System.Globalization;
using NetDsl.Simulation;

namespace NetDsl.Output;

/// <summary>
/// Spikes as CSV: one row per spike, sorted by (time, gid), times at full precision. A partial run ends with one
/// comment line (<see cref="PartialLine"/>), after the rows, so readers that take the first line as the header still
/// do and those that skip <c>#</c> comments (pandas' <c>comment='#'</c>, numpy's loadtxt and genfromtxt) skip it.
/// </summary>
public static class SpikesCsvWriter
{
    public const string Header = "time_ms,gid,pop";

    /// <summary>The last line of the CSV of a partial run: <c># partial run: stopped at 400 of 1000 ms</c>.</summary>
    public static string PartialLine(SimulationResult result) =>
        string.Format(CultureInfo.InvariantCulture, "# partial run: stopped at {0:0.###} of {1:0.###} ms",
            result.SimulatedTime, result.Definition.Simulation.Duration);

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
        if (result.Partial)
        {
            writer.Write(PartialLine(result));
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
