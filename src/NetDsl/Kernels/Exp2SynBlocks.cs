using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetDsl.Kernels;

/// <summary>
/// The Exp2Syn (and ExpSyn) slots of eight consecutive cells laid out side by side: row j of a block holds slot j of
/// each of its cells, one cell per vector lane. A row's step is then eight cells' <see cref="Exp2SynSlots.Step"/> of
/// that slot at once with the same IEEE operations (no fused multiply-add, the division by 0.001 kept), and each lane's
/// running sums take the cell's slots in its own slot order, so every cell gets NEURON's bits while the sums of eight
/// cells advance together instead of one after the other. A cell with fewer slots than the block's longest leaves its
/// lane of the last rows out of its sums (those rows' A and B stay 0).
/// </summary>
/// <remarks>
/// The decay is written x − c·x, which is NEURON's x + c·(0 − x) bit for bit: 0 − x is −x exactly, c·(−x) is −(c·x)
/// (rounding to nearest is symmetric), and both give +0 for x = ±0 (c is positive); one operation less per row.
/// The rows live after the network's own slots in the simulator's A and B arrays (<see cref="StorageLength"/> long);
/// <see cref="Store"/> tells where each slot's state is while the blocks are in use. A slot's kind per lane is a byte
/// of the row's 64-bit word, its E and decays looked up in a vector of the kinds' constants (at most
/// <see cref="MaxKinds"/> kinds). Runs of whole blocks whose cells share one slot pattern skip <see cref="Step"/>: the soma's
/// vector step reads their rows itself (<see cref="Simd.VectorRun.Blocked"/>).
/// </remarks>
internal sealed class Exp2SynBlocks
{
    public const int Lanes = 8;
    /// <summary>Kinds a block's look-up holds (four doubles fill a 256-bit vector).</summary>
    public const int MaxKinds = 4;

    /// <summary>
    /// A block: its first cell, where its rows start in A and B and in the kinds, its rows (the most slots of its cells)
    /// and the rows every cell has a slot in (the fewest), whether a cell has electrodes.
    /// </summary>
    private readonly record struct Block(int FirstCell, int RowStart, int KindRow, int Rows, int FullRows, bool HasElectrodes);

    private readonly Block[] _blocks;
    // Per group of eight cells (cell / 8): its block, or -1.
    private readonly int[] _blockOfGroup;
    // Per block, per lane: the cell's slot count.
    private readonly long[] _laneSlots;
    // Per row: the eight lanes' kinds, a byte each.
    private readonly ulong[] _kinds;
    private readonly double[] _kindE, _kindDecayA, _kindDecayB;
    // One past the last cell of any block: the cell arrays a step reads are at least this long.
    private readonly int _cellEnd;

    private Exp2SynBlocks(Block[] blocks, long[] laneSlots, ulong[] kinds, int slots, int[] store, double[] kindE, double[] kindDecayA, double[] kindDecayB)
    {
        _blocks = blocks;
        _laneSlots = laneSlots; _kinds = kinds;
        _cellEnd = blocks[^1].FirstCell + Lanes;
        _blockOfGroup = new int[_cellEnd / Lanes];
        Array.Fill(_blockOfGroup, -1);
        for (int b = 0; b < blocks.Length; b++) _blockOfGroup[blocks[b].FirstCell / Lanes] = b;
        Store = store;
        _kindE = Pad(kindE); _kindDecayA = Pad(kindDecayA); _kindDecayB = Pad(kindDecayB);
        StorageLength = slots + kinds.Length * Lanes;
    }

    /// <summary>True where the kernels can run: AVX2 (the kinds' look-up is a 32-bit permute).</summary>
    public static bool IsSupported => Avx2.IsSupported && Vector256.IsHardwareAccelerated;

    public int BlockCount => _blocks.Length;

    /// <summary>The first cell of a block (its cells are that one and the seven after it).</summary>
    public int FirstCell(int block) => _blocks[block].FirstCell;

    /// <summary>Where the rows of the block that starts at <paramref name="cell"/> start in A and B.</summary>
    public int RowStart(int cell) => Contains(cell) && cell % Lanes == 0
        ? _blocks[_blockOfGroup[cell / Lanes]].RowStart
        : throw new ArgumentOutOfRangeException(nameof(cell), "No block starts at this cell.");

    /// <summary>Whether a cell's slots are in a block.</summary>
    public bool Contains(int cell) => cell >= 0 && cell / Lanes < _blockOfGroup.Length && _blockOfGroup[cell / Lanes] >= 0;

    /// <summary>The length of A and B with the rows (which follow the network's own slots).</summary>
    public int StorageLength { get; }

