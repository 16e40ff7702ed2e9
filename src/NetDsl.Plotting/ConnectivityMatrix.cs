using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Plotting;

/// <summary>
/// A population × population matrix of one connectivity feature: <see cref="Values"/>[pre, post], rows labelled by
/// <see cref="Pre"/>, columns by <see cref="Post"/> (populations in file order, then the stimulus sources).
/// </summary>
public sealed record ConnectivityMatrix(
    ConnectivityFeature Feature,
    IReadOnlyList<string> Pre,
    IReadOnlyList<string> Post,
    double[,] Values,
    double[,] Counts)
{
    /// <summary>NetPyNE's name of a feature, as its plotConn titles, colorbars and file names write it.</summary>
    public static string FeatureName(ConnectivityFeature feature) => ConnectivityFeatures.NetPyneName(feature);

    /// <summary>The value for a pair of row and column labels.</summary>
    public double this[string pre, string post] => Values[IndexOf(Pre, pre), IndexOf(Post, post)];

    /// <summary>
    /// NetPyNE 1.1.0's plotConn with <c>groupBy='pop'</c>, computed as it computes it (network.py,
    /// _plotConnCalculateFromSim), for every cell (<paramref name="include"/> null: its <c>['all']</c>, populations then
    /// stimulus sources) or the selected cells. With n connections of summed weight W and summed delay D from a pre
    /// group of P cells to a post group of Q cells:
    /// numConns n; weight W / n; delay D / n; probability n / (P·Q), self pairs counted as possible;
    /// strength n / (P·Q) · W (NetPyNE multiplies the probability by the summed weight, not the mean);
    /// convergence n / Q; divergence n / P; 0 for every feature where n is 0, as NetPyNE shows it.
    /// A NetStim or VecStim source's connections are its stimuli (one per target cell); NetPyNE counts a source as
    /// many cells as the first post population, and a source is never a target, so its column is 0.
    /// </summary>
    public static ConnectivityMatrix Compute(SimulationResult result, ConnectivityFeature feature = ConnectivityFeature.Strength, CellSelector? include = null)
    {
        var included = new HashSet<int>(CellSelection.Gids(result, include));
        var selected = new Dictionary<int, int>();
        var populationCells = new List<(string Name, int Cells)>();
        foreach (var population in result.Populations)
        {
            int index = -1;
            for (int gid = population.FirstGid; gid < population.EndGid; gid++)
            {
                if (!included.Contains(gid)) continue;
                if (index < 0)
                {
                    index = populationCells.Count;
                    populationCells.Add((population.Name, 0));
                }
                populationCells[index] = (population.Name, populationCells[index].Cells + 1);
                selected[gid] = index;
            }
        }

        var labels = new List<string>();
        foreach (var (name, _) in populationCells) labels.Add(name);
        var sourceIndex = new Dictionary<string, int>();
        foreach (var source in result.Definition.StimSources)
        {
            if (!SelectsSource(include, source.Name)) continue;
            sourceIndex[source.Name] = labels.Count;
            labels.Add(source.Name);
        }

        int groups = labels.Count;
        var counts = new double[groups, groups];
        var weights = new double[groups, groups];
        var delays = new double[groups, groups];
        foreach (var connection in result.Connections)
        {
            if (selected.TryGetValue(connection.PreGid, out int pre) && selected.TryGetValue(connection.PostGid, out int post))
            {
                Add(pre, post, connection.Weight, connection.Delay);
            }
        }
        foreach (var stim in result.Stims)
        {
            // IClamps inject current: NetPyNE makes no connection for them.
            if (stim.Synapse is null || !sourceIndex.TryGetValue(stim.Source, out int pre) || !selected.TryGetValue(stim.Gid, out int post)) continue;
            Add(pre, post, stim.Weight, stim.Delay);
        }

        int firstPopulationCells = populationCells.Count > 0 ? populationCells[0].Cells : 0;
        int CellsOf(int group) => group < populationCells.Count ? populationCells[group].Cells : firstPopulationCells;

        var values = new double[groups, groups];
        for (int i = 0; i < groups; i++)
        {
            for (int j = 0; j < groups; j++)
            {
                double n = counts[i, j];
                double pairs = (double)CellsOf(i) * CellsOf(j);
                values[i, j] = feature switch
                {
                    ConnectivityFeature.Count => n,
                    ConnectivityFeature.Weight => Ratio(weights[i, j], n),
                    ConnectivityFeature.Delay => Ratio(delays[i, j], n),
                    ConnectivityFeature.Probability => Ratio(n, pairs),
                    ConnectivityFeature.Strength => Ratio(n, pairs) * weights[i, j],
                    ConnectivityFeature.Convergence => Ratio(n, CellsOf(j)),
                    ConnectivityFeature.Divergence => Ratio(n, CellsOf(i)),
                };
            }
        }
        return new ConnectivityMatrix(feature, labels, labels, values, counts);

        void Add(int pre, int post, double weight, double delay)
        {
            counts[pre, post]++;
            weights[pre, post] += weight;
            delays[pre, post] += delay;
        }
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    /// <summary>NetPyNE's include takes a stimulus source by name; every source is in <c>['all']</c>.</summary>
    private static bool SelectsSource(CellSelector? include, string source) =>
        include is null || (include.Kind == SelectorKind.All && include.Conditions.Count == 0) || (include.Kind == SelectorKind.Populations && include.Names.Contains(source));

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label) return i;
        }
        throw new ArgumentException($"'{label}' is not a row or column of the matrix.", nameof(label));
    }
}
