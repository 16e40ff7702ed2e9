using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetDsl.Kernels;

/// <summary>
/// The vector width of the soma kernels, chosen once per run (<see cref="VectorWidths.Resolve"/>): 512-bit vectors
/// where the CPU has AVX-512, 256-bit ones otherwise. Both widths compute the same operations per lane in the same
/// order, so a run's spikes and traces do not depend on the width.
/// </summary>
internal enum VectorWidth
{
    /// <summary><see cref="VectorWidths.EnvironmentVariable"/> when set, else the widest the hardware accelerates.</summary>
    Auto,
    W256,
    W512,
}

internal static class VectorWidths
{
    /// <summary><c>NETDSL_VECTOR_WIDTH=256|512</c>: the width of <see cref="VectorWidth.Auto"/> runs (benchmarks, tests).</summary>
    public const string EnvironmentVariable = "NETDSL_VECTOR_WIDTH";

    /// <summary>
    /// True when 512-bit kernels can run: AVX-512F (the kernels' fused operations are AVX-512F instructions) and
    /// 512-bit vectors accelerated by the JIT.
    /// </summary>
    public static bool Supports512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// The width a run uses: <paramref name="requested"/> (or the environment variable, for <see cref="VectorWidth.Auto"/>),
    /// W512 only where <see cref="Supports512"/> (a forced W512 falls back to W256 otherwise). Never Auto.
    /// </summary>
    public static VectorWidth Resolve(VectorWidth requested)
    {
        if (requested == VectorWidth.Auto)
        {
            requested = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim() switch
            {
                "256" => VectorWidth.W256,
                "512" => VectorWidth.W512,
                _ => VectorWidth.W512,
            };
        }
        return requested == VectorWidth.W512 && Supports512 ? VectorWidth.W512 : VectorWidth.W256;
    }
}
