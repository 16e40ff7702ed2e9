using System.Runtime.CompilerServices;

namespace NetDsl.Kernels;

/// <summary>
/// NEURON's built-in <c>hh</c> and <c>pas</c> density mechanisms on a one-segment soma, with the operations of the
/// C code nocmodl writes for hh.mod and passive.mod: the rate functions (with <c>vtrap</c> and the q10 of
/// <c>celsius</c>), the rate table hh keeps by default (<c>usetable_hh = 1</c>: 201 points from -100 to 100 mV,
/// linear interpolation), the currents at v + 0.001 and v for the finite-difference conductance, and cnexp's
/// exponential update of m, h and n. Currents are in mA/cm2, conductances in S/cm2.
/// </summary>
internal static class HodgkinHuxley
{
    public const string MechanismName = "hh";
    public const string PassiveName = "pas";

    /// <summary>NEURON's default reversal potentials (na_ion ena0, k_ion ek0), which hh reads.</summary>
    public const double Ena = 50.0, Ek = -77.0;

    private const double TableMin = -100.0, TableMax = 100.0;
    private const int TableIntervals = 200;

    /// <summary>Entries per table point: minf, mtau, hinf, htau, ninf, ntau.</summary>
    private const int Width = 6;

    /// <summary>hh's TABLE for one temperature, built as _check_rates builds it.</summary>
    public sealed class RateTable
    {
        private readonly double[] _values = new double[(TableIntervals + 1) * Width];
        private readonly double _factor;

        public RateTable(double celsius)
        {
            Celsius = celsius;
            double dx = (TableMax - TableMin) / TableIntervals;
            _factor = 1.0 / dx;
            double x = TableMin;
            for (int i = 0; i <= TableIntervals; i++, x += dx)
            {
                Rates(x, celsius, out var gates);
                gates.CopyTo(_values, i * Width);
            }
        }

        public double Celsius { get; }

        /// <summary>rates(v) through the table (_n_rates).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Gates Lookup(double v)
        {
            double xi = _factor * (v - TableMin);
            if (double.IsNaN(xi)) return new Gates(xi, xi, xi, xi, xi, xi);
            var t = _values;
            if (xi <= 0.0) return Gates.At(t, 0);
            if (xi >= TableIntervals) return Gates.At(t, TableIntervals * Width);
            int i = (int)xi;
            double theta = xi - i;
            int a = i * Width, b = a + Width;
            return new Gates(
                t[a] + theta * (t[b] - t[a]),
                t[a + 1] + theta * (t[b + 1] - t[a + 1]),
                t[a + 2] + theta * (t[b + 2] - t[a + 2]),
                t[a + 3] + theta * (t[b + 3] - t[a + 3]),
                t[a + 4] + theta * (t[b + 4] - t[a + 4]),
                t[a + 5] + theta * (t[b + 5] - t[a + 5]));
        }
    }

    /// <summary>Steady states and time constants (ms) of m, h and n at one voltage.</summary>
    public readonly record struct Gates(double MInf, double MTau, double HInf, double HTau, double NInf, double NTau)
    {
        public static Gates At(double[] table, int offset) =>
            new(table[offset], table[offset + 1], table[offset + 2], table[offset + 3], table[offset + 4], table[offset + 5]);

        public void CopyTo(double[] table, int offset)
        {
            table[offset] = MInf; table[offset + 1] = MTau; table[offset + 2] = HInf;
            table[offset + 3] = HTau; table[offset + 4] = NInf; table[offset + 5] = NTau;
        }
    }

    /// <summary>hh.mod's PROCEDURE rates(v), computed directly (_f_rates).</summary>
    public static void Rates(double v, double celsius, out Gates gates)
    {
        double q10 = Math.Pow(3.0, (celsius - 6.3) / 10.0);
        // "m" sodium activation
        double alpha = .1 * Vtrap(-(v + 40.0), 10.0);
        double beta = 4.0 * HocExp(-(v + 65.0) / 18.0);
        double sum = alpha + beta;
        double mtau = 1.0 / (q10 * sum);
        double minf = alpha / sum;
        // "h" sodium inactivation
        alpha = .07 * HocExp(-(v + 65.0) / 20.0);
        beta = 1.0 / (HocExp(-(v + 35.0) / 10.0) + 1.0);
        sum = alpha + beta;
        double htau = 1.0 / (q10 * sum);
        double hinf = alpha / sum;
        // "n" potassium activation
        alpha = .01 * Vtrap(-(v + 55.0), 10.0);
        beta = .125 * HocExp(-(v + 65.0) / 80.0);
        sum = alpha + beta;
        double ntau = 1.0 / (q10 * sum);
        double ninf = alpha / sum;
        gates = new Gates(minf, mtau, hinf, htau, ninf, ntau);
    }

    /// <summary>x / (exp(x/y) - 1), with its limit near x = 0.</summary>
    private static double Vtrap(double x, double y) =>
        Math.Abs(x / y) < 1e-6 ? y * (1.0 - x / y / 2.0) : x / (HocExp(x / y) - 1.0);

