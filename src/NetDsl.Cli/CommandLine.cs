using System.Globalization;
using NetDsl.Models;

namespace NetDsl.Cli;

/// <summary>
/// A <c>--set PATH=VALUE[,VALUE...]</c> argument. <see cref="Values"/> are numbers in the invariant culture
/// (<c>0.5</c>) or, on a path of a named choice (<see cref="NamedChoices.ForPath"/>), names (<c>fast</c>).
/// </summary>
public sealed record ParameterSetting(string Path, IReadOnlyList<string> Values, string Text);

/// <summary>Options shared by run and sweep.</summary>
public abstract record ModelCommandArguments
{
    public required string File { get; init; }
    public string? OutputDirectory { get; init; }
    public IReadOnlyList<ParameterSetting> Settings { get; init; } = [];
    public int? Seed { get; init; }
    public int? Threads { get; init; }
    /// <summary><c>--precision exact|fast|single</c>: overrides the file's <c>sim precision=</c>.</summary>
    public NetDsl.Definition.SimulationPrecision? Precision { get; init; }
    public bool Quiet { get; init; }
    public bool Svg { get; init; }
    /// <summary><c>--save PARTS</c>: what the data JSON holds (NetPyNE's saveDataInclude; null: the default).</summary>
    public NetDsl.Output.DataInclude? Save { get; init; }
}

public sealed record RunArguments : ModelCommandArguments
{
    public bool Timing { get; init; }
    /// <summary><c>--distributed</c>: run on the ranks MPI started (also implied by an mpirun launch of several ranks).</summary>
    public bool Distributed { get; init; }
}

public sealed record SweepArguments : ModelCommandArguments;

public sealed record CheckArguments(IReadOnlyList<string> Files);

/// <summary>Hand-written parsing of the three commands; every mistake becomes a <see cref="UsageException"/>.</summary>
public static class CommandLineParser
{
    public static RunArguments ParseRun(string[] args)
    {
        // --distributed is run's only switch besides --timing; taken out here so that the shared parser stays sweep's too.
        bool distributed = Array.IndexOf(args, "--distributed") >= 0;
        var common = ParseModelCommand("run", [.. args.Where(a => a != "--distributed")], allowLists: false, allowTiming: true, out bool timing);
        return new RunArguments
        {
            File = common.File, OutputDirectory = common.OutputDirectory, Settings = common.Settings, Seed = common.Seed,
            Threads = common.Threads, Precision = common.Precision, Quiet = common.Quiet, Svg = common.Svg, Timing = timing,
            Distributed = distributed, Save = common.Save,
        };
    }

    public static SweepArguments ParseSweep(string[] args)
    {
        var common = ParseModelCommand("sweep", args, allowLists: true, allowTiming: false, out _);
        if (common.Settings.Count == 0) throw new UsageException("sweep needs at least one --set PATH=V1,V2,...");
        return new SweepArguments
        {
            File = common.File, OutputDirectory = common.OutputDirectory, Settings = common.Settings, Seed = common.Seed,
            Threads = common.Threads, Precision = common.Precision, Quiet = common.Quiet, Svg = common.Svg, Save = common.Save,
        };
    }

    public static CheckArguments ParseCheck(string[] args)
    {
        var files = new List<string>();
        foreach (string arg in args)
        {
            if (arg.StartsWith('-') && arg.Length > 1) throw UnknownOption("check", arg, CheckOptionNames);
            else files.Add(arg);
        }
        if (files.Count == 0) throw new UsageException("check needs at least one FILE.netdsl");
        return new CheckArguments(files);
    }

