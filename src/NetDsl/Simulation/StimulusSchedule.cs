using System.Runtime.InteropServices;

namespace NetDsl.Simulation;

/// <summary>
/// The NetStim / VecStim events of a set of sources for steps [<see cref="First"/>, First + length), sorted by the
/// step each one is due at (stable: source order, then time order), with their times. Stimulus times do not depend
/// on the network, so the exact engine draws them ahead chunk by chunk, keyed by the step they are emitted at (the
/// fast engine keys them by delivery step, <see cref="StimulusChunks"/>, in the same order).
/// </summary>
internal sealed class StimulusSchedule
{
    private StimulusSchedule(long first, int[] start, int[] source, double[] time)
    {
        First = first;
        Start = start;
        Source = source;
        Time = time;
    }

    public static StimulusSchedule Empty { get; } = new(0, [0], [], []);

    public long First { get; }

    /// <summary>Per step of the range plus an end entry: the step's events are [Start[k - First], Start[k - First + 1]).</summary>
    public int[] Start { get; }

    /// <summary>Per event: its source (index into <see cref="CompiledNetwork.Sources"/>).</summary>
    public int[] Source { get; }

    /// <summary>Per event: its time (ms).</summary>
    public double[] Time { get; }

    /// <summary>
    /// Takes from each source's stream (<paramref name="streams"/>[i] is the stream of <paramref name="sources"/>[i])
    /// every event at or before
    /// <paramref name="limit"/>, records it in <paramref name="recorded"/>, and keeps those whose
    /// <paramref name="stepOf"/>(time, source) falls in the range.
    /// </summary>
    /// <remarks>
    /// The events are drawn source by source (each stream and list of times stays in the caches while it is read)
    /// and sorted by step stably: within a step, source order, then time order. A long range is sorted in two
    /// passes, by block of <see cref="BlockSteps"/> steps and then by step within each block, so that the counts
    /// and the writes stay within the L2 cache; one pass over a long run's counts cost a cache miss or two per event.
    /// </remarks>
    public static StimulusSchedule Build(StimulusEvents[] streams, ReadOnlySpan<int> sources, List<double>[] recorded, double limit,
        long first, long length, Func<double, int, long> stepOf)
    {
        // (step - first) << 32 | source, in the order drawn.
        var drawn = new List<long>();
        var drawnTimes = new List<double>();
        for (int i = 0; i < sources.Length; i++)
        {
            int s = sources[i];
            while (streams[i].TryTake(limit, out double te))
            {
                recorded[s].Add(te);
                long step = stepOf(te, s);
                if (step < first || step - first >= length) continue;
                drawn.Add((step - first) << 32 | (uint)s);
                drawnTimes.Add(te);
            }
        }
        ReadOnlySpan<long> events = CollectionsMarshal.AsSpan(drawn);
        ReadOnlySpan<double> times = CollectionsMarshal.AsSpan(drawnTimes);
        if (length > BlockSteps)
        {
            var (byBlock, byBlockTimes) = SortByBlock(events, times, length);
            events = byBlock;
            times = byBlockTimes;
        }
        var start = new int[length + 1];
        var source = new int[events.Length];
        var time = new double[events.Length];
        var counts = new int[(int)Math.Min(length, BlockSteps) + 1];
        int from = 0;
        for (long firstStep = 0; firstStep < length; firstStep += BlockSteps)
        {
            // The block's events, [from, to), by step.
            int steps = (int)Math.Min(BlockSteps, length - firstStep);
            int to = from;
            while (to < events.Length && (events[to] >> 32) < firstStep + steps) to++;
            SortByStep(events, from, to, firstStep, steps, counts, start.AsSpan((int)firstStep), source, times, time);
            from = to;
        }
        start[length] = events.Length;
        return new StimulusSchedule(first, start, source, time);
    }

    /// <summary>
    /// Puts events [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="events"/> ((step − firstStep) &lt;&lt; 32 |
    /// source, steps in [0, <paramref name="steps"/>)) in step order, stably, at the same places of
    /// <paramref name="source"/>, and their <paramref name="times"/> of <paramref name="sortedTimes"/>:
    /// <paramref name="start"/>[k] becomes where the events of step firstStep + k begin. <paramref name="counts"/>
    /// holds at least steps + 1 entries.
    /// </summary>
    private static void SortByStep(ReadOnlySpan<long> events, int from, int to, long firstStep, int steps, Span<int> counts,
        Span<int> start, Span<int> source, ReadOnlySpan<double> times, Span<double> sortedTimes)
    {
        // counts[k] becomes where the events of step k begin.
        counts[..(steps + 1)].Clear();
        for (int e = from; e < to; e++) counts[(int)((events[e] >> 32) - firstStep) + 1]++;
        counts[0] = from;
        for (int k = 0; k < steps; k++) counts[k + 1] += counts[k];
        counts[..steps].CopyTo(start);
        for (int e = from; e < to; e++)
        {
            int at = counts[(int)((events[e] >> 32) - firstStep)]++;
            source[at] = (int)(uint)events[e];
            sortedTimes[at] = times[e];
        }
    }

    /// <summary>Steps sorted in one pass: their counts (4 bytes a step) stay within the L2 cache.</summary>
    private const long BlockSteps = 65_536;

    /// <summary>The events (and their times) stably sorted by block of <see cref="BlockSteps"/> steps.</summary>
    private static (long[] Events, double[] Times) SortByBlock(ReadOnlySpan<long> drawn, ReadOnlySpan<double> drawnTimes, long length)
    {
        int blocks = (int)((length + BlockSteps - 1) / BlockSteps);
        var fill = new int[blocks + 1];
        foreach (long e in drawn) fill[(int)((e >> 32) / BlockSteps) + 1]++;
        for (int b = 0; b < blocks; b++) fill[b + 1] += fill[b];
        var events = new long[drawn.Length];
        var times = new double[drawn.Length];
        for (int e = 0; e < drawn.Length; e++)
        {
            int at = fill[(int)((drawn[e] >> 32) / BlockSteps)]++;
            events[at] = drawn[e];
            times[at] = drawnTimes[e];
        }
        return (events, times);
    }
}
