using System.Globalization;
using System.Text.RegularExpressions;
using NetDsl.Output;

namespace NetDsl.Cli;

/// <summary>
/// The output folder of a run. Outputs are written into a fresh sibling folder (<c>out/Net.saving-PID-ID</c>) that is
/// swapped into place when complete: the old folder is renamed aside (<c>out/Net.previous-PID-ID</c>), the new one
/// renamed in, the old one deleted. A run killed at any point leaves either the old outputs or the new ones under
/// the folder's name, never a mix, and the next run into the same folder finishes or removes what it left
/// (<see cref="Recover"/>). A folder that holds files of its own (not a NetDsl output folder) is never renamed or
/// deleted: the outputs are then written into it one by one, each file atomically.
/// </summary>
public static partial class OutputFolder
{
    /// <summary>
    /// Written last into a staged folder: its presence means every output is complete. It lists the folder's entries,
    /// so a later run knows the folder holds nothing else and may replace it whole.
    /// </summary>
    public const string MarkerFileName = ".netdsl-output";

    private const string SavingTag = "saving", PreviousTag = "previous";

    /// <summary>
    /// Finishes or cleans up what an earlier killed run left, creates the folder and proves it writable before any
    /// simulation time is spent.
    /// </summary>
    public static string Prepare(string directory)
    {
        string probe = Path.Combine(directory, ".netdsl-write-test-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Recover(directory);
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"{directory}: cannot write to the output folder ({e.Message})");
        }
    }

    /// <summary>
    /// Repairs the folder after runs that were killed while saving (their processes no longer run): a complete staged
    /// folder whose swap was cut short is moved into place, else the old outputs are moved back; other staged and
    /// old folders are deleted, and stale temporary files inside the folder removed. Leftovers of running processes
    /// (a concurrent run into the same folder) are left alone.
    /// </summary>
    public static void Recover(string directory)
    {
        var (parent, name) = Split(directory);
        if (parent is null || !Directory.Exists(parent)) return;
        var saving = new List<DirectoryInfo>();
        var previous = new List<DirectoryInfo>();
        foreach (var sibling in new DirectoryInfo(parent).EnumerateDirectories(name + ".*"))
        {
            var match = SiblingPattern().Match(sibling.Name[name.Length..]);
            if (!match.Success || ProcessIds.IsRunning(int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture))) continue;
            (match.Groups["tag"].Value == SavingTag ? saving : previous).Add(sibling);
        }
        string target = Path.Combine(parent, name);
        if (!Directory.Exists(target) && !File.Exists(target))
        {
            // Killed between the two renames of a swap: the complete new outputs win, else the old ones come back.
            var complete = saving.Where(s => File.Exists(Path.Combine(s.FullName, MarkerFileName))).OrderByDescending(s => s.LastWriteTimeUtc).FirstOrDefault();
            var restore = complete ?? previous.OrderByDescending(p => p.LastWriteTimeUtc).FirstOrDefault();
            if (restore is not null)
            {
                Directory.Move(restore.FullName, target);
                saving.Remove(restore);
                previous.Remove(restore);
            }
        }
        foreach (var leftover in saving.Concat(previous)) DeleteTree(leftover.FullName);
        AtomicFile.RemoveStaleTemporaries(target);
    }

    /// <summary>
    /// A fresh folder to write the outputs of <paramref name="directory"/> into, swapped into place by
    /// <see cref="StagedFolder.Commit"/>; or the folder itself when it holds files other than NetDsl's outputs.
    /// </summary>
    public static StagedFolder Stage(string directory)
    {
        var (parent, name) = Split(directory);
        if (parent is null || !CanReplace(directory))
        {
            Directory.CreateDirectory(directory);
            AtomicFile.RemoveStaleTemporaries(directory);
            return new StagedFolder(directory, directory, replaces: false);
        }
        string staging = Path.Combine(parent, SiblingName(name, SavingTag));
        Directory.CreateDirectory(staging);
        return new StagedFolder(directory, staging, replaces: true);
    }

    /// <summary>
    /// Whether the folder may be replaced whole: it does not exist, is empty (but for stale temporary files), or is a
    /// NetDsl output folder holding only what its marker lists. Never the working directory.
    /// </summary>
    public static bool CanReplace(string directory)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (File.Exists(full)) return false;
        if (!Directory.Exists(full)) return true;
        if (string.Equals(full, Path.TrimEndingDirectorySeparator(Path.GetFullPath(Environment.CurrentDirectory)), StringComparison.Ordinal)) return false;
        var entries = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Where(e => !IsTemporary(e!)).ToList();
        if (entries.Count == 0) return true;
        string marker = Path.Combine(full, MarkerFileName);
        if (!File.Exists(marker)) return false;
        var listed = new HashSet<string>(File.ReadAllLines(marker).Where(l => l.Length > 0 && !l.StartsWith('#')), StringComparer.Ordinal) { MarkerFileName };
        return entries.All(e => listed.Contains(e!));
    }

    /// <summary>Writes the marker of a complete folder: its entries, one a line.</summary>
    internal static void WriteMarker(string folder, string network)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Where(e => e != MarkerFileName && !IsTemporary(e!)).Order(StringComparer.Ordinal);
        AtomicFile.WriteAllText(Path.Combine(folder, MarkerFileName),
            $"# NetDsl outputs of {network}; the next run into this folder replaces it whole, so keep other files elsewhere\n" + string.Join("\n", entries) + "\n");
    }

    internal static string SiblingName(string name, string tag) =>
        name + "." + tag + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    internal static string PreviousName(string name) => SiblingName(name, PreviousTag);

    private static bool IsTemporary(string name) => name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>The parent folder and the folder's own name; no parent for a root.</summary>
    internal static (string? Parent, string Name) Split(string directory)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return (Path.GetDirectoryName(full), Path.GetFileName(full));
    }

    internal static void DeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's recovery.
        }
    }

    [GeneratedRegex(@"^\.(?<tag>saving|previous)-(?<pid>[0-9]{1,9})-[0-9a-f]{8}$")]
    private static partial Regex SiblingPattern();
}

