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
}

/// <summary>Which cells the vector kernel integrates (runs) and which stay on the general scalar path.</summary>
internal sealed class VectorRunPlan
{
    private VectorRunPlan(VectorRun[] runs, int[] scalarCells, bool[] vectorized)
    {
        Runs = runs;
        ScalarCells = scalarCells;
        Vectorized = vectorized;
    }

    public VectorRun[] Runs { get; }

    /// <summary>Cells outside every run, ascending.</summary>
    public int[] ScalarCells { get; }

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
        Func<int, bool>? scalarCell = null)
    {
        const int lanes = SomaVectorKernel.Lanes;
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
            int count = (end - i) / lanes * lanes;
            if (count > 0)
            {
                var kinds = new int[slots];
                for (int j = 0; j < slots; j++) kinds[j] = slotKind[cellSlotStart[i] + j];
                runs.Add(new VectorRun
                {
                    FirstCell = i, CellCount = count, FirstSlot = cellSlotStart[i], SlotsPerCell = slots, SlotKinds = kinds,
                    UniformParameters = parameters.AreUniform(i, count),
                    DivideByC = !AllOne(parameters.C, i, count),
                });
                for (int c = i; c < i + count; c++) vectorized[c] = true;
            }
            i = end;
        }
        var scalar = new List<int>();
        for (int c = from; c < to; c++)
        {
            if (!vectorized[c] && (scalarCell is null || scalarCell(c))) scalar.Add(c);
        }
        return new VectorRunPlan(runs.ToArray(), scalar.ToArray(), vectorized);
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
