using NetDsl.Output;

namespace NetDsl.Cli;

/// <summary><c>netdsl export netpyne FILE.netdsl [--out FILE.py] [--set PATH=VALUE]...</c>: the model as a NetPyNE 1.1.0 script.</summary>
public sealed record ExportArguments(string Format, string File, string? Output, IReadOnlyList<ParameterSetting> Settings);

public sealed class ExportCommand(TextWriter stdout, TextWriter stderr)
{
    public static ExportArguments Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            throw new UsageException("export needs a format: netpyne");
        if (args[0] != "netpyne")
            throw new UsageException($"export: unknown format '{args[0]}' (expected netpyne)" + (Suggest.Closest(args[0], ["netpyne"]) is string closest ? $". Did you mean '{closest}'?" : ""));
        string? file = null, output = null;
        var settings = new List<ParameterSetting>();
        for (int i = 1; i < args.Length; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"export: {arg} needs a value");
            switch (arg)
            {
                case "--out": output = Value(); break;
                case "--set": settings.Add(CommandLineParser.ParseSetting(Value(), allowLists: false)); break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                        throw new UsageException($"export: unknown option '{arg}'" + (Suggest.Closest(arg, ["--out", "--set"]) is string option ? $". Did you mean '{option}'?" : ""));
                    if (file is not null) throw new UsageException($"export: one FILE.netdsl at a time (got '{file}' and '{arg}')");
                    file = arg;
                    break;
            }
        }
        if (file is null) throw new UsageException("export netpyne needs a FILE.netdsl");
        if (output is not null && string.IsNullOrWhiteSpace(output)) throw new UsageException("export: --out needs a file name");
        return new ExportArguments(args[0], file, output, settings);
    }

    public int Execute(ExportArguments arguments)
    {
        var compiled = ModelSource.LoadOrReport(arguments.File, stderr);
        if (compiled is null) return ExitCodes.ModelError;
        var model = compiled.CreateModel();
        ParameterApplier.Apply(model, arguments.Settings.Select(s => (s.Path, s.Values[0])).ToList());
        string script = NetPyneScriptWriter.Write(model.ToDefinition(), Path.GetFileName(arguments.File));
        string path = arguments.Output ?? Path.ChangeExtension(Path.GetFileName(arguments.File), null) + "_netpyne.py";
        try
        {
            AtomicFile.RemoveStaleTemporaries(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path));
            AtomicFile.WriteAllText(path, script);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot write {path}: {e.Message}");
        }
        stdout.WriteLine($"Saved {path}");
        return ExitCodes.Ok;
    }
}
