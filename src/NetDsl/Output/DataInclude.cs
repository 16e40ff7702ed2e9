using NetDsl.Definition;

namespace NetDsl.Output;

/// <summary>
/// What the data JSON holds, as NetPyNE's <c>cfg.saveDataInclude</c> (<c>netParams</c>, <c>netCells</c>,
/// <c>netPops</c>, <c>simConfig</c>, <c>simData</c>) and <c>cfg.saveCellConns</c> (<c>conns</c>: every connection
/// in its post cell's entry). By default every part is written, the connections only up to
/// <see cref="DefaultConnectionLimit"/> of them: beyond that they are most of the file (about 200 bytes each) and of
/// the time it takes to write.
/// </summary>
public sealed record DataInclude
{
    /// <summary>Connections above which the default leaves them out.</summary>
    public const int DefaultConnectionLimit = 100_000;

    /// <summary>NetPyNE's part names, in the order the file holds them, then conns (the language's sim saveDataInclude takes the same).</summary>
    public static IReadOnlyList<string> PartNames => NetDsl.Models.SavedParts.Names;

    public bool NetParams { get; init; } = true;
    public bool NetCells { get; init; } = true;
    public bool NetPops { get; init; } = true;
    public bool SimConfig { get; init; } = true;
    public bool SimData { get; init; } = true;

    /// <summary>The connections in <c>net.cells[].conns</c>: always, never, or null for up to <see cref="DefaultConnectionLimit"/>.</summary>
    public bool? CellConns { get; init; }

    /// <summary>Every part and every connection (<c>--save all</c>).</summary>
    public static DataInclude All { get; } = new() { CellConns = true };

    /// <summary>What a model's <c>sim saveDataInclude=</c> asks for, or the default when it says nothing.</summary>
    public static DataInclude Of(SimulationSettings settings) =>
        settings.SaveDataInclude is { } parts ? Parse(string.Join(",", parts.Names)) : new DataInclude();

    /// <summary>Whether the connections of a network of <paramref name="connections"/> go in (only with the cells).</summary>
    public bool WritesConnections(int connections) => NetCells && (CellConns ?? connections <= DefaultConnectionLimit);

    /// <summary>Whether the default left the connections of such a network out (what the summary says how to change).</summary>
    public bool LeavesOutByDefault(int connections) => NetCells && CellConns is null && connections > DefaultConnectionLimit;

    /// <summary>The parts written, by NetPyNE's names (the file's <c>simConfig.saveDataInclude</c>).</summary>
    public IEnumerable<string> Parts()
    {
        if (NetParams) yield return "netParams";
        if (NetCells) yield return "netCells";
        if (NetPops) yield return "netPops";
        if (SimConfig) yield return "simConfig";
        if (SimData) yield return "simData";
    }

    /// <summary>
    /// A comma-separated list of part names (<see cref="PartNames"/>), or <c>all</c>; the parts not named are left out,
    /// and the connections too unless <c>conns</c> is named.
    /// </summary>
    /// <exception cref="FormatException">An unknown name; the message names the parts.</exception>
    public static DataInclude Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new FormatException($"name the parts to save: {string.Join(", ", PartNames)} or all");
        if (names is [NetDsl.Models.SavedParts.All]) return All;
        foreach (string name in names)
        {
            if (Array.IndexOf(NetDsl.Models.SavedParts.Names, name) < 0) throw new FormatException($"'{name}' is not a part of the data file; the parts are {string.Join(", ", PartNames)} (or all)");
        }
        bool Has(string part) => Array.IndexOf(names, part) >= 0;
        return new DataInclude
        {
            NetParams = Has("netParams"), NetCells = Has("netCells") || Has("conns"), NetPops = Has("netPops"),
            SimConfig = Has("simConfig"), SimData = Has("simData"), CellConns = Has("conns"),
        };
    }
}