    /// <summary>Per slot of the network: where its A and B are while the blocks are in use (the slot itself outside the blocks).</summary>
    public int[] Store { get; }

    /// <summary>
    /// The blocks of a network: every group of eight consecutive cells starting at a multiple of eight, each cell of which
    /// <paramref name="blockable"/> admits and has a slot; null where there is none or the network has more than
    /// <see cref="MaxKinds"/> kinds.
    /// </summary>
    public static Exp2SynBlocks? Create(int cellCount, int[] cellSlotStart, int[] slotKind, double[] kindE, double[] kindDecayA, double[] kindDecayB,
        Func<int, bool> blockable, Func<int, bool> hasElectrodes)
    {
        if (!IsSupported || kindE.Length > MaxKinds) return null;
        int slots = slotKind.Length;
        var firstCell = new List<int>();
        for (int c0 = 0; c0 + Lanes <= cellCount; c0 += Lanes)
        {
            bool ok = true;
            for (int c = c0; c < c0 + Lanes && ok; c++) ok = blockable(c) && cellSlotStart[c + 1] > cellSlotStart[c];
            if (ok) firstCell.Add(c0);
        }
        if (firstCell.Count == 0) return null;

        var all = new Block[firstCell.Count];
        var laneSlots = new long[all.Length * Lanes];
        long totalRows = 0;
        for (int b = 0; b < all.Length; b++)
        {
            int most = 0, least = int.MaxValue;
            bool electrodes = false;
            for (int l = 0; l < Lanes; l++)
            {
                int cell = firstCell[b] + l, count = cellSlotStart[cell + 1] - cellSlotStart[cell];
                laneSlots[b * Lanes + l] = count;
                most = Math.Max(most, count);
                least = Math.Min(least, count);
                electrodes |= hasElectrodes(cell);
            }
            long rowStart = slots + totalRows * Lanes;
            if (rowStart + (long)most * Lanes > Array.MaxLength) return null;
            all[b] = new Block(firstCell[b], (int)rowStart, (int)totalRows, most, least, electrodes);
            totalRows += most;
        }

        var kinds = new ulong[totalRows];
        var store = new int[slots];
        for (int s = 0; s < slots; s++) store[s] = s;
        for (int b = 0; b < all.Length; b++)
        {
            var block = all[b];
            for (int l = 0; l < Lanes; l++)
            {
                int first = cellSlotStart[block.FirstCell + l], count = (int)laneSlots[b * Lanes + l];
                for (int j = 0; j < count; j++)
                {
                    kinds[block.KindRow + j] |= (ulong)(byte)slotKind[first + j] << (8 * l);
                    store[first + j] = block.RowStart + j * Lanes + l;
                }
            }
        }
        return new Exp2SynBlocks(all, laneSlots, kinds, slots, store, kindE, kindDecayA, kindDecayB);
    }

    /// <summary>
    /// The slots of <paramref name="blocks"/> for one step: each cell's currents subtracted from its
    /// <paramref name="rhs"/> (which holds its electrode currents where <see cref="HasElectrodes"/>, and is set to 0
    /// first otherwise) and its slopes added to <paramref name="diag"/> (from 0), scaled by its <paramref name="scale"/>,
    /// in slot order; then A and B decay.
    /// </summary>
    public void Step(ReadOnlySpan<int> blocks, VectorWidth width, double[] a, double[] b, double[] v, double[] scale, double[] rhs, double[] diag)
    {
        // Every block lies inside these (checked once here; the loops below index without bounds checks).
        if (a.Length < StorageLength || b.Length < StorageLength)
            throw new ArgumentOutOfRangeException(nameof(a), "The slot arrays do not hold the blocks' rows.");
        if (v.Length < _cellEnd || scale.Length < _cellEnd || rhs.Length < _cellEnd || diag.Length < _cellEnd)
            throw new ArgumentOutOfRangeException(nameof(v), "The cell arrays do not cover the blocks' cells.");
        if (width == VectorWidth.W512 && VectorWidths.Supports512) Step512(blocks, a, b, v, scale, rhs, diag);
        else Step256(blocks, a, b, v, scale, rhs, diag);
    }

