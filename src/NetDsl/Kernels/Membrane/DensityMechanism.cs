using NetDsl.Catalog;

namespace NetDsl.Kernels.Membrane;

/// <summary>
/// A density mechanism of the soma (NetPyNE's <c>secs.soma.mechs</c>) as a kernel: its parameters for the cells
/// that have it, its current terms (NEURON's finite-difference ones for the exact engine, a closed form for the
/// fast engine) and its state update. Engines call each method once per mechanism and partition for a list of
/// cells, never per cell, and know nothing of a mechanism beyond this class: adding one is a catalog entry, a
/// subclass and a line in <see cref="DensityMechanisms.Create"/>.
/// </summary>
internal abstract class DensityMechanism
{
    protected DensityMechanism(MechanismInfo info, int cellCount)
    {
        Info = info;
        Has = new bool[cellCount];
        // NEURON sums a node's currents by mechanism type; the built-in density mechanisms registered before the
        // point processes (pas) come before IClamp and the synapses, the others (hh) after them.
        BeforePointProcesses = Array.IndexOf(MechanismCatalog.All, info) < Array.IndexOf(MechanismCatalog.All, MechanismCatalog.IClamp);
    }

    public MechanismInfo Info { get; }

    /// <summary>Per gid: the cell has this mechanism.</summary>
    public bool[] Has { get; }

    /// <summary>Whether its current is summed before the node's point processes (IClamp, synapses).</summary>
    public bool BeforePointProcesses { get; }

    /// <summary>Stores a cell's parameter values, in the catalog's order.</summary>
    public void Store(int gid, ReadOnlySpan<double> parameters)
    {
        Has[gid] = true;
        StoreParameters(gid, parameters);
    }

    protected abstract void StoreParameters(int gid, ReadOnlySpan<double> parameters);

    /// <summary>The state of one engine run (null for a mechanism without state).</summary>
    public virtual DensityState? CreateState(int cellCount) => null;

    /// <summary>INITIAL at v (per gid).</summary>
    public virtual void Initialize(DensityState? state, ReadOnlySpan<int> cells, double[] v)
    {
    }

    /// <summary>
    /// The exact engine's terms at the half step: for each cell, rhs −= i(v) and diag += (i(v + 0.001) − i(v)) / 0.001
    /// (mA/cm², NEURON's nrn_cur), with the cell's v (per gid) and its rhs and diag (per gid).
    /// </summary>
    public abstract void AddCurrents(DensityState? state, ReadOnlySpan<int> cells, double[] v, double[] rhs, double[] diag);

    /// <summary>The fast engine's terms: rhs −= i(v) and diag += di/dv computed directly.</summary>
    public abstract void AddClosedFormCurrents(DensityState? state, ReadOnlySpan<int> cells, double[] v, double[] rhs, double[] diag);

    /// <summary>nrn_state: the states over dt with the new v (per gid).</summary>
    public virtual void Advance(DensityState? state, ReadOnlySpan<int> cells, double[] v, double dt)
    {
    }
}

/// <summary>What a density mechanism keeps per run: per-cell arrays of its state variables, by catalog name.</summary>
internal abstract class DensityState
{
    /// <summary>The per-cell values of a recordable variable (one of the catalog entry's Recordables), or null.</summary>
    public abstract double[]? Recordable(string name);
}

/// <summary>The density mechanisms of a network, in NEURON's type order, with the engine-side helpers.</summary>
internal sealed class DensityMechanisms
{
    public DensityMechanisms(IEnumerable<MechanismInfo> used, int cellCount, double celsius)
    {
        var list = new List<DensityMechanism>();
        foreach (var info in MechanismCatalog.All)
        {
            if (used.Contains(info)) list.Add(Create(info, cellCount, celsius));
        }
        All = list.ToArray();
    }

    /// <summary>The kernel of a catalog entry.</summary>
    private static DensityMechanism Create(MechanismInfo info, int cellCount, double celsius) => info.Name switch
    {
        HodgkinHuxley.MechanismName => new HodgkinHuxley(cellCount, celsius),
        Passive.MechanismName => new Passive(cellCount),
        _ => throw new NotSupportedException($"No kernel for the density mechanism '{info.Name}'."),
    };

    /// <summary>In NEURON's type order.</summary>
    public DensityMechanism[] All { get; }

    public DensityMechanism? Find(string name) => All.FirstOrDefault(m => m.Info.Name == name);

    /// <summary>Per mechanism, the cells of [from, to) that have it (ascending).</summary>
    public int[][] CellsIn(int from, int to)
    {
        var cells = new int[All.Length][];
        for (int m = 0; m < All.Length; m++)
        {
            var list = new List<int>();
            for (int i = from; i < to; i++)
            {
                if (All[m].Has[i]) list.Add(i);
            }
            cells[m] = list.ToArray();
        }
        return cells;
    }

    public DensityState?[] CreateStates(int cellCount) => All.Select(m => m.CreateState(cellCount)).ToArray();

    /// <summary>The per-cell values of a recordable variable of any mechanism (m, h, n of hh), or null.</summary>
    public static double[]? Recordable(DensityState?[] states, string name)
    {
        foreach (var state in states)
        {
            if (state?.Recordable(name) is { } values) return values;
        }
        return null;
    }
}
