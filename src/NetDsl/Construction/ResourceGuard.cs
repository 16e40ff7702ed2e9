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

    /// <summary>What the process may use: the GC's view of the machine (or container) memory.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

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
        if (rule.Rule == ConnectionRuleKind.Probability && rule.RuleValueSpec is { IsConstant: false } && rule.Within is null && (double)pre * post > MaxEvaluatedPairs)
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
        double interval = source.Rate is { } rate ? 1e3 / rate : source.Interval ?? double.PositiveInfinity;
        double perCell = Math.Min(source.Number, Math.Max(0, (duration - source.Start) / interval) + 1);
        if (perCell > Array.MaxLength)
            throw NetworkBuilder.Invalid("rate", $"Stim source '{source.Name}': about {perCell:0.###e0} events per cell in {NetworkBuilder.Num(duration)} ms; at most {Array.MaxLength:N0}: use a lower rate or a shorter run.");
        double added = perCell * cells;
        CheckMemory((existing + added) * 16, $"about {existing + added:0.###e0} stimulus events (stim source '{source.Name}': {perCell:0.###e0} per cell, {cells:N0} cells)", "rate", "a lower rate, fewer target cells or a shorter run");
        return added;
    }

    /// <summary>The fast engine keeps the time of every step of the run (and a count per step for its stimuli).</summary>
    public static void CheckStepTables(long steps)
    {
        CheckMemory(steps * 16.0, $"{steps:N0} steps of the fast engine's time and stimulus tables", "duration", "a shorter run or precision=exact");
    }

    private static void CheckMemory(double bytes, string what, string parameter, string fix)
    {
        long available = AvailableBytes;
        if (bytes > 0.8 * available)
            throw NetworkBuilder.Invalid(parameter, $"{char.ToUpperInvariant(what[0])}{what[1..]} need about {bytes / (1 << 30):0.#} GiB; this machine has {available / (double)(1 << 30):0.#} GiB: use {fix}.");
    }
}
