using System.Runtime;
using System.Runtime.CompilerServices;

namespace NetDsl.Simulation;

/// <summary>
/// Whether this assembly's methods run from ahead-of-time (ReadyToRun) code, as in a published <c>netdsl</c>: a
/// method never called before is compiled just in time otherwise. Decides, once, whether short runs take the
/// exact engine's precompiled narrow step (<see cref="Simulator"/>).
/// </summary>
internal static class PrecompiledCode
{
    public static bool InUse { get; } = Detect();

    private static bool Detect()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled) return true;
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        Probe();
        return JitInfo.GetCompiledMethodCount(currentThread: true) == before;
    }

    // Called once, first from Detect: compiled now unless the image holds its code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Probe() => Environment.CurrentManagedThreadId;
}
