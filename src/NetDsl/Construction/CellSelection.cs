using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>Resolves a <see cref="CellSelector"/> to the gid-sorted set of cells it names (NetPyNE conds).</summary>
internal static class CellSelection
{
    public static int[] Resolve(CellSelector? selector, IReadOnlyList<PopulationInfo> populations, IReadOnlyList<CellInfo> cells, string context)
    {
        int[] gids = Resolve(selector, populations, cells.Count, context);
        if (selector is null || selector.Conditions.Count == 0) return gids;
        // Range conditions filter the named cells, keeping gid order (conn.py:156-199).
        int kept = 0;
        foreach (int gid in gids)
        {
            var tags = cells[gid].Tags;
            bool holds = true;
            foreach (var condition in selector.Conditions) holds &= condition.Holds(tags);
            if (holds) gids[kept++] = gid;
        }
        return gids[..kept];
    }

    private static int[] Resolve(CellSelector? selector, IReadOnlyList<PopulationInfo> populations, int cellCount, string context)
    {
        if (selector is null) return [];
        var gids = new List<int>();
        switch (selector.Kind)
        {
            case SelectorKind.All:
                for (int g = 0; g < cellCount; g++) gids.Add(g);
                break;
            case SelectorKind.Populations:
                foreach (var name in selector.Names)
                {
                    var pop = FindPopulation(populations, name)
                        ?? throw new NetDslModelException("population", $"{context}: population '{name}' is not defined.");
                    for (int g = pop.FirstGid; g < pop.EndGid; g++) gids.Add(g);
                }
                break;
            case SelectorKind.CellTypes:
                foreach (var name in selector.Names)
                {
                    bool any = false;
                    foreach (var pop in populations)
                    {
                        if (pop.CellType != name) continue;
                        any = true;
                        for (int g = pop.FirstGid; g < pop.EndGid; g++) gids.Add(g);
                    }
                    if (!any) throw new NetDslModelException("cellType", $"{context}: no population has cellType '{name}'.");
                }
                break;
            case SelectorKind.Gids:
                foreach (int g in selector.Gids)
                {
                    if (g < 0 || g >= cellCount)
                        throw new NetDslModelException("gid", $"{context}: gid {g} is outside 0..{cellCount - 1}.");
                    gids.Add(g);
                }
                break;
        }
        gids.Sort();
        // A cell matched twice is still one cell (conds filter a set).
        int write = 0;
        for (int i = 0; i < gids.Count; i++)
        {
            if (i == 0 || gids[i] != gids[i - 1]) gids[write++] = gids[i];
        }
        gids.RemoveRange(write, gids.Count - write);
        return gids.ToArray();
    }

    private static PopulationInfo? FindPopulation(IReadOnlyList<PopulationInfo> populations, string name)
    {
        foreach (var pop in populations)
        {
            if (pop.Name == name) return pop;
        }
        return null;
    }
}
