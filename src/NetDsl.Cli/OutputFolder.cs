namespace NetDsl.Cli;

/// <summary>Creates the output folder and proves it writable before any simulation time is spent.</summary>
public static class OutputFolder
{
    public static string Prepare(string directory)
    {
        string probe = Path.Combine(directory, ".netdsl-write-test-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
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
}
