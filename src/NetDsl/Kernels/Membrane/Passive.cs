using NetDsl.Catalog;

namespace NetDsl.Kernels.Membrane;

/// <summary>NEURON's built-in pas (passive.mod): i = g·(v − e) in mA/cm², no state.</summary>
internal sealed class Passive(int cellCount) : DensityMechanism(MechanismCatalog.Pas, cellCount)
{
    public const string MechanismName = "pas";

    private readonly double[] _g = new double[cellCount], _e = new double[cellCount];

    protected override void StoreParameters(int gid, ReadOnlySpan<double> parameters)
    {
        _g[gid] = parameters[0];
        _e[gid] = parameters[1];
    }

    /// <summary>pas's _nrn_current.</summary>
    private static double Current(double v, double g, double e)
    {
        double current = 0.0;
        current += g * (v - e);
        return current;
    }

    public override void AddCurrents(DensityState? state, ReadOnlySpan<int> cells, double[] v, double[] rhs, double[] diag)
    {
        foreach (int i in cells)
        {
            double plus = Current(v[i] + 0.001, _g[i], _e[i]);
            double now = Current(v[i], _g[i], _e[i]);
            rhs[i] -= now;
            diag[i] += (plus - now) / 0.001;
        }
    }

    public override void AddClosedFormCurrents(DensityState? state, ReadOnlySpan<int> cells, double[] v, double[] rhs, double[] diag)
    {
        foreach (int i in cells)
        {
            rhs[i] -= _g[i] * (v[i] - _e[i]);
            diag[i] += _g[i];
        }
    }
}
