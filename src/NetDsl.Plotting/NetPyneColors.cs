using ScottPlot;

namespace NetDsl.Plotting;

/// <summary>NetPyNE's population colours (its <c>colorList</c>), in population order, repeating.</summary>
public static class NetPyneColors
{
    private static readonly (double R, double G, double B)[] Palette =
    [
        (0.42, 0.67, 0.84), (0.90, 0.76, 0.00), (0.42, 0.83, 0.59), (0.90, 0.32, 0.00),
        (0.34, 0.67, 0.67), (0.90, 0.59, 0.00), (0.42, 0.82, 0.83), (1.00, 0.85, 0.00),
        (0.33, 0.67, 0.47), (1.00, 0.38, 0.60), (0.57, 0.67, 0.33), (0.50, 0.20, 0.00),
        (0.71, 0.82, 0.41), (0.00, 0.20, 0.50), (0.70, 0.30, 0.10),
    ];

    public static Color ForPopulation(int index)
    {
        var (r, g, b) = Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];
        return new Color((byte)Math.Round(r * 255), (byte)Math.Round(g * 255), (byte)Math.Round(b * 255));
    }

    /// <summary>Connection colour of the 2D network: blue for inhibitory synapse labels, red otherwise (NetPyNE's rule).</summary>
    public static Color ForSynapse(string synapse) =>
        IsInhibitoryLabel(synapse) ? new Color(0, 0, 255) : new Color(255, 0, 0);

    /// <summary>NetPyNE decides by label, not by reversal potential: inh, GABA, GABAA, GABAB.</summary>
    public static bool IsInhibitoryLabel(string synapse) =>
        synapse is "inh" or "GABA" or "GABAA" or "GABAB";
}