    /// <summary>NEURON's hoc_Exp, which mod files call for exp: 0 below -700, capped at exp(700) above 700.</summary>
    public static double HocExp(double x) => x < -700.0 ? 0.0 : Math.Exp(x > 700.0 ? 700.0 : x);

    /// <summary>hh's _nrn_current: ina + ik + il (mA/cm2) at v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Current(double v, double m, double h, double n, double gnabar, double gkbar, double gl, double el)
    {
        double gna = gnabar * m * m * m * h;
        double ina = gna * (v - Ena);
        double gk = gkbar * n * n * n * n;
        double ik = gk * (v - Ek);
        double il = gl * (v - el);
        double current = 0.0;
        current += ina;
        current += ik;
        current += il;
        return current;
    }

    /// <summary>pas's _nrn_current: g (v - e).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PassiveCurrent(double v, double g, double e)
    {
        double current = 0.0;
        current += g * (v - e);
        return current;
    }

    /// <summary>cnexp's update of one gate over dt: x + (1 - exp(dt * (-1/tau))) * (-(inf/tau) / (-1/tau) - x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Advance(double x, double inf, double tau, double dt)
    {
        double rate = -1.0 / tau;
        return x + (1.0 - HocExp(dt * rate)) * (-(inf / tau) / rate - x);
    }
}

/// <summary>Parameters of the hh and pas mechanisms, per gid (zero for cells that lack the mechanism).</summary>
internal sealed class MembraneCells
{
    public required bool[] HasHh { get; init; }
    public required double[] GnaBar { get; init; }
    public required double[] GkBar { get; init; }
    public required double[] Gl { get; init; }
    public required double[] El { get; init; }
    public required bool[] HasPas { get; init; }
    public required double[] PasG { get; init; }
    public required double[] PasE { get; init; }
    /// <summary>hh's rate table at the run's temperature.</summary>
    public required HodgkinHuxley.RateTable Rates { get; init; }

    /// <summary>pas's current (mA/cm2) and NEURON's finite-difference slope at v, added to the node's rhs and diagonal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddPassive(int i, double v, ref double rhs, ref double diag)
    {
        if (!HasPas[i]) return;
        double plus = HodgkinHuxley.PassiveCurrent(v + 0.001, PasG[i], PasE[i]);
        double now = HodgkinHuxley.PassiveCurrent(v, PasG[i], PasE[i]);
        rhs -= now;
        diag += (plus - now) / 0.001;
    }

    /// <summary>hh's ina + ik + il (mA/cm2) and NEURON's finite-difference slope at v with the gates held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddChannels(int i, double v, MembraneGates gates, ref double rhs, ref double diag)
    {
        if (!HasHh[i]) return;
        double m = gates.M[i], h = gates.H[i], n = gates.N[i];
        double plus = HodgkinHuxley.Current(v + 0.001, m, h, n, GnaBar[i], GkBar[i], Gl[i], El[i]);
        double now = HodgkinHuxley.Current(v, m, h, n, GnaBar[i], GkBar[i], Gl[i], El[i]);
        rhs -= now;
        diag += (plus - now) / 0.001;
    }

    /// <summary>
    /// The same currents for the fast engine: one evaluation at v, the slope in closed form (gna + gk + gl, g_pas;
    /// the currents are linear in v with the gates held).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddClosedForm(int i, double v, MembraneGates gates, ref double rhs, ref double diag)
    {
        if (HasPas[i])
        {
            rhs -= PasG[i] * (v - PasE[i]);
            diag += PasG[i];
        }
        if (HasHh[i])
        {
            double m = gates.M[i], n = gates.N[i];
            double gna = GnaBar[i] * m * m * m * gates.H[i];
            double gk = GkBar[i] * n * n * n * n;
            rhs -= gna * (v - HodgkinHuxley.Ena) + gk * (v - HodgkinHuxley.Ek) + Gl[i] * (v - El[i]);
            diag += gna + gk + Gl[i];
        }
    }
}

/// <summary>hh's gates m, h, n per gid (one set per engine run).</summary>
internal sealed class MembraneGates
{
    public MembraneGates(int cells)
    {
        M = new double[cells];
        H = new double[cells];
        N = new double[cells];
    }

    public double[] M { get; }
    public double[] H { get; }
    public double[] N { get; }

    /// <summary>hh's INITIAL: rates(v) through its table, then m = minf, h = hinf, n = ninf.</summary>
    public void Initialize(MembraneCells cells, int i, double v)
    {
        if (!cells.HasHh[i]) return;
        var rates = cells.Rates.Lookup(v);
        M[i] = rates.MInf; H[i] = rates.HInf; N[i] = rates.NInf;
    }

    /// <summary>nrn_state: rates(v) at the new voltage, then cnexp's update of m, h and n over dt.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(MembraneCells cells, int i, double v, double dt)
    {
        if (!cells.HasHh[i]) return;
        var rates = cells.Rates.Lookup(v);
        M[i] = HodgkinHuxley.Advance(M[i], rates.MInf, rates.MTau, dt);
        H[i] = HodgkinHuxley.Advance(H[i], rates.HInf, rates.HTau, dt);
        N[i] = HodgkinHuxley.Advance(N[i], rates.NInf, rates.NTau, dt);
    }
}
