using System.Globalization;
using System.Runtime.InteropServices;

namespace NetDsl.Cli;

/// <summary>
/// Under an address-space limit (<c>prlimit --as</c>, <c>ulimit -v</c>) the GC reserves half of it for its heap, and
/// what is left is too little for the runtime, the compiler and the model's assemblies: at 2 GiB the process dies
/// with "Out of memory." while compiling. Before anything else runs, the process replaces itself (execve: same pid,
/// same arguments and streams, signals unchanged) with one whose GC reserves a quarter of the limit instead; the
/// resource guards then measure the network against that heap and refuse what does not fit.
/// </summary>
internal static class AddressSpaceLimit
{
    /// <summary>Set for the replaced process, so it never replaces itself again.</summary>
    private const string RegionRangeVariable = "DOTNET_GCRegionRange";

    /// <summary>Replaces the process when an address-space limit makes the GC's default reservation too large; returns if not needed or not possible.</summary>
    public static void ReserveLessUnderLimit(string[] args)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(RegionRangeVariable) is not null) return;
        if (SoftLimit() is not long limit) return;
        long range = GC.GetConfigurationVariables().TryGetValue("GCRegionRange", out object? value) && value is IConvertible c ? c.ToInt64(CultureInfo.InvariantCulture) : 0;
        long wanted = limit / 4;
        if (range > 0 && range <= wanted) return;
        string? host = Environment.ProcessPath;
        if (host is null) return;
        var argv = new List<string> { host };
        // `dotnet NetDsl.Cli.dll ...` runs through the muxer, which needs the assembly; an apphost does not.
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal)) argv.Add(Path.Combine(AppContext.BaseDirectory, typeof(AddressSpaceLimit).Assembly.GetName().Name + ".dll"));
        argv.AddRange(args);
        var environment = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables()) environment.Add(entry.Key + "=" + entry.Value);
        environment.Add(RegionRangeVariable + "=" + wanted.ToString("x", CultureInfo.InvariantCulture));
        try
        {
            // On Linux LPStr is UTF-8. Only returns when execve failed: the process then runs on as it is.
            Execve(host, [.. argv, null], [.. environment, null]);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
        }
    }

    private static long? SoftLimit()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max address space", StringComparison.Ordinal)) continue;
                var fields = line["Max address space".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) ? bytes : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int Execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);
}
