namespace NetDsl.Kernels.Simd;

/// <summary>
/// Consecutive cells whose per-step work is the same, so that four of them can be integrated in one vector:
/// linear recovery (celltype &lt; 5), no IClamp, and the same number of Exp2Syn slots with the same synapse
/// kind at every slot position. <see cref="CellCount"/> is a multiple of <see cref="SomaVectorKernel.Lanes"/>.
/// </summary>
internal sealed class VectorRun
{
    public required int FirstCell { get; init; }
    public required int CellCount { get; init; }
    /// <summary>First slot of <see cref="FirstCell"/>; cell FirstCell + c owns slots FirstSlot + c*SlotsPerCell ...</summary>
    public required int FirstSlot { get; init; }
    public required int SlotsPerCell { get; init; }
    /// <summary>Synapse kind at each slot position (the same for every cell of the run).</summary>
    public required int[] SlotKinds { get; init; }
    /// <summary>All cells of the run have identical Izhi2007b and soma constants: broadcast them once.</summary>
    public required bool UniformParameters { get; init; }
    /// <summary>False when every cell's C is exactly 1: x / 1.0 is x in IEEE arithmetic, so the division is skipped.</summary>
    public bool DivideByC { get; init; } = true;
    /// <summary>
    /// The cells' electrode and synaptic currents are summed beforehand, per cell in NEURON's order, into the rhs and
    /// diagonal buffers the kernel starts from (<see cref="SlotsPerCell"/> is 0): cells whose slot patterns differ
    /// still share the vector step of the soma, which holds most of a step's divisions.
    /// </summary>
    public bool PresummedCurrents { get; init; }
    /// <summary>
    /// The division by the end node's pivot, where the run's constants are uniform and the pivot qualifies, as an exact
    /// product (<see cref="ConstantDivision"/>); false keeps it a division. The same bits.
    /// </summary>
    public bool PivotByProduct { get; init; } = true;
    /// <summary>
    /// The run's slots lie in slot blocks (<see cref="Exp2SynBlocks"/>) from <see cref="FirstSlot"/> on: slot j of cell
    /// FirstCell + c at FirstSlot + (c / 8)·8·SlotsPerCell + 8j + c % 8, so that a vector of cells reads each slot
    /// with one load. The run then starts and ends at multiples of eight cells.
    /// </summary>
    public bool Blocked { get; init; }
}

/// <summary>Which cells the vector kernel integrates (runs) and which stay on the general scalar path.</summary>
internal sealed class VectorRunPlan
{
    private VectorRunPlan(VectorRun[] runs, int[] scalarCells, bool[] vectorized, VectorRun[]? presummedRuns = null, int[]? soloCells = null)
    {
        Runs = runs;
        ScalarCells = scalarCells;
        Vectorized = vectorized;
        PresummedRuns = presummedRuns ?? [];
        SoloCells = soloCells ?? scalarCells;
    }

    public VectorRun[] Runs { get; }

    /// <summary>Cells outside every run, ascending.</summary>
    public int[] ScalarCells { get; }

    /// <summary>
    /// Runs of consecutive <see cref="ScalarCells"/> (<see cref="VectorRun.PresummedCurrents"/>): their currents are
    /// summed on the scalar path, their soma is stepped by the vector kernel.
    /// </summary>
    public VectorRun[] PresummedRuns { get; }

    /// <summary>The <see cref="ScalarCells"/> outside <see cref="PresummedRuns"/>: stepped wholly on the scalar path, ascending.</summary>
    public int[] SoloCells { get; }

    /// <summary>Per cell: integrated by a run.</summary>
    public bool[] Vectorized { get; }

    public int VectorizedCellCount
    {
        get
        {
            int count = 0;
            foreach (var run in Runs) count += run.CellCount;
            return count;
        }
    }

    /// <summary>Everything on the scalar path (vector hardware absent or switched off).</summary>
    public static VectorRunPlan ScalarOnly(int cellCount) => ScalarOnly(cellCount, 0, cellCount);

    /// <summary>Cells [from, to) all on the scalar path (those <paramref name="scalarCell"/> admits, when given).</summary>
    public static VectorRunPlan ScalarOnly(int cellCount, int from, int to, Func<int, bool>? scalarCell = null)
    {
        var cells = new List<int>(to - from);
        for (int i = from; i < to; i++)
        {
            if (scalarCell is null || scalarCell(i)) cells.Add(i);
        }
        return new VectorRunPlan([], cells.ToArray(), new bool[cellCount]);
    }

    /// <summary>Greedy grouping of consecutive eligible cells with the same slot pattern into runs of whole vectors.</summary>
    public static VectorRunPlan Create(int cellCount, int[] cellSlotStart, int[] slotKind, Func<int, bool> eligible, SomaParameters parameters) =>
        Create(cellCount, 0, cellCount, cellSlotStart, slotKind, eligible, parameters);

