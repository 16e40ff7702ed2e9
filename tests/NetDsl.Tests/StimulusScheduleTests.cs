using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// <see cref="StimulusSchedule.Build"/> sorts the events of many sources by the step they are due, a long range in
/// two passes (by block of steps, then by step): the result must be the plain stable sort (within a step, source
/// order, then time order), with every event up to the limit recorded, whatever the blocks. The fast engine's
/// <see cref="StimulusChunks"/>, drawn chunk after chunk, must give the same order and record the same events.
/// </summary>
public class StimulusScheduleTests
{
    private const double Dt = 0.025;

    private static EventSource NetStim(int gid, double interval, double start, double delay) => new()
    {
        Gid = gid, Slot = 0, Increment = 1, Delay = delay, IsNetStim = true,
        Interval = interval, Noise = 0.5, Start = start, Number = 1e9, Seed = 1,
    };

    private static EventSource VecStim(int gid, double delay, double[] times) => new() { Gid = gid, Slot = 0, Increment = 1, Delay = delay, Times = times };

    /// <summary>NetStims at several rates and delays, and VecStims with several events in one step and events before and after the range.</summary>
    private static EventSource[] Sources()
    {
        var sources = new List<EventSource>();
        for (int i = 0; i < 40; i++) sources.Add(NetStim(i, interval: 2 + i % 7, start: i % 5, delay: 1 + i % 3));
        sources.Add(VecStim(40, 0.5, [0.0, 0.01, 0.012, 0.0125, 0.0126, 100, 100, 100.0125, 2000, 2999.9, 5000]));
        sources.Add(VecStim(41, 5, []));
        sources.Add(VecStim(42, 2, [3, 3, 3, 1000, 1000.001, 4999]));
        return [.. sources];
    }

    /// <summary>The schedule as a list of (step, source, time), and what each source recorded.</summary>
    private static (List<(long Step, int Source, double Time)> Events, List<double>[] Recorded) Schedule(
        EventSource[] sources, double[] times, long first, long length, double limit)
    {
        var streams = sources.Select(s => new StimulusEvents(s)).ToArray();
        var recorded = sources.Select(_ => new List<double>()).ToArray();
        int[] indices = [.. Enumerable.Range(0, sources.Length)];
        var schedule = StimulusSchedule.Build(streams, indices, recorded, limit, first, length,
            (te, s) => TimeGrid.DeliveryStep(te + sources[s].Delay, times, 0, 0, Dt));
        var events = new List<(long, int, double)>();
        for (long k = 0; k < length; k++)
        {
            for (int e = schedule.Start[k]; e < schedule.Start[k + 1]; e++) events.Add((first + k, schedule.Source[e], schedule.Time[e]));
        }
        Assert.Equal(events.Count, schedule.Source.Length);
        return (events, recorded);
    }

    /// <summary>Every event drawn to the limit, stably sorted by its step; those outside the range left out.</summary>
    private static (List<(long Step, int Source, double Time)> Events, List<double>[] Recorded) Reference(
        EventSource[] sources, double[] times, long first, long length, double limit)
    {
        var all = new List<(long Step, int Source, double Time)>();
        var recorded = sources.Select(_ => new List<double>()).ToArray();
        for (int s = 0; s < sources.Length; s++)
        {
            var stream = new StimulusEvents(sources[s]);
            while (stream.TryTake(limit, out double te))
            {
                recorded[s].Add(te);
                long step = TimeGrid.DeliveryStep(te + sources[s].Delay, times, 0, 0, Dt);
                if (step >= first && step < first + length) all.Add((step, s, te));
            }
        }
        return ([.. all.OrderBy(e => e.Step)], recorded);
    }

    [Theory]
    [InlineData(0, 60_000)]      // one pass (65,536 steps or fewer)
    [InlineData(0, 200_000)]     // four blocks, the last one shorter
    [InlineData(0, 500_000)]     // eight blocks
    [InlineData(5_000, 140_000)] // a range that starts later and ends before the limit
    public void BlocksGiveThePlainStableSort(long first, long length)
    {
        var sources = Sources();
        var times = TimeGrid.Times(510_000, Dt);
        double limit = times[first + length - 1] + 0.5 * Dt + 50;
        var (events, recorded) = Schedule(sources, times, first, length, limit);
        var (expected, expectedRecorded) = Reference(sources, times, first, length, limit);
        Assert.True(expected.Count > 10_000, $"{expected.Count} events");
        Assert.Equal(expected, events);
        for (int s = 0; s < sources.Length; s++) Assert.Equal(expectedRecorded[s], recorded[s]);
    }

    /// <summary>
    /// The fast engine's chunks, one after the other, up to step <paramref name="upTo"/>: (step, source) of every
    /// event delivered. <paramref name="atStep"/> runs at every step delivered (a thread drawing ahead between).
    /// </summary>
    private static List<(long Step, int Source)> Chunks(StimulusChunks chunks, long upTo, Action<long>? atStep = null)
    {
        var events = new List<(long, int)>();
        while (chunks.End < upTo)
        {
            chunks.Advance(chunks.End);
            for (long k = chunks.First; k < chunks.End; k++)
            {
                atStep?.Invoke(k);
                for (int e = chunks.Start[(int)(k - chunks.First)]; e < chunks.Start[(int)(k - chunks.First) + 1]; e++)
                {
                    Assert.Equal(TargetOf(chunks.Source[e]), chunks.Target[e]);
                    events.Add((k, chunks.Source[e]));
                }
            }
        }
        return events;
    }

