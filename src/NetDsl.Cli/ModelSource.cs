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

    /// <summary>Compiles the file and prints its diagnostics; returns null (after printing) when it has errors.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled (Ctrl-C).</exception>
    /// <param name="cache">Where compiled models are kept between runs; null compiles every time (<c>--no-cache</c>).</param>
    public static CompilationOutcome? CompileOrReport(string path, TextWriter stderr, CancellationToken cancellation = default, ConsoleProgress? progress = null,
        ModelCache? cache = null)
    {
        string source = Read(path);
        var outcome = cache is null ? ModelCompiler.Compile(path, source, cancellation: cancellation) : cache.Compile(path, source, cancellation: cancellation);
        progress?.Finish();
        foreach (var diagnostic in outcome.Diagnostics) stderr.WriteLine(DiagnosticFormatter.Format(diagnostic, path));
        if (outcome.HasErrors || outcome.ModelType is null)
        {
            if (!outcome.HasErrors) stderr.WriteLine("netdsl: " + (outcome.Problem ?? path + ": produced no network model"));
            outcome.Dispose();
            return null;
        }
        return outcome;
    }
}