/// <summary>
/// Where a run's outputs are being written (<see cref="Path"/>) until <see cref="Commit"/> puts them in place.
/// Disposing without committing deletes the staged folder, so a failed save leaves the previous outputs as they were.
/// </summary>
public sealed class StagedFolder : IDisposable
{
    private readonly bool _replaces;
    private bool _committed;

    internal StagedFolder(string target, string path, bool replaces)
    {
        Target = target;
        Path = path;
        _replaces = replaces;
    }

    /// <summary>The folder the outputs end up in.</summary>
    public string Target { get; }

    /// <summary>The folder to write into now.</summary>
    public string Path { get; }

    /// <summary>Whether the outputs replace the folder whole (false: written into a folder that holds other files).</summary>
    public bool ReplacesFolder => _replaces;

    /// <summary>Marks the staged outputs complete and swaps them into place.</summary>
    public void Commit(string network)
    {
        if (_committed) return;
        if (_replaces)
        {
            OutputFolder.WriteMarker(Path, network);
            string target = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Target));
            string? previous = null;
            if (Directory.Exists(target))
            {
                // Linux cannot rename a folder over a non-empty one: the old one goes aside first.
                var (parent, name) = OutputFolder.Split(target);
                previous = System.IO.Path.Combine(parent!, OutputFolder.PreviousName(name));
                Directory.Move(target, previous);
            }
            try
            {
                Directory.Move(Path, target);
            }
            catch
            {
                if (previous is not null && !Directory.Exists(target)) Directory.Move(previous, target);
                throw;
            }
            if (previous is not null) OutputFolder.DeleteTree(previous);
        }
        _committed = true;
    }

    /// <summary>A path inside the staged folder, as it will be once committed.</summary>
    public string Final(string stagedPath) =>
        _replaces && stagedPath.StartsWith(Path, StringComparison.Ordinal) ? System.IO.Path.TrimEndingDirectorySeparator(Target) + stagedPath[Path.Length..] : stagedPath;

    public void Dispose()
    {
        if (!_committed && _replaces) OutputFolder.DeleteTree(Path);
    }
}