    /// <summary>Whether a block's cells have electrodes (IClamps): their rhs then starts from the electrode currents.</summary>
    public bool HasElectrodes(int block) => _blocks[block].HasElectrodes;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Step512(ReadOnlySpan<int> blocks, double[] a, double[] b, double[] v, double[] scale, double[] rhs, double[] diag)
    {
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref double b0 = ref MemoryMarshal.GetArrayDataReference(b);
        var tableE = Vector512.Create(Vector256.Create(_kindE), Vector256<double>.Zero);
        var tableA = Vector512.Create(Vector256.Create(_kindDecayA), Vector256<double>.Zero);
        var tableB = Vector512.Create(Vector256.Create(_kindDecayB), Vector256<double>.Zero);
        var step = Vector512.Create(0.001);
        var zero = Vector512<double>.Zero;
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(v);
        ref double scale0 = ref MemoryMarshal.GetArrayDataReference(scale);
        ref double rhs0 = ref MemoryMarshal.GetArrayDataReference(rhs);
        ref double diag0 = ref MemoryMarshal.GetArrayDataReference(diag);
        ref ulong kinds0 = ref MemoryMarshal.GetArrayDataReference(_kinds);
        ref long laneSlots0 = ref MemoryMarshal.GetArrayDataReference(_laneSlots);
        foreach (int index in blocks)
        {
            var block = _blocks[index];
            nuint first = (nuint)block.FirstCell;
            ref ulong kinds = ref Unsafe.Add(ref kinds0, block.KindRow);
            var vNow = Vector512.LoadUnsafe(ref v0, first);
            var vPlus = vNow + step;
            var sc = Vector512.LoadUnsafe(ref scale0, first);
            var r = block.HasElectrodes ? Vector512.LoadUnsafe(ref rhs0, first) : zero;
            var d = zero;
            int rows = block.Rows, full = block.FullRows;
            nuint at = (nuint)block.RowStart;
            for (int j = 0; j < rows; j++, at += Lanes)
            {
                var kind = Avx512F.ConvertToVector512Int64(Vector128.CreateScalarUnsafe(Unsafe.Add(ref kinds, j)).AsByte());
                var e = Avx512F.PermuteVar8x64(tableE, kind);
                var x = Vector512.LoadUnsafe(ref a0, at);
                var y = Vector512.LoadUnsafe(ref b0, at);
                var g = y - x;
                var iPlus = g * (vPlus - e);
                var iNow = g * (vNow - e);
                var rNext = r - iNow * sc;
                var dNext = d + (iPlus - iNow) / step * sc;
                if (j < full)
                {
                    r = rNext;
                    d = dNext;
                }
                else
                {
                    // Lanes whose cell has no slot j keep their sums.
                    var live = Vector512.LessThan(Vector512.Create((long)j), Vector512.LoadUnsafe(ref laneSlots0, (nuint)index * Lanes)).AsDouble();
                    r = Vector512.ConditionalSelect(live, rNext, r);
                    d = Vector512.ConditionalSelect(live, dNext, d);
                }
                (x - Avx512F.PermuteVar8x64(tableA, kind) * x).StoreUnsafe(ref a0, at);
                (y - Avx512F.PermuteVar8x64(tableB, kind) * y).StoreUnsafe(ref b0, at);
            }
            r.StoreUnsafe(ref rhs0, first);
            d.StoreUnsafe(ref diag0, first);
        }
    }

