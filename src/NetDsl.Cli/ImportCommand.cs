using NetDsl.Cli.Import;
using NetDsl.Output;

namespace NetDsl.Cli;

/// <summary><c>netdsl import FILE.json [--out FILE.netdsl]</c>: a NetPyNE netParams (or saved-data) JSON file as a .netdsl model.</summary>
public sealed record ImportArguments(string File, string? Output);

public sealed class ImportCommand(TextWriter stdout, TextWriter stderr)
{
    public static readonly string[] OptionNames = ["--out", "--help"];

    public static ImportArguments Parse(string[] args)
    {
        string? file = null, output = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--out" or "-o")
            {
                if (i + 1 >= args.Length) throw new UsageException($"import: {arg} needs a file name");
                output = args[++i];
                if (string.IsNullOrWhiteSpace(output)) throw new UsageException($"import: {arg} needs a file name");
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                throw new UsageException($"import: unknown option '{arg}'" + (Suggest.Closest(arg, OptionNames) is string option ? $". Did you mean '{option}'?" : ""));
            }
            else if (file is not null)
            {
                throw new UsageException($"import: one FILE.json at a time (got '{file}' and '{arg}')");
            }
            else
            {
                file = arg;
            }
        }
        if (file is null) throw new UsageException("import needs a FILE.json (NetPyNE's netParams.save or saved-data JSON)");
        return new ImportArguments(file, output);
    }

    public int Execute(ImportArguments arguments)
    {
        string json = ModelSource.Read(arguments.File);
        ImportResult result;
        try
        {
            result = NetPyneImporter.Translate(json, Path.GetFileName(arguments.File));
        }
        catch (ImportException e)
        {
            throw new CommandFailedException(e.Message);
        }
        string path = arguments.Output ?? Path.ChangeExtension(Path.GetFileName(arguments.File), ".netdsl");
        try
        {
            AtomicFile.RemoveStaleTemporaries(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path));
            AtomicFile.WriteAllText(path, result.Text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot write {path}: {e.Message}");
        }
        stdout.WriteLine($"Saved {path}");
        if (result.Untranslated.Count > 0)
        {
            stderr.WriteLine($"netdsl: import: {result.Untranslated.Count} NetPyNE key{(result.Untranslated.Count == 1 ? " was" : "s were")} not translated; each is a '# not translated' comment in {path}:");
            foreach (string note in result.Untranslated) stderr.WriteLine("  " + note);
        }
        return ExitCodes.Ok;
    }
}
