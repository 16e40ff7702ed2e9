using System.Runtime;
using System.Runtime.CompilerServices;

namespace NetDsl.Simulation;

/// <summary>
/// Whether this assembly's methods run from ReadyToRun code, as in a published <c>netdsl</c>: a method never called
/// before is compiled just in time otherwise, and one that uses wide vectors always is (ReadyToRun leaves those out).
/// Decides, once, whether short runs take the exact engine's narrow step, which such an image holds compiled
/// (<see cref="Simulator"/>). A native (Native AOT) build has every method compiled for its CPU, the wide step too,
/// so it keeps the wide step.
/// </summary>
internal static class PrecompiledCode
{
    public static bool FromReadyToRunImage { get; } = Detect();

    private static bool Detect()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled) return false;
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        Probe();
        return JitInfo.GetCompiledMethodCount(currentThread: true) == before;
    }

    // Called once, first from Detect: compiled now unless the image holds its code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Probe() => Environment.CurrentManagedThreadId;
}