    /// <summary><see cref="Step512"/> as two 256-bit halves of each row (lanes 0–3 and 4–7): the same operations per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Step256(ReadOnlySpan<int> blocks, double[] a, double[] b, double[] v, double[] scale, double[] rhs, double[] diag)
    {
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref double b0 = ref MemoryMarshal.GetArrayDataReference(b);
        var tableE = Vector256.Create(_kindE).AsInt32();
        var tableA = Vector256.Create(_kindDecayA).AsInt32();
        var tableB = Vector256.Create(_kindDecayB).AsInt32();
        var step = Vector256.Create(0.001);
        var zero = Vector256<double>.Zero;
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(v);
        ref double scale0 = ref MemoryMarshal.GetArrayDataReference(scale);
        ref double rhs0 = ref MemoryMarshal.GetArrayDataReference(rhs);
        ref double diag0 = ref MemoryMarshal.GetArrayDataReference(diag);
        ref ulong kinds0 = ref MemoryMarshal.GetArrayDataReference(_kinds);
        ref long laneSlots0 = ref MemoryMarshal.GetArrayDataReference(_laneSlots);
        foreach (int index in blocks)
        {
            var block = _blocks[index];
            nuint first = (nuint)block.FirstCell;
            ref ulong kinds = ref Unsafe.Add(ref kinds0, block.KindRow);
            var vLo = Vector256.LoadUnsafe(ref v0, first);
            var vHi = Vector256.LoadUnsafe(ref v0, first + 4);
            var vPlusLo = vLo + step;
            var vPlusHi = vHi + step;
            var scLo = Vector256.LoadUnsafe(ref scale0, first);
            var scHi = Vector256.LoadUnsafe(ref scale0, first + 4);
            var rLo = block.HasElectrodes ? Vector256.LoadUnsafe(ref rhs0, first) : zero;
            var rHi = block.HasElectrodes ? Vector256.LoadUnsafe(ref rhs0, first + 4) : zero;
            var dLo = zero;
            var dHi = zero;
            int rows = block.Rows, full = block.FullRows;
            nuint at = (nuint)block.RowStart;
            for (int j = 0; j < rows; j++, at += Lanes)
            {
                ulong word = Unsafe.Add(ref kinds, j);
                var kindLo = Pairs(word);
                var kindHi = Pairs(word >> 32);
                var eLo = Avx2.PermuteVar8x32(tableE, kindLo).AsDouble();
                var eHi = Avx2.PermuteVar8x32(tableE, kindHi).AsDouble();
                var xLo = Vector256.LoadUnsafe(ref a0, at);
                var xHi = Vector256.LoadUnsafe(ref a0, at + 4);
                var yLo = Vector256.LoadUnsafe(ref b0, at);
                var yHi = Vector256.LoadUnsafe(ref b0, at + 4);
                var gLo = yLo - xLo;
                var gHi = yHi - xHi;
                var iPlusLo = gLo * (vPlusLo - eLo);
                var iPlusHi = gHi * (vPlusHi - eHi);
                var iNowLo = gLo * (vLo - eLo);
                var iNowHi = gHi * (vHi - eHi);
                var rNextLo = rLo - iNowLo * scLo;
                var rNextHi = rHi - iNowHi * scHi;
                var dNextLo = dLo + (iPlusLo - iNowLo) / step * scLo;
                var dNextHi = dHi + (iPlusHi - iNowHi) / step * scHi;
                if (j < full)
                {
                    rLo = rNextLo; rHi = rNextHi;
                    dLo = dNextLo; dHi = dNextHi;
                }
                else
                {
                    // Lanes whose cell has no slot j keep their sums.
                    var row = Vector256.Create((long)j);
                    var liveLo = Vector256.LessThan(row, Vector256.LoadUnsafe(ref laneSlots0, (nuint)index * Lanes)).AsDouble();
                    var liveHi = Vector256.LessThan(row, Vector256.LoadUnsafe(ref laneSlots0, (nuint)index * Lanes + 4)).AsDouble();
                    rLo = Vector256.ConditionalSelect(liveLo, rNextLo, rLo);
                    rHi = Vector256.ConditionalSelect(liveHi, rNextHi, rHi);
                    dLo = Vector256.ConditionalSelect(liveLo, dNextLo, dLo);
                    dHi = Vector256.ConditionalSelect(liveHi, dNextHi, dHi);
                }
                (xLo - Avx2.PermuteVar8x32(tableA, kindLo).AsDouble() * xLo).StoreUnsafe(ref a0, at);
                (xHi - Avx2.PermuteVar8x32(tableA, kindHi).AsDouble() * xHi).StoreUnsafe(ref a0, at + 4);
                (yLo - Avx2.PermuteVar8x32(tableB, kindLo).AsDouble() * yLo).StoreUnsafe(ref b0, at);
                (yHi - Avx2.PermuteVar8x32(tableB, kindHi).AsDouble() * yHi).StoreUnsafe(ref b0, at + 4);
            }
            rLo.StoreUnsafe(ref rhs0, first);
            rHi.StoreUnsafe(ref rhs0, first + 4);
            dLo.StoreUnsafe(ref diag0, first);
            dHi.StoreUnsafe(ref diag0, first + 4);
        }
    }

    /// <summary>
    /// The low four bytes of <paramref name="word"/> (kinds k of four lanes) as the 32-bit permute's indices of each
    /// lane's double: 2k and 2k + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Pairs(ulong word)
    {
        var kind = Avx2.ConvertToVector256Int64(Vector128.CreateScalarUnsafe(word).AsByte());
        var twice = kind + kind;
        return (twice + Vector256.ShiftLeft(twice, 32) + Vector256.Create(1L << 32)).AsInt32();
    }

    /// <summary>Moves the blocks' slots between their own places and the rows (<paramref name="intoRows"/>), clearing the places left.</summary>
    public void Move(double[] a, double[] b, bool intoRows)
    {
        var store = Store;
        for (int s = 0; s < store.Length; s++)
        {
            int t = store[s];
            if (t == s) continue;
            int from = intoRows ? s : t, to = intoRows ? t : s;
            a[to] = a[from]; a[from] = 0;
            b[to] = b[from]; b[from] = 0;
        }
    }

    private static double[] Pad(double[] values)
    {
        var padded = new double[MaxKinds];
        values.AsSpan().CopyTo(padded);
        return padded;
    }
}
