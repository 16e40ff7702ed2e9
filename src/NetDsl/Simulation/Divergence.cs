using System.Numerics;
using NetDsl.Kernels.Membrane;

namespace NetDsl.Simulation;

/// <summary>
/// What both engines do when their per-step (exact) or per-window (fast) sum of the state stops being finite:
/// name the first cell and variable that is not, so that no NaN is ever written silently.
/// </summary>
internal static class Divergence
{
    /// <param name="firstGid">The gid of cell 0 of the arrays (one rank's cells start there).</param>
    public static SimulationDivergedException Find<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> u, DensityMechanisms? mechanisms, DensityState?[] states, double time, int firstGid)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (!T.IsFinite(v[i])) return new SimulationDivergedException(firstGid + i, "v", time);
            if (!T.IsFinite(u[i])) return new SimulationDivergedException(firstGid + i, "u", time);
        }
        for (int m = 0; m < states.Length; m++)
        {
            foreach (string variable in mechanisms!.All[m].Info.Recordables)
            {
                if (states[m]?.Recordable(variable) is not { } values) continue;
                for (int i = 0; i < values.Length; i++)
                {
                    if (!double.IsFinite(values[i])) return new SimulationDivergedException(firstGid + i, variable, time);
                }
            }
        }
        return new SimulationDivergedException(firstGid, "v", time);
    }
}