    /// <summary>The target each test source's events carry (any value the engine gives; distinct per source here).</summary>
    private static int TargetOf(int source) => 1_000 + 7 * source;

    /// <summary>Chunks of every source, their buffers and records sized far too small (they must grow).</summary>
    private static StimulusChunks NewChunks(EventSource[] sources, double[] times, long steps) =>
        new([.. sources.Select(s => new StimulusEvents(s))], [.. Enumerable.Range(0, sources.Length)], [.. Enumerable.Range(0, sources.Length).Select(TargetOf)],
            [.. sources.Select(s => s.Delay)],
            expectedEvents: 0, times, Dt, steps, expectedPerChunk: 1);

    private static List<double>[] Recorded(StimulusChunks chunks, int sources)
    {
        var recorded = Enumerable.Range(0, sources).Select(_ => new List<double> { -1 }).ToArray();
        chunks.CopyRecorded(recorded);
        return recorded;
    }

    [Theory]
    [InlineData(10_500)] // ten whole chunks and a shorter one
    [InlineData(1_024)]  // one chunk that reaches the end
    [InlineData(700)]
    public void ChunksGiveTheWholeRunsScheduleAndRecordEveryEvent(long steps)
    {
        var sources = Sources();
        var times = TimeGrid.Times(steps + 4, Dt);
        var chunks = NewChunks(sources, times, steps);
        var events = Chunks(chunks, steps);
        var recorded = Recorded(chunks, sources.Length);
        var (expected, expectedRecorded) = Reference(sources, times, 0, steps, times[steps]);
        Assert.True(expected.Count > 100, $"{expected.Count} events");
        Assert.Equal(expected.Select(e => (e.Step, e.Source)), events);
        for (int s = 0; s < sources.Length; s++) Assert.Equal(expectedRecorded[s], recorded[s]);
    }

    /// <summary>
    /// The next chunk drawn ahead a few sources at a time between steps (every 200 steps: by the time it is due,
    /// complete for pieces of 7 and 1,000 sources, part drawn for pieces of 1) gives what drawing it when due gives.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    public void ChunksDrawnAheadInPiecesGiveTheSameScheduleAndRecord(int piece)
    {
        var sources = Sources();
        const long steps = 10_500;
        var times = TimeGrid.Times(steps + 4, Dt);
        var chunks = NewChunks(sources, times, steps);
        int drew = 0;
        var events = Chunks(chunks, steps, k =>
        {
            if (k % 200 == 0 && chunks.TryDrawAhead(piece)) drew++;
        });
        var (expected, expectedRecorded) = Reference(sources, times, 0, steps, times[steps]);
        // Drawn ahead during the first chunk (21 steps that are multiples of 200) and the second (20), not the last.
        int pieces = (sources.Length + piece - 1) / piece;
        Assert.Equal(Math.Min(pieces, 21) + Math.Min(pieces, 20), drew);
        Assert.False(chunks.TryDrawAhead(piece), "nothing is left after the last chunk");
        Assert.Equal(expected.Select(e => (e.Step, e.Source)), events);
        var recorded = Recorded(chunks, sources.Length);
        for (int s = 0; s < sources.Length; s++) Assert.Equal(expectedRecorded[s], recorded[s]);
    }

    /// <summary>Another thread drawing ahead as fast as it can while the chunks are delivered changes nothing either.</summary>
    [Fact]
    public async Task AThreadDrawingAheadMeanwhileChangesNothing()
    {
        var sources = Sources();
        const long steps = 30_000;
        var times = TimeGrid.Times(steps + 4, Dt);
        var chunks = NewChunks(sources, times, steps);
        using var done = new CancellationTokenSource();
        var helper = Task.Run(() =>
        {
            while (!done.IsCancellationRequested) chunks.TryDrawAhead(3);
        });
        var events = Chunks(chunks, steps);
        await done.CancelAsync();
        await helper;
        var (expected, expectedRecorded) = Reference(sources, times, 0, steps, times[steps]);
        Assert.Equal(expected.Select(e => (e.Step, e.Source)), events);
        var recorded = Recorded(chunks, sources.Length);
        for (int s = 0; s < sources.Length; s++) Assert.Equal(expectedRecorded[s], recorded[s]);
    }

    [Fact]
    public void ARunStoppedEarlyRecordsTheEventsUpToItsEnd()
    {
        var sources = Sources();
        const long steps = 10_500, stop = 3_000;
        var times = TimeGrid.Times(steps + 4, Dt);
        var chunks = NewChunks(sources, times, steps);
        Chunks(chunks, stop);
        chunks.RecordUpTo(times[stop]);
        var recorded = Recorded(chunks, sources.Length);
        var (_, expectedRecorded) = Reference(sources, times, 0, steps, times[steps]);
        // Events whose delivery falls after the last chunk drawn (a delay of 2 or 3 ms) are recorded too.
        for (int s = 0; s < sources.Length; s++)
            Assert.Equal(expectedRecorded[s].Where(t => t <= times[stop]), recorded[s].Where(t => t <= times[stop]));
    }
}