    /// <summary>
    /// The plan for cells [from, to) only (one thread's partition); cells outside the runs go on the scalar path
    /// when <paramref name="scalarCell"/> (if given) admits them — another kernel integrates the others.
    /// </summary>
    public static VectorRunPlan Create(int cellCount, int from, int to, int[] cellSlotStart, int[] slotKind, Func<int, bool> eligible, SomaParameters parameters,
        Func<int, bool>? scalarCell = null) => Create(cellCount, from, to, cellSlotStart, slotKind, eligible, parameters, scalarCell, null);

    /// <summary>
    /// As above; with <paramref name="presummable"/>, consecutive scalar cells it admits (whatever their slot patterns
    /// and electrodes) also form <see cref="PresummedRuns"/> of whole vectors.
    /// </summary>
    public static VectorRunPlan Create(int cellCount, int from, int to, int[] cellSlotStart, int[] slotKind, Func<int, bool> eligible, SomaParameters parameters,
        Func<int, bool>? scalarCell, Func<int, bool>? presummable, Func<int, int>? blockedSlots = null)
    {
        const int lanes = SomaVectorKernel.Lanes;
        // Runs of blocked cells (blockedSlots gives a cell's block's first row, or -1) cover whole blocks.
        int alignment = blockedSlots is null ? lanes : Exp2SynBlocks.Lanes;
        var runs = new List<VectorRun>();
        var vectorized = new bool[cellCount];
        int i = from;
        while (i < to)
        {
            if (!eligible(i))
            {
                i++;
                continue;
            }
            int slots = cellSlotStart[i + 1] - cellSlotStart[i];
            int end = i + 1;
            while (end < to && eligible(end) && SamePattern(cellSlotStart, slotKind, i, end)) end++;
            int start = blockedSlots is null ? i : (i + alignment - 1) / alignment * alignment;
            int count = Math.Max(0, end - start) / alignment * alignment;
            if (count > 0)
            {
                var kinds = new int[slots];
                for (int j = 0; j < slots; j++) kinds[j] = slotKind[cellSlotStart[i] + j];
                runs.Add(new VectorRun
                {
                    FirstCell = start, CellCount = count, FirstSlot = blockedSlots?.Invoke(start) ?? cellSlotStart[start], SlotsPerCell = slots, SlotKinds = kinds,
                    UniformParameters = parameters.AreUniform(start, count),
                    DivideByC = !AllOne(parameters.C, start, count),
                    Blocked = blockedSlots is not null,
                });
                for (int c = start; c < start + count; c++) vectorized[c] = true;
            }
            i = end;
        }
        var scalar = new List<int>();
        for (int c = from; c < to; c++)
        {
            if (!vectorized[c] && (scalarCell is null || scalarCell(c))) scalar.Add(c);
        }
        if (presummable is null) return new VectorRunPlan(runs.ToArray(), scalar.ToArray(), vectorized);

        // Stretches of consecutive scalar cells that can share the soma step, cut into whole vectors.
        var presummed = new List<VectorRun>();
        var solo = new List<int>();
        int at = 0;
        while (at < scalar.Count)
        {
            int end = at;
            while (end < scalar.Count && presummable(scalar[end]) && scalar[end] == scalar[at] + (end - at)) end++;
            int count = (end - at) / lanes * lanes;
            if (count > 0)
            {
                int first = scalar[at];
                presummed.Add(new VectorRun
                {
                    FirstCell = first, CellCount = count, FirstSlot = cellSlotStart[first], SlotsPerCell = 0, SlotKinds = [],
                    UniformParameters = parameters.AreUniform(first, count), DivideByC = !AllOne(parameters.C, first, count),
                    PresummedCurrents = true,
                });
            }
            for (int c = at + count; c < Math.Max(end, at + 1); c++) solo.Add(scalar[c]);
            at = Math.Max(end, at + 1);
        }
        return new VectorRunPlan(runs.ToArray(), scalar.ToArray(), vectorized, presummed.ToArray(), solo.ToArray());
    }

    private static bool AllOne(double[] values, int first, int count)
    {
        for (int c = first; c < first + count; c++)
        {
            if (values[c] != 1.0) return false;
        }
        return true;
    }

    private static bool SamePattern(int[] cellSlotStart, int[] slotKind, int a, int b)
    {
        int count = cellSlotStart[a + 1] - cellSlotStart[a];
        if (cellSlotStart[b + 1] - cellSlotStart[b] != count) return false;
        for (int j = 0; j < count; j++)
        {
            if (slotKind[cellSlotStart[a] + j] != slotKind[cellSlotStart[b] + j]) return false;
        }
        return true;
    }
}
