using System.Runtime.CompilerServices;
using NetDsl.Kernels.Membrane;

namespace NetDsl.Kernels.Plasticity;

/// <summary>
/// The state of every STDP mechanism of a run (one per plastic connection, stdp.mod's ASSIGNED variables that
/// outlive an event) and its NET_RECEIVE, reward_punish, softthreshold and adjustweight, written operation by
/// operation as nocmodl translates stdp.mod (exp is NEURON's hoc_Exp), so that weights are NEURON's to the bit.
/// </summary>
internal sealed class StdpStates
{
    /// <summary>The synaptic NetCons' weights (what stdp.mod's POINTER synweight points at).</summary>
    public readonly double[] Weight;
    public readonly double[] TLastPre, TLastPost, TLastHebbElig, TLastAntiElig, Interval;

    public StdpStates(int count)
    {
        Weight = new double[count];
        TLastPre = new double[count]; TLastPost = new double[count];
        TLastHebbElig = new double[count]; TLastAntiElig = new double[count];
        Interval = new double[count];
    }

    /// <summary>INITIAL: no spike and no eligibility yet (-1), interval 0; the weights back to their initial values.</summary>
    public void Initialize(ReadOnlySpan<double> initialWeight)
    {
        initialWeight.CopyTo(Weight);
        Array.Fill(TLastPre, -1.0);
        Array.Fill(TLastPost, -1.0);
        Array.Fill(TLastHebbElig, -1.0);
        Array.Fill(TLastAntiElig, -1.0);
        Array.Clear(Interval);
    }

    /// <summary>What a NET_RECEIVE did besides its state changes.</summary>
    public enum Outcome : byte
    {
        /// <summary>Nothing to schedule, weight unchanged or changed (see the weight).</summary>
        None,
        /// <summary>net_send(1, 1): an anti-Hebbian update 1 ms later.</summary>
        SendAntiHebbian,
        /// <summary>net_send(1, -1): a Hebbian update 1 ms later.</summary>
        SendHebbian,
    }

    /// <summary>
    /// stdp.mod's NET_RECEIVE(w) of mechanism <paramref name="i"/> at time <paramref name="t"/> with
    /// <paramref name="flag"/> (0 for a NetCon event, ±1 for its own net_send events) and <paramref name="w"/> the
    /// weight of the NetCon that delivered it (for a self event, of the NetCon whose event scheduled it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Outcome Receive(int i, StdpParameters p, double t, double flag, double w)
    {
        bool skip = false;
        if (flag == -1.0 && TLastPre[i] != t - 1.0)
        {
            // Hebbian update (scheduled 1 ms after a post spike that followed a pre spike): interval as last set.
            skip = true;
            double deltaw = p.HebbWt * HodgkinHuxley.HocExp(-Interval[i] / p.TauHebb);
            if (p.SoftThresh == 1.0) deltaw = SoftThreshold(p, Weight[i], deltaw);
            Weight[i] = AdjustWeight(p, Weight[i], deltaw);
        }
        else if (flag == 1.0 && TLastPost[i] != t - 1.0)
        {
            skip = true;
            double deltaw = p.AntiWt * HodgkinHuxley.HocExp(Interval[i] / p.TauAnti);
            if (p.SoftThresh == 1.0) deltaw = SoftThreshold(p, Weight[i], deltaw);
            Weight[i] = AdjustWeight(p, Weight[i], deltaw);
        }
        if (skip) return Outcome.None;
        var outcome = Outcome.None;
        if (w >= 0.0)
        {
            // A presynaptic spike: anti-Hebbian if a post spike came more than 1 ms before.
            double interval = TLastPost[i] - t;
            Interval[i] = interval;
            if (TLastPost[i] > -1.0 && -interval > 1.0)
            {
                if (p.StdpOn == 1.0) outcome = Outcome.SendAntiHebbian;
                if (p.RLOn == 1.0 && -interval <= p.RLWindAnti) TLastAntiElig[i] = t;
            }
            TLastPre[i] = t;
        }
        else
        {
            // A postsynaptic spike: Hebbian if a pre spike came more than 1 ms before.
            double interval = t - TLastPre[i];
            Interval[i] = interval;
            if (TLastPre[i] > -1.0 && interval > 1.0)
            {
                if (p.StdpOn == 1.0) outcome = Outcome.SendHebbian;
                if (p.RLOn == 1.0 && interval <= p.RLWindHebb) TLastHebbElig[i] = t;
            }
            TLastPost[i] = t;
        }
        return outcome;
    }

    /// <summary>PROCEDURE reward_punish(reinf) of mechanism <paramref name="i"/> at time <paramref name="t"/>.</summary>
    public void RewardPunish(int i, StdpParameters p, double t, double reinforcement)
    {
        if (p.RLOn != 1.0) return;
        double deltaw = 0.0;
        deltaw = deltaw + reinforcement * HebbRL(p, t, TLastHebbElig[i]);
        deltaw = deltaw + reinforcement * AntiRL(p, t, TLastAntiElig[i]);
        if (p.SoftThresh == 1.0) deltaw = SoftThreshold(p, Weight[i], deltaw);
        Weight[i] = AdjustWeight(p, Weight[i], deltaw);
    }

    /// <summary>FUNCTION hebbRL(): the Hebbian eligibility at t.</summary>
    public static double HebbRL(StdpParameters p, double t, double tLastHebbElig)
    {
        if (p.RLOn == 0.0 || tLastHebbElig < 0.0) return 0.0;
        if (p.UseRLExp == 0.0) return t - tLastHebbElig <= p.RLLenHebb ? p.RLHebbWt : 0.0;
        return p.RLHebbWt * HodgkinHuxley.HocExp((tLastHebbElig - t) / p.RLLenHebb);
    }

    /// <summary>FUNCTION antiRL(): the anti-Hebbian eligibility at t.</summary>
    public static double AntiRL(StdpParameters p, double t, double tLastAntiElig)
    {
        if (p.RLOn == 0.0 || tLastAntiElig < 0.0) return 0.0;
        if (p.UseRLExp == 0.0) return t - tLastAntiElig <= p.RLLenAnti ? p.RLAntiWt : 0.0;
        return p.RLAntiWt * HodgkinHuxley.HocExp((tLastAntiElig - t) / p.RLLenAnti);
    }

    /// <summary>FUNCTION softthreshold(rawwc): increases scaled by 1 - w/wmax, decreases by w/wmax.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SoftThreshold(StdpParameters p, double synweight, double rawwc) =>
        rawwc >= 0.0 ? rawwc * (1.0 - synweight / p.WMax) : rawwc * synweight / p.WMax;

    /// <summary>PROCEDURE adjustweight(wc): add, then clip to wmax, then to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AdjustWeight(StdpParameters p, double synweight, double wc)
    {
        synweight = synweight + wc;
        if (synweight > p.WMax) synweight = p.WMax;
        if (synweight < 0.0) synweight = 0.0;
        return synweight;
    }
}
