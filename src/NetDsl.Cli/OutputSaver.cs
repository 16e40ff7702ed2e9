using NetDsl.Output;
using NetDsl.Plotting;
using NetDsl.Simulation;

namespace NetDsl.Cli;

/// <summary>
/// Writes a run's outputs into a staged folder and swaps it into place (<see cref="OutputFolder"/>), turning
/// file-system failures into one clear line; a failed save leaves the folder's previous outputs as they were.
/// </summary>
public static class OutputSaver
{
    /// <summary>Saves every output of <paramref name="result"/> into <paramref name="directory"/>; returns the final paths.</summary>
    public static IReadOnlyList<string> Save(SimulationResult result, string directory, FigureFormat format, DataInclude? data = null)
    {
        try
        {
            using var staged = OutputFolder.Stage(directory);
            var written = WriteInto(result, staged.Path, format, data);
            staged.Commit(result.Definition.Name);
            return written.Select(staged.Final).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(directory, e);
        }
    }

    /// <summary>Writes the outputs into a folder as they are (each file atomically), for a folder staged by the caller.</summary>
    public static IReadOnlyList<string> WriteInto(SimulationResult result, string directory, FigureFormat format, DataInclude? data = null) =>
        ResultWriter.WriteAll(result, directory, new OutputOptions { Format = format, Data = data });

    /// <summary>A file's size for the summary: bytes, KB or MB (decimal, as file managers show them).</summary>
    public static string Size(string path)
    {
        long bytes = new FileInfo(path).Length;
        return bytes switch
        {
            < 1000 => bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " B",
            < 1_000_000 => (bytes / 1e3).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " KB",
            _ => (bytes / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB",
        };
    }

    /// <summary>The one line a failed save ends with.</summary>
    public static CommandFailedException Failed(string directory, Exception e) =>
        new($"{directory}: cannot write the outputs ({e.Message})");
}
