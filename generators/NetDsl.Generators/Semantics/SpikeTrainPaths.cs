namespace NetDsl.Generators.Semantics;

/// <summary>
/// Where a spike-train file named in a .netdsl file is (<c>file="trains.csv"</c>): relative to the .netdsl file's
/// folder, so that a project builds and runs wherever its working directory is. The runtime reads the file when the
/// network is built; the generator only resolves its path and looks whether it is there.
/// </summary>
internal static class SpikeTrainPaths
{
    /// <summary>
    /// The absolute path of <paramref name="written"/> against the folder of <paramref name="sourcePath"/>, or the path as
    /// written when the .netdsl file's own path is not absolute (then the runtime reads it against its working directory).
    /// </summary>
    public static string Resolve(string sourcePath, string written)
    {
        try
        {
            if (System.IO.Path.IsPathRooted(written)) return System.IO.Path.GetFullPath(written);
            string? folder = System.IO.Path.GetDirectoryName(sourcePath);
            if (string.IsNullOrEmpty(folder) || !System.IO.Path.IsPathRooted(folder)) return written;
            // GetFullPath of a rooted path only folds '.' and '..': it does not read the working directory.
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, written));
        }
        catch (System.Exception exception) when (exception is System.ArgumentException or System.NotSupportedException or System.IO.PathTooLongException)
        {
            return written;
        }
    }

    /// <summary>Whether the resolved file exists; null when that cannot be known (a relative path, or a path the system refuses).</summary>
    public static bool? Exists(string resolved)
    {
        if (!System.IO.Path.IsPathRooted(resolved)) return null;
        try
        {
#pragma warning disable RS1035 // The file is an input of the model (read when the network is built): its absence is worth a warning at build time.
            return System.IO.File.Exists(resolved);
#pragma warning restore RS1035
        }
        catch (System.Exception exception) when (exception is System.ArgumentException or System.NotSupportedException or System.IO.IOException or System.UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
    }
}
