using System.Runtime.CompilerServices;
using NetDsl.Kernels;

namespace NetDsl.Simulation;

/// <summary>The event times of one stimulus source in order: a NetStim's draws or a VecStim's list.</summary>
internal struct StimulusEvents
{
    private NetStimGenerator _netStim;
    private readonly double[]? _times;
    private int _cursor;

    public StimulusEvents(EventSource source)
    {
        if (source.IsNetStim) _netStim = new NetStimGenerator(source.Interval, source.Noise, source.Start, source.Number, source.Gid, source.Seed);
        else _times = source.Times;
        _cursor = 0;
    }

    /// <summary>Takes the next event if it comes at or before <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryTake(double limit, out double time)
    {
        if (!TryPeek(limit, out time)) return false;
        Skip();
        return true;
    }

    /// <summary>The next event's time if it comes at or before <paramref name="limit"/>, without taking it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool TryPeek(double limit, out double time)
    {
        if (_times is null)
        {
            time = _netStim.Peek;
            return time <= limit;
        }
        if (_cursor >= _times.Length || !(_times[_cursor] <= limit))
        {
            time = 0;
            return false;
        }
        time = _times[_cursor];
        return true;
    }

    /// <summary>Takes the event <see cref="TryPeek"/> returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip()
    {
        if (_times is null) _netStim.Take();
        else _cursor++;
    }
}
