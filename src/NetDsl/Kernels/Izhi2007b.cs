namespace NetDsl.Kernels;

/// <summary>How the recovery variable u is advanced (izhi2007b.mod BREAKPOINT).</summary>
internal enum RecoveryKind : byte
{
    /// <summary>celltype &lt; 5: u += delta*a*(b*(v-vr) - u).</summary>
    Linear,
    /// <summary>celltype 5 (FS): cubic above vb = d, decay below.</summary>
    FastSpiking,
    /// <summary>celltype 6 (TC): b = 0 above -65 mV, 15 below, then linear.</summary>
    Thalamocortical,
    /// <summary>celltype 7 (RTN): b = 2 above -65 mV, 10 below, then linear.</summary>
    Reticular,
    /// <summary>Any other celltype: u is never updated.</summary>
    None,
}

/// <summary>WATCH condition and reset of the flag-2 event (izhi2007b.mod NET_RECEIVE).</summary>
internal enum ResetKind : byte
{
    /// <summary>WATCH v &gt; vpeak; v = c, u += d.</summary>
    Standard,
    /// <summary>celltype 4: WATCH v &gt; vpeak - 0.1u; v = c + 0.04u, u = min-capped u + d.</summary>
    LowThreshold,
    /// <summary>celltype 5: WATCH v &gt; vpeak; v = c only.</summary>
    FastSpiking,
    /// <summary>celltype 6: WATCH v &gt; vpeak + 0.1u; v = c - 0.1u, u += d.</summary>
    Thalamocortical,
}

/// <summary>Izhi2007b point process: parameter names, defaults and the cell-type dispatch.</summary>
public static class Izhi2007b
{
    public const string MechanismName = NetDsl.Catalog.MechanismCatalog.Izhi2007bName;

    /// <summary>PARAMETER block of izhi2007b.mod, in declaration order, with its defaults (RS), from the catalog.</summary>
    public static IReadOnlyList<(string Name, double Default)> Parameters { get; } =
        NetDsl.Catalog.MechanismCatalog.Izhi2007b.Parameters.Select(p => (p.Name, p.Default)).ToArray();

    internal static RecoveryKind RecoveryFor(double celltype) =>
        celltype < 5 ? RecoveryKind.Linear
        : celltype == 5 ? RecoveryKind.FastSpiking
        : celltype == 6 ? RecoveryKind.Thalamocortical
        : celltype == 7 ? RecoveryKind.Reticular
        : RecoveryKind.None;

    internal static ResetKind ResetFor(double celltype) =>
        celltype == 4 ? ResetKind.LowThreshold
        : celltype == 5 ? ResetKind.FastSpiking
        : celltype == 6 ? ResetKind.Thalamocortical
        : ResetKind.Standard;

    /// <summary>
    /// Coefficient of u in the WATCH threshold vpeak + coefficient*u: -0.1 (LTS), +0.1 (TC), 0 otherwise.
    /// v - (vpeak + coefficient*u) has the same bits as each mod-file expression for finite u.
    /// </summary>
    internal static double WatchSlope(ResetKind kind) => kind switch
    {
        ResetKind.LowThreshold => -0.1,
        ResetKind.Thalamocortical => 0.1,
        _ => 0.0,
    };

    /// <summary>
    /// NET_RECEIVE flag 2 of each cell type: v and u after the reset, with the mod file's operations (in double
    /// precision the exact engine's bits).
    /// </summary>
    /// <summary>
    /// The two conditions checked at the start of every step, in both engines: the NetCon's v − threshold &gt; 0
    /// (a spike when it turns true) and the WATCH's v − (vpeak + slope·u) &gt; 0 (the reset when it turns true).
    /// A cell without the point process has vpeak = +∞, so its WATCH never holds.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static (bool Above, bool Watch) Conditions<T>(T v, T u, T threshold, T vpeak, T slope) where T : System.Numerics.IFloatingPointIeee754<T> =>
        (v - threshold > T.Zero, v - (vpeak + slope * u) > T.Zero);

    /// <summary>
    /// <see cref="Conditions{T}"/> in double, not generic: generic math is compiled just in time, while this is held
    /// compiled in a ReadyToRun image (the exact engine's narrow step). The same comparisons.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static (bool Above, bool Watch) Conditions(double v, double u, double threshold, double vpeak, double slope) =>
        (v - threshold > 0.0, v - (vpeak + slope * u) > 0.0);

    /// <summary><see cref="ApplyReset{T}"/> in double, not generic (see <see cref="Conditions(double, double, double, double, double)"/>): the same operations.</summary>
    internal static void ApplyReset(ResetKind kind, double c, double d, ref double v, ref double u)
    {
        double before = u;
        switch (kind)
        {
            case ResetKind.LowThreshold:
                v = c + 0.04 * before;
                u = before + d < 670.0 ? before + d : 670.0;
                break;
            case ResetKind.FastSpiking:
                v = c;
                break;
            case ResetKind.Thalamocortical:
                v = c - 0.1 * before;
                u = before + d;
                break;
            default:
                v = c;
                u = before + d;
                break;
        }
    }

    internal static void ApplyReset<T>(ResetKind kind, T c, T d, ref T v, ref T u) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        T before = u;
        switch (kind)
        {
            case ResetKind.LowThreshold:
                v = c + T.CreateTruncating(0.04) * before;
                u = before + d < T.CreateTruncating(670) ? before + d : T.CreateTruncating(670);
                break;
            case ResetKind.FastSpiking:
                v = c;
                break;
            case ResetKind.Thalamocortical:
                v = c - T.CreateTruncating(0.1) * before;
                u = before + d;
                break;
            default:
                v = c;
                u = before + d;
                break;
        }
    }

    /// <summary>The WATCH (flag 2) expression; the event fires when it becomes &gt; 0.</summary>
    internal static double WatchValue(ResetKind kind, double v, double u, double vpeak) => kind switch
    {
        ResetKind.LowThreshold => v - (vpeak - 0.1 * u),
        ResetKind.Thalamocortical => v - (vpeak + 0.1 * u),
        _ => v - vpeak,
    };
}
