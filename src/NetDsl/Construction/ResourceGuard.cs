using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// Limits checked before anything large is allocated, so that a model too big for the engine or the machine
/// stops with the statement and the number at fault instead of an overflow, an out-of-memory crash or a hang.
/// </summary>
internal static class ResourceGuard
{
    /// <summary>Steps of one run: beyond this the run would take days on any machine (and t's accumulation loses meaning).</summary>
    public const long MaxSteps = 1L << 34;

    /// <summary>Steps the event queue spans (one bucket per step up to the longest delay).</summary>
    public const long MaxQueueSteps = 1L << 20;

    /// <summary>Rough bytes per cell of the built network and the engine's state, and per connection.</summary>
    private const double BytesPerCell = 1024, BytesPerConnection = 32;

    /// <summary>What the process may use: the smallest of the machine's memory and the limits set on the process.</summary>
    public static long AvailableBytes => MemoryLimit.Current().Bytes;

    public static void CheckRunLength(SimulationSettings sim)
    {
        double steps = sim.Duration / sim.Dt;
        if (steps > MaxSteps)
            throw NetworkBuilder.Invalid("duration", $"Simulation: duration {NetworkBuilder.Num(sim.Duration)} ms is {steps:0.###e0} steps of dt = {NetworkBuilder.Num(sim.Dt)} ms; a run takes at most {MaxSteps:N0} steps: shorten the duration or use a larger dt.");
    }

    /// <summary>The population sizes add up to a gid range the engine can index, and to cells the machine can hold.</summary>
    public static void CheckCells(IReadOnlyList<int> counts)
    {
        long total = 0;
        foreach (int count in counts) total += Math.Max(0, count);
        if (total > int.MaxValue)
            throw NetworkBuilder.Invalid("numCells", $"The populations have {total:N0} cells together; a network has at most {int.MaxValue:N0}.");
        CheckMemory(total * BytesPerCell, $"{total:N0} cells", "numCells", "fewer cells");
    }

    /// <summary>A rule's connections, estimated from its kind and set sizes before any is drawn.</summary>
    /// <summary>Pairs an all-pairs probability expression may evaluate (about a minute of work); beyond it a cutoff is needed.</summary>
    public const double MaxEvaluatedPairs = 2e9;

    public static void CheckConnections(ConnectionDefinition rule, int pre, int post, long existing)
    {
        if (rule.Rule == ConnectionRuleKind.Probability && !rule.RuleSpec.IsConstant && rule.Within is null && (double)pre * post > MaxEvaluatedPairs)
            throw NetworkBuilder.Invalid("probability", $"Connection '{rule.Label}': the probability expression would be evaluated for {(double)pre * post:0.###e0} pairs ({pre:N0} pre × {post:N0} post cells, NetPyNE's all-pairs rule); give the rule a cutoff, e.g. within=300um, so only nearby pairs are considered.");
        double expected = rule.Rule switch
        {
            ConnectionRuleKind.Full => (double)pre * post,
            ConnectionRuleKind.Probability or ConnectionRuleKind.FastProbability => rule.RuleValue * pre * post,
            ConnectionRuleKind.Convergence => rule.RuleValue * post,
            ConnectionRuleKind.Divergence => rule.RuleValue * pre,
            _ => rule.Pairs?.Count ?? 0,
        };
        if (expected + existing > int.MaxValue)
            throw NetworkBuilder.Invalid("connections", $"Connection '{rule.Label}': about {expected:0.###e0} connections ({pre:N0} pre × {post:N0} post cells); a network holds at most {int.MaxValue:N0}.");
        CheckMemory((expected + existing) * BytesPerConnection, $"about {expected + existing:0.###e0} connections (connection '{rule.Label}': {pre:N0} pre × {post:N0} post cells)", "connections", "a smaller probability or fewer cells");
    }

