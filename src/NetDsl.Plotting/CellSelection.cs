using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Plotting;

/// <summary>Resolves a plot's include list (gids, populations, cell types, tag ranges) to gids of a result.</summary>
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
        selector is null || selector.Selects(cell.Gid, cell.Population, cell.CellType, Tags(cell));

    public static CellTags Tags(CellInfo cell) => new(cell.X, cell.Y, cell.Z, cell.XNorm, cell.YNorm, cell.ZNorm);

    /// <summary>The value of one tag of a cell (µm for x, y, z; a fraction of the network's size for the norms).</summary>
    public static double TagValue(CellInfo cell, CellTag tag) => Tags(cell)[(ExpressionVariable)(int)tag];
}
