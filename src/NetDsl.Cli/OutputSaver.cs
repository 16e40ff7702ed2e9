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
    public static IReadOnlyList<string> Save(SimulationResult result, string directory, FigureFormat format)
    {
        try
        {
            using var staged = OutputFolder.Stage(directory);
            var written = WriteInto(result, staged.Path, format);
            staged.Commit(result.Definition.Name);
            return written.Select(staged.Final).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(directory, e);
        }
    }

    /// <summary>Writes the outputs into a folder as they are (each file atomically), for a folder staged by the caller.</summary>
    public static IReadOnlyList<string> WriteInto(SimulationResult result, string directory, FigureFormat format) =>
        ResultWriter.WriteAll(result, directory, new OutputOptions { Format = format });

    /// <summary>The one line a failed save ends with.</summary>
    public static CommandFailedException Failed(string directory, Exception e) =>
        new($"{directory}: cannot write the outputs ({e.Message})");
}