    /// <summary>
    /// Parses <c>PATH=VALUE</c> or, for sweeps, <c>PATH=V1,V2,...</c>. Values are numbers, or the names of a named
    /// choice on its paths (<c>sim.precision=fast</c>, <c>sim.synapses=aggregated</c>, <c>cell.IZH.celltype=FS</c>),
    /// whose numbers are accepted too.
    /// </summary>
    public static ParameterSetting ParseSetting(string text, bool allowLists)
    {
        int equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1) throw new UsageException($"--set expects PATH=VALUE, got '{text}'");
        string path = text[..equals].Trim();
        var choices = NamedChoices.ForPath(path);
        var values = new List<string>();
        foreach (string part in text[(equals + 1)..].Split(','))
        {
            string value = part.Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
            {
                values.Add(number.ToString("R", CultureInfo.InvariantCulture));
            }
            else if (choices is null)
            {
                throw new UsageException($"--set {path}: '{value}' is not a number");
            }
            else if (choices.Find(value) is null)
            {
                throw new UsageException($"--set {path}: '{value}' is not a {choices.Parameter}; valid names: {string.Join(", ", choices.Names)}");
            }
            else
            {
                values.Add(value);
            }
        }
        if (values.Count > 1 && !allowLists) throw new UsageException($"--set {path}: run takes one value per path (use 'netdsl sweep' for lists)");
        return new ParameterSetting(path, values, text);
    }

    private static RunArguments ParseModelCommand(string command, string[] args, bool allowLists, bool allowTiming, out bool timing)
    {
        string? file = null, output = null;
        int? seed = null, threads = null;
        NetDsl.Definition.SimulationPrecision? precision = null;
        bool quiet = false, svg = false;
        NetDsl.Output.DataInclude? save = null;
        timing = false;
        var settings = new List<ParameterSetting>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Length) throw new UsageException($"{command}: {arg} needs a value");
                return args[++i];
            }
            switch (arg)
            {
                case "--out" or "-o":
                    output = Value();
                    if (output.Trim().Length == 0 || output.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                    {
                        throw new UsageException($"{command}: {arg} needs a folder name, got '{output}'");
                    }
                    break;
                case "--set" or "-s":
                    settings.Add(ParseSetting(Value(), allowLists));
                    break;
                case "--seed":
                    seed = ParseInt(arg, Value(), 0);
                    break;
                case "--threads" or "-t":
                    threads = ParseInt(arg, Value(), 1);
                    // The same limit as the file's `sim threads=`.
                    if (!NetDsl.Models.ValueLimits.Threads.Contains(threads.Value))
                        throw new UsageException($"{arg}: {NetDsl.Models.ValueLimits.Threads.Description}, got {threads.Value}");
                    break;
                case "--precision":
                    // The names of sim precision= (NamedChoices.Precision), the same table as the language's.
                    string name = Value();
                    precision = Choices.Precision.TryParse(name, out var parsed)
                        ? parsed
                        : throw new UsageException($"{command}: --precision takes {Choices.Precision.Set.NameList}, not '{name}'");
                    break;
                case "--quiet" or "-q":
                    quiet = true;
                    break;
                case "--svg":
                    svg = true;
                    break;
                case "--save":
                    string parts = Value();
                    try
                    {
                        save = NetDsl.Output.DataInclude.Parse(parts);
                    }
                    catch (FormatException e)
                    {
                        throw new UsageException($"{command}: --save: {e.Message}");
                    }
                    break;
                case "--timing" when allowTiming:
                    timing = true;
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1) throw UnknownOption(command, arg, allowTiming ? RunOptionNames : SweepOptionNames);
                    if (file is not null) throw new UsageException($"{command}: one FILE.netdsl expected, got '{file}' and '{arg}'");
                    file = arg;
                    break;
            }
        }
        if (file is null) throw new UsageException($"{command} needs a FILE.netdsl");
        return new RunArguments { File = file, OutputDirectory = output, Settings = settings, Seed = seed, Threads = threads, Precision = precision, Quiet = quiet, Svg = svg, Save = save };
    }

    /// <summary>The options of each command, for "did you mean".</summary>
    public static readonly string[] RunOptionNames = ["--out", "--set", "--seed", "--threads", "--precision", "--quiet", "--svg", "--save", "--timing", "--distributed", "--help"];

    public static readonly string[] SweepOptionNames = ["--out", "--set", "--seed", "--threads", "--precision", "--quiet", "--svg", "--save", "--help"];

    public static readonly string[] CheckOptionNames = ["--help"];

    /// <summary>Whether the arguments of a command ask for its help.</summary>
    public static bool AsksForHelp(IEnumerable<string> args) => args.Any(a => a is "-h" or "--help");

    private static UsageException UnknownOption(string command, string arg, IReadOnlyList<string> known)
    {
        string? closest = Suggest.Closest(arg, known);
        return new UsageException($"{command}: unknown option '{arg}'" + (closest is null ? "" : $". Did you mean '{closest}'?"));
    }

    private static int ParseInt(string option, string text, int minimum)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < minimum)
        {
            throw new UsageException($"{option} expects an integer >= {minimum}, got '{text}'");
        }
        return value;
    }
}
