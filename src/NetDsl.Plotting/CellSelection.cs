using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Plotting;

/// <summary>Resolves a plot's include list (gids, populations, cell types) to gids of a result.</summary>
public static class CellSelection
{
    /// <summary>The selected gids in gid order; null selects every cell.</summary>
    public static IReadOnlyList<int> Gids(SimulationResult result, CellSelector? selector)
    {
        var gids = new List<int>();
        foreach (var cell in result.Cells)
        {
            if (Contains(selector, cell)) gids.Add(cell.Gid);
        }
        gids.Sort();
        return gids;
    }

    public static bool Contains(CellSelector? selector, CellInfo cell) =>
        selector is null || selector.Selects(cell.Gid, cell.Population, cell.CellType);
}
