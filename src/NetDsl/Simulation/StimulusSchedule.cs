namespace NetDsl.Simulation;

/// <summary>
/// The NetStim / VecStim events of a set of sources for steps [<see cref="First"/>, First + length), sorted by the
/// step each one is due at (stable: source order, then time order). Stimulus times do not depend on the network,
/// so both engines draw them ahead: the exact engine chunk by chunk, keyed by the step they are emitted at; the
/// fast engine for the whole run, keyed by the step they are delivered at.
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

    /// <summary>Per event: its time (ms), when the schedule keeps times; empty otherwise.</summary>
    public double[] Time { get; }

    /// <summary>
    /// Takes from each source's stream (<paramref name="streams"/>[i] is the stream of <paramref name="sources"/>[i])
    /// every event at or before
    /// <paramref name="limit"/>, records it in <paramref name="recorded"/>, and keeps those whose
    /// <paramref name="stepOf"/>(time, source) falls in the range.
    /// </summary>
    public static StimulusSchedule Build(StimulusEvents[] streams, ReadOnlySpan<int> sources, List<double>[] recorded, double limit,
        long first, long length, Func<double, int, long> stepOf, bool keepTimes, int expectedEvents = 0)
    {
        var steps = new List<int>(expectedEvents);
        var order = new List<int>(expectedEvents);
        var times = keepTimes ? new List<double>(expectedEvents) : null;
        var counts = new int[length + 1];
        for (int i = 0; i < sources.Length; i++)
        {
            int s = sources[i];
            while (streams[i].TryTake(limit, out double te))
            {
                recorded[s].Add(te);
                long step = stepOf(te, s);
                if (step < first || step - first >= length) continue;
                int local = (int)(step - first);
                steps.Add(local);
                order.Add(s);
                times?.Add(te);
                counts[local + 1]++;
            }
        }
        for (long k = 0; k < length; k++) counts[k + 1] += counts[k];
        var source = new int[steps.Count];
        var time = keepTimes ? new double[steps.Count] : [];
        var fill = (int[])counts.Clone();
        for (int e = 0; e < steps.Count; e++)
        {
            int at = fill[steps[e]]++;
            source[at] = order[e];
            if (times is not null) time[at] = times[e];
        }
        return new StimulusSchedule(first, counts, source, time);
    }
}
