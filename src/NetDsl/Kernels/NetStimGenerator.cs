using System.Runtime.CompilerServices;
using NetDsl.Random;

namespace NetDsl.Kernels;

/// <summary>
/// NEURON 8.2 netstim.mod event times with NetPyNE's seeding: Random123(hashStr('NetStim'), gid, seed),
/// one negexp draw discarded, then each noisy interval = (1-noise)*mean + noise*mean*negexp(1).
/// </summary>
internal struct NetStimGenerator
{
    private Random123Stream _stream;
    private readonly double _interval;
    private readonly double _noise;
    private readonly double _number;
    private double _spikes;
    private double _next;

    public NetStimGenerator(double interval, double noise, double start, double number, int gid, int seed)
    {
        _interval = interval;
        _noise = noise;
        _number = number;
        _spikes = 0;
        _stream = new Random123Stream(NetPyneHash.NetStim, (uint)gid, (uint)seed);
        _stream.NegExp(1);
        _next = double.PositiveInfinity;
        if (start >= 0 && number > 0)
        {
            // INITIAL: first event at start + noise*interval*E, not earlier than 0.
            double first = start + Interval(interval) - interval * (1.0 - noise);
            if (first < 0) first = 0;
            _next = 0 + first;
        }
    }

    /// <summary>Time of the next event (+inf when the train is over).</summary>
    public readonly double Peek => _next;

    /// <summary>Consumes the next event and schedules the one after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Take()
    {
        double t = _next;
        _spikes += 1;
        _next = _spikes >= _number ? double.PositiveInfinity : t + Interval(_interval);
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Interval(double mean)
    {
        if (mean <= 0.0) mean = 0.01;
        if (_noise == 0) return mean;
        return (1.0 - _noise) * mean + _noise * mean * _stream.NegExp(1);
    }
}
