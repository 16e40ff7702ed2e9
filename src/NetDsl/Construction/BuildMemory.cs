namespace NetDsl.Construction;

/// <summary>
/// Returns a large build's dead temporaries between its phases. A network of millions of connections passes through
/// buffers of hundreds of megabytes (the rules' hits, the connections in rule order, the rows by pre cell) that die
/// when the next phase starts; collected there, the next phase reuses their memory, and the process's peak is the
/// largest phase's rather than the sum of what the collector had not yet reclaimed. Small networks skip it: their
/// temporaries are small and a full collection would cost more than their whole build.
/// </summary>
internal static class BuildMemory
{
    /// <summary>
    /// Connections from which the phases' temporaries (32 MB and more per phase) are worth a full collection, a few
    /// milliseconds each.
    /// </summary>
    public const long LargeBuild = 4_000_000;

    /// <summary>A blocking full collection when the build holds at least <see cref="LargeBuild"/> connections.</summary>
    public static void ReleaseTemporaries(long connections)
    {
        if (connections < LargeBuild) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
    }
}
