using System.Runtime.CompilerServices;
using NetDsl.Kernels.Membrane;

namespace NetDsl.Kernels.Plasticity;

/// <summary>
/// The traces of every pair-based STDP connection of a run and its two updates (docs/plasticity.md, "pairSTDP"):
/// a postsynaptic spike potentiates by the presynaptic trace, a presynaptic arrival depresses by the postsynaptic
/// trace, by NEST's stdp_synapse updates (written for the weight itself, not the weight normalized by Wmax, so that a
/// zero step leaves it unchanged to the bit). The pairSTDP mod file
/// (tests/NetDsl.Benchmarks/reference-neuron/pairstdp.mod) performs the same operations in the same order.
/// </summary>
/// <remarks>
/// A trace is kept as the time of its last spike and its value just before that spike's own +1 (the earlier spikes'
/// contributions decayed to that time): the trace of the spikes strictly before t is then that value at t equal to the
/// last spike, and (value + 1)·exp((last - t)/tau) after it. So a pre arrival and a post spike at the same time never
/// count as a pair, whichever is handled first.
/// </remarks>
internal sealed class PairStdpStates
{
    /// <summary>The net_send flag of the self event that handles a presynaptic arrival after the post spikes of its time.</summary>
    public const sbyte PreArrivalFlag = 1;

    /// <summary>The plastic weights (shared with the other rules' states, indexed by plastic connection).</summary>
    private readonly double[] _weight;

    /// <summary>Per connection: the last presynaptic arrival and postsynaptic spike (-inf: none yet).</summary>
    public readonly double[] LastPre, LastPost;
    /// <summary>Per connection: the pre and post traces just before the last spike's own increment.</summary>
    public readonly double[] PreTraceBefore, PostTraceBefore;

    public PairStdpStates(double[] weight)
    {
        _weight = weight;
        int count = weight.Length;
        LastPre = new double[count]; LastPost = new double[count];
        PreTraceBefore = new double[count]; PostTraceBefore = new double[count];
        Initialize();
    }

    /// <summary>No spike yet: both traces 0 (the weights are set by their owner).</summary>
    public void Initialize()
    {
        Array.Fill(LastPre, double.NegativeInfinity);
        Array.Fill(LastPost, double.NegativeInfinity);
        Array.Clear(PreTraceBefore);
        Array.Clear(PostTraceBefore);
    }

    /// <summary>
    /// A presynaptic spike arriving at connection <paramref name="i"/> at <paramref name="t"/> (spike time + delay):
    /// depression by the post spikes strictly before t, then its own increment of the pre trace. The synaptic event
    /// it delivers carries the weight after this depression.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PreArrival(int i, PairStdpParameters p, double t)
    {
        double kMinus = TraceBefore(LastPost[i], PostTraceBefore[i], t, p.TauMinus);
        if (kMinus > 0.0) _weight[i] = Depress(p, _weight[i], kMinus);
        PreTraceBefore[i] = TraceBefore(LastPre[i], PreTraceBefore[i], t, p.TauPlus);
        LastPre[i] = t;
    }

    /// <summary>
    /// A postsynaptic spike of connection <paramref name="i"/>'s cell at <paramref name="t"/>: potentiation by the pre
    /// arrivals strictly before t, then its own increment of the post trace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PostSpike(int i, PairStdpParameters p, double t)
    {
        double kPlus = TraceBefore(LastPre[i], PreTraceBefore[i], t, p.TauPlus);
        if (kPlus > 0.0) _weight[i] = Facilitate(p, _weight[i], kPlus);
        PostTraceBefore[i] = TraceBefore(LastPost[i], PostTraceBefore[i], t, p.TauMinus);
        LastPost[i] = t;
    }

    /// <summary>Sum of exp(-(t - s)/tau) over the spikes s strictly before t (exp is NEURON's hoc_Exp: 0 below -700).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TraceBefore(double last, double before, double t, double tau) =>
        t == last ? before : (before + 1.0) * HodgkinHuxley.HocExp((last - t) / tau);

    /// <summary>Potentiation: w + lambda Wmax (1 - w/Wmax)^mu_plus k, at most Wmax (NEST's facilitate_, not normalized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Facilitate(PairStdpParameters p, double w, double kPlus)
    {
        double potentiated = w + p.Lambda * p.WMax * Math.Pow(1.0 - w / p.WMax, p.MuPlus) * kPlus;
        return potentiated < p.WMax ? potentiated : p.WMax;
    }

    /// <summary>Depression: w - alpha lambda Wmax (w/Wmax)^mu_minus k, at least 0 (NEST's depress_, not normalized).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Depress(PairStdpParameters p, double w, double kMinus)
    {
        double depressed = w - p.Alpha * p.Lambda * p.WMax * Math.Pow(w / p.WMax, p.MuMinus) * kMinus;
        return depressed > 0.0 ? depressed : 0.0;
    }
}
