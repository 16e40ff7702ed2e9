using System.Numerics;
using NetDsl.Simulation;

namespace NetDsl.Kernels.Fast;

/// <summary>
/// Exp2Syn A and B (ExpSyn: its g as B, A unused and 0) decay by a constant factor per step (keep = exp(-dt/tau)). The fast engine stores them relative
/// to the start of an epoch of <see cref="Steps"/> steps: a stored value S stands for S * keep^j at step j of the
/// epoch, an event adds w * keep^-j, and at the end of the epoch every stored value is multiplied by keep^Steps
/// once. The kernel then only reads the synapse state instead of writing it back every step (a store per value
/// per step is what limits the kernel). Epochs are short enough that keep^-j stays below 2^20 in either precision.
/// </summary>
internal sealed class SynapseEpochs<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Longest epoch: a rescaling pass every 256 steps costs little next to the 256 kernel passes.</summary>
    public const int MaxSteps = 256;
    private const double MaxGrowth = 1 << 20;

    private readonly T[] _decay;
    private readonly T[] _growth;

    /// <summary>Factors per step of the epoch, laid out as the state holds a cell's kinds: keepA, keepB per kind slot.</summary>
    public int Width { get; }

    /// <summary>Steps per epoch (at least 1).</summary>
    public int Steps { get; }

    public SynapseEpochs(CompiledNetwork net, int kindStride)
    {
        int kinds = net.KindE.Length;
        Width = 2 * kindStride;
        Steps = MaxSteps;
        for (int k = 0; k < kinds; k++)
        {
            Steps = Math.Min(Steps, StepsFor(1.0 - net.KindDecayA[k]));
            Steps = Math.Min(Steps, StepsFor(1.0 - net.KindDecayB[k]));
        }
        _decay = new T[(Steps + 1) * Width];
        _growth = new T[Steps * Width];
        for (int k = 0; k < kinds; k++)
        {
            for (int ab = 0; ab < 2; ab++)
            {
                double keep = 1.0 - (ab == 0 ? net.KindDecayA[k] : net.KindDecayB[k]);
                double power = 1.0;
                for (int j = 0; j <= Steps; j++)
                {
                    _decay[j * Width + 2 * k + ab] = T.CreateTruncating(power);
                    // An ExpSyn kind keeps its g as B: events never add to its A, which stays 0.
                    bool unused = ab == 0 && !net.KindEventsAddToA[k];
                    if (j < Steps) _growth[j * Width + 2 * k + ab] = unused ? T.Zero : T.CreateTruncating(1.0 / power);
                    power *= keep;
                }
            }
        }
    }

    /// <summary>The longest epoch over which 1 / keep^j stays below <see cref="MaxGrowth"/>.</summary>
    private static int StepsFor(double keep)
    {
        if (!(keep > 0)) return 1;
        if (keep >= 1) return MaxSteps;
        return (int)Math.Clamp(Math.Floor(Math.Log(MaxGrowth) / -Math.Log(keep)), 1, MaxSteps);
    }

    /// <summary>keep^j per kind slot (A, B): what the stored values are multiplied by at step j of the epoch (0..Steps).</summary>
    public ReadOnlySpan<T> Decay(int j) => _decay.AsSpan(j * Width, Width);

    /// <summary>keep^-j per kind slot (A, B): what an event's increment is multiplied by at step j of the epoch (0..Steps - 1).</summary>
    public ReadOnlySpan<T> Growth(int j) => _growth.AsSpan(j * Width, Width);
}
