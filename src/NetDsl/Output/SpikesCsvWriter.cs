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
        using var bytes = new MemoryStream();
        Write(bytes, result);
        writer.Write(new System.Text.UTF8Encoding(false).GetString(bytes.GetBuffer(), 0, (int)bytes.Length));
    }

    /// <summary>
    /// Writes the CSV as UTF-8 (no byte-order mark): rows are formatted straight into a pooled buffer, numbers as
    /// <c>ToString("R")</c> writes them, so a large run costs no string per number.
    /// </summary>
    public static void Write(Stream stream, SimulationResult result)
    {
        var encoding = new System.Text.UTF8Encoding(false);
        var names = PopulationLookup.Utf8Names(result, out var populationOfGid);
        // Spikes of one step share their time: each distinct time is formatted once.
        var cache = new Utf8NumberCache(asFloat: false);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int length = encoding.GetBytes(Header + "\n", buffer);
            var times = result.SpikeTimes;
            var gids = result.SpikeGids;
            for (int i = 0; i < times.Length; i++)
            {
                int gid = gids[i];
                byte[] name = (uint)gid < (uint)populationOfGid.Length && populationOfGid[gid] >= 0 ? names[populationOfGid[gid]] : [];
                int row = Utf8Numbers.MaxDoubleLength + Utf8Numbers.MaxIntLength + name.Length + 3;
                if (buffer.Length - length < row)
                {
                    stream.Write(buffer, 0, length);
                    length = 0;
                    if (buffer.Length < row)
                    {
                        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                        buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(row);
                    }
                }
                var span = buffer.AsSpan(length);
                var time = cache.Format(times[i]);
                time.CopyTo(span);
                int n = time.Length;
                span[n++] = (byte)',';
                n += Utf8Numbers.Format(gid, span[n..]);
                span[n++] = (byte)',';
                name.CopyTo(span[n..]);
                n += name.Length;
                span[n++] = (byte)'\n';
                length += n;
            }
            stream.Write(buffer, 0, length);
            if (result.Partial) stream.Write(encoding.GetBytes(PartialLine(result) + "\n"));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void WriteFile(string path, SimulationResult result) => AtomicFile.Write(path, stream => Write(stream, result));
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

    /// <summary>
    /// The populations' names as UTF-8 and, per gid up to the last population's end, the index of the first population
    /// holding it (-1 for none): one array read per row instead of a search through the populations.
    /// </summary>
    internal static byte[][] Utf8Names(SimulationResult result, out int[] populationOfGid)
    {
        var populations = result.Populations;
        var names = new byte[populations.Count][];
        int end = 0;
        for (int p = 0; p < populations.Count; p++)
        {
            names[p] = System.Text.Encoding.UTF8.GetBytes(populations[p].Name);
            end = Math.Max(end, populations[p].EndGid);
        }
        populationOfGid = new int[end];
        populationOfGid.AsSpan().Fill(-1);
        // The first population holding a gid names it, as ByGid finds it: filled last to first.
        for (int p = populations.Count - 1; p >= 0; p--)
        {
            int first = Math.Max(0, populations[p].FirstGid);
            if (populations[p].EndGid > first) populationOfGid.AsSpan(first, populations[p].EndGid - first).Fill(p);
        }
        return names;
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