    /// <summary>The event queue spans the longest delay in steps of dt.</summary>
    public static void CheckDelay(double maxDelay, double dt, string where)
    {
        double steps = Math.Ceiling(maxDelay / dt);
        if (steps > MaxQueueSteps)
            throw NetworkBuilder.Invalid("delay", $"{where}: a delay of {NetworkBuilder.Num(maxDelay)} ms is {steps:0.###e0} steps of dt = {NetworkBuilder.Num(dt)} ms; the event queue spans at most {MaxQueueSteps:N0} steps ({NetworkBuilder.Num(MaxQueueSteps * dt)} ms at this dt): shorten the delay or use a larger dt.");
    }

    /// <summary>Recorded traces are held in memory until the run ends.</summary>
    public static void CheckSamples(double samples, int traces, string record)
    {
        CheckMemory(samples * traces * 8.0, $"{samples:0.###e0} samples of {traces:N0} traces ({record})", "recordStep", "a larger recordStep or fewer recorded cells");
    }

    /// <summary>
    /// A NetStim's events over the run, which both engines keep (their times are part of the result): per target cell
    /// at most an array's length, all of them within memory. Returns the events this target adds.
    /// </summary>
    public static double CheckNetStimEvents(NetStimSource source, double duration, int cells, double existing)
    {
        double perCell = EventsPerCell(source, duration);
        double added = perCell * cells;
        CheckMemory((existing + added) * 16, $"about {existing + added:0.###e0} stimulus events (stim source '{source.Name}': {perCell:0.###e0} per cell, {cells:N0} cells)", "rate", "a lower rate, fewer target cells or a shorter run");
        return added;
    }

    /// <summary>The same for a source whose parameters each target cell got on its own (one source per cell).</summary>
    public static double CheckNetStimEvents(IReadOnlyList<StimSourceDefinition> perCell, double duration, double existing)
    {
        double added = 0;
        foreach (var source in perCell) added += EventsPerCell((NetStimSource)source, duration);
        string name = perCell.Count > 0 ? perCell[0].Name : string.Empty;
        CheckMemory((existing + added) * 16, $"about {existing + added:0.###e0} stimulus events (stim source '{name}': {added:0.###e0} on {perCell.Count:N0} cells)", "rate", "a lower rate, fewer target cells or a shorter run");
        return added;
    }

    /// <summary>NetStim events one cell gets in the run (at most its number), checked against the longest array.</summary>
    private static double EventsPerCell(NetStimSource source, double duration)
    {
        double interval = source.Rate is { } rate ? 1e3 / rate : source.Interval ?? double.PositiveInfinity;
        double perCell = Math.Min(source.Number, Math.Max(0, (duration - source.Start) / interval) + 1);
        if (perCell > Array.MaxLength)
            throw NetworkBuilder.Invalid("rate", $"Stim source '{source.Name}': about {perCell:0.###e0} events per cell in {NetworkBuilder.Num(duration)} ms; at most {Array.MaxLength:N0}: use a lower rate or a shorter run.");
        return perCell;
    }

    /// <summary>The fast engine keeps the time of every step of the run (and a count per step for its stimuli).</summary>
    public static void CheckStepTables(long steps)
    {
        CheckMemory(steps * 16.0, $"{steps:N0} steps of the fast engine's time and stimulus tables", "duration", "a shorter run or precision=exact");
    }

    /// <summary>The share of the memory limit a network may fill; the rest is the runtime's, the compiler's and the outputs'.</summary>
    private const double NetworkShare = 0.8;

    private static void CheckMemory(double bytes, string what, string parameter, string fix)
    {
        var limit = MemoryLimit.Current();
        if (bytes > NetworkShare * limit.Bytes)
            throw NetworkBuilder.Invalid(parameter, $"{char.ToUpperInvariant(what[0])}{what[1..]} need about {Gib(bytes)} GiB; {limit.Describe()}, of which a network may take {(NetworkShare * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture)}%: use {fix}.");
    }

