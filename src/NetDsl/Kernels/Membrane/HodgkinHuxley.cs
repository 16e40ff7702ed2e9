using System.Runtime.CompilerServices;
using NetDsl.Catalog;

namespace NetDsl.Kernels.Membrane;

/// <summary>
/// NEURON's built-in <c>hh</c> density mechanism with the operations of the C code nocmodl writes for hh.mod: the
/// rate functions (with <c>vtrap</c> and the q10 of <c>celsius</c>), the rate table hh keeps by default
/// (<c>usetable_hh = 1</c>: 201 points from -100 to 100 mV, linear interpolation), the currents at v + 0.001 and v
/// for the finite-difference conductance, and cnexp's exponential update of m, h and n. Currents are in mA/cm2,
/// conductances in S/cm2.
/// </summary>
internal sealed class HodgkinHuxley : DensityMechanism
{
    public const string MechanismName = "hh";

    private readonly double[] _gnabar, _gkbar, _gl, _el;
    private readonly RateTable _rates;

    public HodgkinHuxley(int cellCount, double celsius) : base(MechanismCatalog.Hh, cellCount)
    {
        _gnabar = new double[cellCount]; _gkbar = new double[cellCount]; _gl = new double[cellCount]; _el = new double[cellCount];
        _rates = new RateTable(celsius);
    }

    protected override void StoreParameters(int gid, ReadOnlySpan<double> parameters)
    {
        _gnabar[gid] = parameters[0]; _gkbar[gid] = parameters[1]; _gl[gid] = parameters[2]; _el[gid] = parameters[3];
    }

    /// <summary>m, h and n per gid.</summary>
    private sealed class Gates(int cellCount) : DensityState
    {
        public readonly double[] M = new double[cellCount], H = new double[cellCount], N = new double[cellCount];

        public override double[]? Recordable(string name) => name switch
        {
            "m" => M,
            "h" => H,
            "n" => N,
            _ => null,
        };
    }

    public override DensityState CreateState(int cellCount) => new Gates(cellCount);

    /// <summary>hh's INITIAL: rates(v) through its table, then m = minf, h = hinf, n = ninf.</summary>
    public override void Initialize(DensityState? state, ReadOnlySpan<int> cells, double[] v)
    {
        var gates = (Gates)state!;
        foreach (int i in cells)
        {
            var rates = _rates.Lookup(v[i]);
            gates.M[i] = rates.MInf; gates.H[i] = rates.HInf; gates.N[i] = rates.NInf;
        }
    }

    public override void AddCurrents(DensityState? state, ReadOnlySpan<int> cells, double[] v, double[] rhs, double[] diag)
    {
        var gates = (Gates)state!;
        foreach (int i in cells)
        {
            double m = gates.M[i], h = gates.H[i], n = gates.N[i];
            double plus = Current(v[i] + 0.001, m, h, n, _gnabar[i], _gkbar[i], _gl[i], _el[i]);
            double now = Current(v[i], m, h, n, _gnabar[i], _gkbar[i], _gl[i], _el[i]);
            rhs[i] -= now;
            diag[i] += (plus - now) / 0.001;
        }
    }

    /// <summary>The currents are linear in v with the gates held: the slope is gna + gk + gl.</summary>
    public override void AddClosedFormCurrents(DensityState? state, ReadOnlySpan<int> cells, double[] v, double[] rhs, double[] diag)
    {
        var gates = (Gates)state!;
        foreach (int i in cells)
        {
            double m = gates.M[i], n = gates.N[i];
            double gna = _gnabar[i] * m * m * m * gates.H[i];
            double gk = _gkbar[i] * n * n * n * n;
            rhs[i] -= gna * (v[i] - Ena) + gk * (v[i] - Ek) + _gl[i] * (v[i] - _el[i]);
            diag[i] += gna + gk + _gl[i];
        }
    }

    /// <summary>nrn_state: rates(v) at the new voltage through the table, then cnexp's update of m, h and n.</summary>
    public override void Advance(DensityState? state, ReadOnlySpan<int> cells, double[] v, double dt)
    {
        var gates = (Gates)state!;
        foreach (int i in cells)
        {
            var rates = _rates.Lookup(v[i]);
            gates.M[i] = AdvanceGate(gates.M[i], rates.MInf, rates.MTau, dt);
            gates.H[i] = AdvanceGate(gates.H[i], rates.HInf, rates.HTau, dt);
            gates.N[i] = AdvanceGate(gates.N[i], rates.NInf, rates.NTau, dt);
        }
    }

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
        public GateRates Lookup(double v)
        {
            double xi = _factor * (v - TableMin);
            if (double.IsNaN(xi)) return new GateRates(xi, xi, xi, xi, xi, xi);
            var t = _values;
            if (xi <= 0.0) return GateRates.At(t, 0);
            if (xi >= TableIntervals) return GateRates.At(t, TableIntervals * Width);
            int i = (int)xi;
            double theta = xi - i;
            int a = i * Width, b = a + Width;
            return new GateRates(
                t[a] + theta * (t[b] - t[a]),
                t[a + 1] + theta * (t[b + 1] - t[a + 1]),
                t[a + 2] + theta * (t[b + 2] - t[a + 2]),
                t[a + 3] + theta * (t[b + 3] - t[a + 3]),
                t[a + 4] + theta * (t[b + 4] - t[a + 4]),
                t[a + 5] + theta * (t[b + 5] - t[a + 5]));
        }
    }

    /// <summary>Steady states and time constants (ms) of m, h and n at one voltage.</summary>
    public readonly record struct GateRates(double MInf, double MTau, double HInf, double HTau, double NInf, double NTau)
    {
        public static GateRates At(double[] table, int offset) =>
            new(table[offset], table[offset + 1], table[offset + 2], table[offset + 3], table[offset + 4], table[offset + 5]);

        public void CopyTo(double[] table, int offset)
        {
            table[offset] = MInf; table[offset + 1] = MTau; table[offset + 2] = HInf;
            table[offset + 3] = HTau; table[offset + 4] = NInf; table[offset + 5] = NTau;
        }
    }

    /// <summary>hh.mod's PROCEDURE rates(v), computed directly (_f_rates).</summary>
    public static void Rates(double v, double celsius, out GateRates gates)
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
        gates = new GateRates(minf, mtau, hinf, htau, ninf, ntau);
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

    /// <summary>cnexp's update of one gate over dt: x + (1 - exp(dt * (-1/tau))) * (-(inf/tau) / (-1/tau) - x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AdvanceGate(double x, double inf, double tau, double dt)
    {
        double rate = -1.0 / tau;
        return x + (1.0 - HocExp(dt * rate)) * (-(inf / tau) / rate - x);
    }
}

