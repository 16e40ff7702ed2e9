namespace NetDsl.Cli;

/// <summary>Reads a model file, turning every way it can fail into one clear usage error.</summary>
public static class ModelSource
{
    public static string Read(string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"{path}: is a folder, expected a .netdsl file", pointToHelp: false);
        if (!File.Exists(path)) throw new UsageException($"{path}: file not found", pointToHelp: false);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot read the file ({e.Message})", pointToHelp: false);
        }
    }

    /// <summary>Reads and checks the file and prints its diagnostics; returns null (after printing) when it has errors.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled (Ctrl-C).</exception>
    public static LoadedModel? LoadOrReport(string path, TextWriter stderr, CancellationToken cancellation = default, ConsoleProgress? progress = null)
    {
        var loaded = ModelLoader.Load(path, Read(path), cancellation);
        progress?.Finish();
        foreach (var diagnostic in loaded.Diagnostics) stderr.WriteLine(DiagnosticFormatter.Format(diagnostic, path));
        return loaded.HasErrors ? null : loaded;
    }
}