    internal static string Gib(double bytes) => (bytes / (1 << 30)).ToString(bytes < 1 << 30 ? "0.##" : "0.#", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The memory this process may use and what sets it. The GC reports the machine's memory, or a container's limit it
/// finds itself (cgroup v1 and v2); the cgroup files are read here too, for every level of the process's cgroup path,
/// in case a parent's limit is the smaller. An address-space limit (<c>prlimit --as</c>, <c>ulimit -v</c>) the GC
/// does not count: it then reserves its heap range as half the limit (<c>GCRegionRange</c>), of which arrays of many
/// sizes use about <see cref="UsableShareOfRegionRange"/> before an allocation fails.
/// </summary>
internal readonly record struct MemoryLimit(long Bytes, string Source)
{
    /// <summary>The share of the GC's region range large arrays can fill under an address-space limit (measured: 56–60 %).</summary>
    public const double UsableShareOfRegionRange = 0.5;

    /// <summary>Above this a cgroup's or rlimit's number means "no limit" (cgroup v1 writes 2^63 rounded to a page).</summary>
    private const long Unlimited = 1L << 60;

    public string Describe() => Source == "machine"
        ? $"this machine has {Gib(Bytes)} GiB"
        : $"this process may use about {Gib(Bytes)} GiB ({Source})";

    private static string Gib(long bytes) => ResourceGuard.Gib(bytes);

    public static MemoryLimit Current()
    {
        var limit = new MemoryLimit(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "machine");
        if (CgroupLimit() is { } cgroup && cgroup.Bytes < limit.Bytes) limit = cgroup;
        if (AddressSpaceLimit() is { } space && space.Bytes < limit.Bytes) limit = space;
        return limit;
    }

    /// <summary>The smallest memory limit of the process's cgroup and its parents (v2 memory.max, v1 memory.limit_in_bytes).</summary>
    internal static MemoryLimit? CgroupLimit()
    {
        if (!OperatingSystem.IsLinux()) return null;
        MemoryLimit? smallest = null;
        try
        {
            foreach (string line in File.ReadAllLines("/proc/self/cgroup"))
            {
                // "0::/path" (v2) or "4:memory:/path" (v1).
                var parts = line.Split(':', 3);
                if (parts.Length != 3) continue;
                bool v2 = parts[0] == "0" && parts[1].Length == 0;
                bool v1 = parts[1].Split(',').Contains("memory");
                if (!v2 && !v1) continue;
                string root = v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
                string file = v2 ? "memory.max" : "memory.limit_in_bytes";
                // Inside a container the path may name the host's hierarchy; its own root is then where the files are.
                for (string path = parts[2].TrimEnd('/'); ; path = path[..Math.Max(0, path.LastIndexOf('/'))])
                {
                    if (ReadLimit(Path.Combine(root + path, file)) is long bytes && (smallest is null || bytes < smallest.Value.Bytes))
                        smallest = new MemoryLimit(bytes, $"cgroup {(v2 ? "memory.max" : "memory.limit_in_bytes")} of {(path.Length == 0 ? "/" : path)}");
                    if (path.Length == 0) break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return smallest;
    }

    private static long? ReadLimit(string file)
    {
        try
        {
            if (!File.Exists(file)) return null;
            string text = File.ReadAllText(file).Trim();
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long bytes) && bytes > 0 && bytes < Unlimited ? bytes : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What the GC heap can hold under an address-space limit (RLIMIT_AS), from the range the GC reserved for it.</summary>
    internal static MemoryLimit? AddressSpaceLimit()
    {
        if (!OperatingSystem.IsLinux()) return null;
        long? soft = null;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max address space", StringComparison.Ordinal)) continue;
                var fields = line["Max address space".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 0 && long.TryParse(fields[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long bytes) && bytes < Unlimited) soft = bytes;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        if (soft is not long limit) return null;
        long range = GC.GetConfigurationVariables().TryGetValue("GCRegionRange", out object? value) && value is IConvertible convertible
            ? convertible.ToInt64(System.Globalization.CultureInfo.InvariantCulture)
            : limit / 2;
        if (range <= 0) range = limit / 2;
        long heap = (long)(UsableShareOfRegionRange * Math.Min(range, limit));
        return new MemoryLimit(heap, $"an address-space limit of {Gib(limit)} GiB; the GC heap fits in {Gib(range)} GiB of it");
    }
}
