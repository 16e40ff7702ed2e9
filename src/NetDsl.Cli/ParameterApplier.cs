using System.Globalization;

namespace NetDsl.Cli;

/// <summary>Applies <c>--set</c> and <c>--seed</c> to a model through its parameter paths.</summary>
public static class ParameterApplier
{
    private static readonly string[] SeedPaths = ["sim.seeds.conn", "sim.seeds.stim", "sim.seeds.loc", "sim.seeds.cell"];

    /// <summary>Sets every (path, value); an unknown path or a bad value is a usage error naming the valid paths.</summary>
    public static void Apply(INetworkModel model, IEnumerable<(string Path, double Value)> assignments)
    {
        foreach (var (path, value) in assignments)
        {
            try
            {
                model.Parameters.Set(path, value);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--set {path}={value.ToString("R", CultureInfo.InvariantCulture)}: {Explain(model, path, e)}");
            }
        }
    }

    /// <summary>
    /// Sets every (path, value as written): a number, or a name of a named choice (<c>sim.precision=fast</c>); an
    /// unknown path, an unknown name or a bad value is a usage error naming the valid paths or names.
    /// </summary>
    public static void Apply(INetworkModel model, IEnumerable<(string Path, string Value)> assignments)
    {
        foreach (var (path, value) in assignments)
        {
            try
            {
                model.Parameters.Set(path, value);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--set {path}={value}: {Explain(model, path, e)}");
            }
        }
    }

    /// <summary><c>--seed N</c> sets all four NetPyNE seeds (conn, stim, loc, cell) that the model has.</summary>
    public static void ApplySeed(INetworkModel model, int? seed)
    {
        if (seed is not int value) return;
        var paths = new List<(string, double)>();
        foreach (string path in SeedPaths)
        {
            if (model.Parameters.Paths.Contains(path)) paths.Add((path, value));
        }
        if (paths.Count == 0) throw new UsageException("--seed: the model has no sim.seeds.* parameters");
        Apply(model, paths);
    }

    /// <summary>The runtime's message; for an unknown path, the closest valid path first, then the list.</summary>
    private static string Explain(INetworkModel model, string path, ArgumentException e)
    {
        string message = OneLine(e.Message);
        const string unknown = "Unknown parameter path '";
        if (!message.StartsWith(unknown, StringComparison.Ordinal)) return message;
        var paths = model.Parameters.Paths;
        string? closest = Suggest.Closest(path, paths);
        return closest is null
            ? $"unknown parameter path '{path}'. Valid paths: {string.Join(", ", paths)}"
            : $"unknown parameter path '{path}'. Did you mean '{closest}'? Valid paths: {string.Join(", ", paths)}";
    }

    private static string OneLine(string message)
    {
        // ArgumentException appends " (Parameter 'path')"; the path is already named.
        int parameterNote = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        if (parameterNote > 0) message = message[..parameterNote];
        return message.ReplaceLineEndings(" ").Trim();
    }
}
