namespace NetDsl.Kernels.Simd;

/// <summary>Per-cell constants of the Izhi2007b current and the three-node soma solve, indexed by gid.</summary>
internal sealed class SomaParameters
{
    public required double[] K { get; init; }
    public required double[] Vr { get; init; }
    public required double[] Vt { get; init; }
    public required double[] A { get; init; }
    public required double[] B { get; init; }
    public required double[] C { get; init; }
    public required double[] Iin { get; init; }
    /// <summary>1e2/area (nA to mA/cm2).</summary>
    public required double[] Scale { get; init; }
    /// <summary>0.001*(1/dt)*cm.</summary>
    public required double[] CapTerm { get; init; }
    public required double[] AxialA1 { get; init; }
    public required double[] AxialB1 { get; init; }
    public required double[] AxialA2 { get; init; }
    public required double[] AxialB2 { get; init; }
    public required double[] EndFactor { get; init; }
    public required double[] EndProduct { get; init; }

    private double[][]? _all;

    /// <summary>Every constant array (built once).</summary>
    public double[][] All => _all ??= [K, Vr, Vt, A, B, C, Iin, Scale, CapTerm, AxialA1, AxialB1, AxialA2, AxialB2, EndFactor, EndProduct];

    private int _cellLength = -1;

    /// <summary>The length of the shortest constant array (the arrays are never replaced).</summary>
    public int CellLength
    {
        get
        {
            if (_cellLength < 0)
            {
                int length = int.MaxValue;
                foreach (var values in All) length = Math.Min(length, values.Length);
                _cellLength = length;
            }
            return _cellLength;
        }
    }

    /// <summary>True when every constant has the same bits for cells [first, first + count).</summary>
    public bool AreUniform(int first, int count)
    {
        foreach (var values in All)
        {
            long bits = BitConverter.DoubleToInt64Bits(values[first]);
            for (int i = first + 1; i < first + count; i++)
            {
                if (BitConverter.DoubleToInt64Bits(values[i]) != bits) return false;
            }
        }
        return true;
    }
}

/// <summary>The state the integration step reads and writes: soma nodes, Izhi2007b u and t0, Exp2Syn A and B.</summary>
internal sealed class SomaState
{
    public required double[] V0 { get; init; }
    public required double[] V1 { get; init; }
    public required double[] V2 { get; init; }
    public required double[] U { get; init; }
    public required double[] T0 { get; init; }
    public required double[] SynA { get; init; }
    public required double[] SynB { get; init; }

    private int _cellLength = -1;

    /// <summary>The length of the shortest per-cell state array (V0, V1, V2, U, T0; the arrays are never replaced).</summary>
    public int CellLength => _cellLength >= 0 ? _cellLength : _cellLength = Math.Min(Math.Min(Math.Min(V0.Length, V1.Length), Math.Min(V2.Length, U.Length)), T0.Length);
}
