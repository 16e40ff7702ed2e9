using System.Globalization;
using System.Text.RegularExpressions;

namespace NetDsl.Output;

/// <summary>
/// Writes files under a temporary name in the target folder and renames them into place, so an interrupted
/// run never leaves a half-written output behind. A process killed while writing leaves its temporary file;
/// <see cref="RemoveStaleTemporaries"/> removes those of processes that no longer run.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; the file appears only when complete.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temporary = Path.Combine(directory, TemporaryName(Path.GetFileName(fullPath), Environment.ProcessId));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: false);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>The temporary name of <paramref name="fileName"/> written by process <paramref name="processId"/>: <c>.name.pid.xxxxxxxx.tmp</c>.</summary>
    public static string TemporaryName(string fileName, int processId) =>
        "." + fileName + "." + processId.ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";

    /// <summary>
    /// Deletes the temporary files in <paramref name="directory"/> that processes no longer running left behind
    /// (killed while writing), only those of <paramref name="fileName"/> when it is given. Returns how many were removed.
    /// </summary>
    public static int RemoveStaleTemporaries(string directory, string? fileName = null)
    {
        if (!Directory.Exists(directory)) return 0;
        int removed = 0;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, "." + (fileName ?? "*") + ".*.tmp").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (string path in candidates)
        {
            var match = TemporaryPattern().Match(Path.GetFileName(path));
            if (!match.Success || (fileName is not null && match.Groups["name"].Value != fileName)) continue;
            if (!int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || ProcessIds.IsRunning(pid)) continue;
            if (TryDelete(path)) removed++;
        }
        return removed;
    }

    [GeneratedRegex(@"^\.(?<name>.+)\.(?<pid>[0-9]+)\.[0-9a-f]{8}\.tmp$")]
    private static partial Regex TemporaryPattern();

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }
}

/// <summary>Whether the process that named a temporary file or folder still runs.</summary>
public static class ProcessIds
{
    /// <summary>True for this process and any process that exists; a leftover of either must not be touched.</summary>
    public static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId) return true;
        if (processId <= 0) return false;
        if (OperatingSystem.IsLinux()) return Directory.Exists("/proc/" + processId.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }
}
