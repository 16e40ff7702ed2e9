using ScottPlot;
using SkiaSharp;
using NetDsl.Output;

namespace NetDsl.Plotting;

/// <summary>Image format of saved figures.</summary>
public enum FigureFormat
{
    Png,
    Svg,
}

/// <summary>
/// A drawn figure: one or more ScottPlot plots stacked vertically, with its pixel size and what it shows
/// (spikes, cells, connections, traces drawn), so callers and tests can check the content without reading pixels.
/// </summary>
public sealed class Figure
{
    internal Figure(string kind, IReadOnlyList<Plot> plots, int width, int height)
    {
        Kind = kind;
        Plots = plots;
        Width = width;
        Height = height;
    }

    public string Kind { get; }
    public IReadOnlyList<Plot> Plots { get; }
    public int Width { get; }
    public int Height { get; }

    public int SpikesDrawn { get; internal init; }
    public int CellsDrawn { get; internal init; }
    public int ConnectionsDrawn { get; internal init; }
    public int TracesDrawn { get; internal init; }

    /// <summary>The sample times a weights figure shows (columns of its histogram); 0 for other figures.</summary>
    public int WeightSamplesDrawn { get; internal init; }

    /// <summary>The numbers a connectivity figure shows; null for other figures.</summary>
    public ConnectivityMatrix? Matrix { get; internal init; }

    /// <summary>
    /// PNG settings: each row filtered against the one above and deflate level 3. Skia's default (all five filters
    /// tried per row, level 6) took 23-34 ms per tutorial figure, most of the time saving one; this takes 5-7 ms for
    /// files 10-20 % larger. PNG is lossless: the pixels are the same.
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Up, 3);

    /// <summary>Encodes the figure as PNG or SVG bytes.</summary>
    public byte[] Encode(FigureFormat format)
    {
        var multiplot = new Multiplot();
        multiplot.RemovePlot(multiplot.GetPlot(0));
        foreach (var plot in Plots) multiplot.AddPlot(plot);
        var rect = new PixelRect(0, Width, Height, 0);
        if (format == FigureFormat.Svg)
        {
            using var stream = new MemoryStream();
            using (var wstream = new SKManagedWStream(stream))
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), wstream))
            {
                multiplot.Render(canvas, rect);
            }
            return stream.ToArray();
        }
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        multiplot.Render(surface.Canvas, rect);
        using var pixels = surface.PeekPixels();
        using var data = pixels.Encode(PngOptions) ?? throw new InvalidOperationException($"The {Kind} figure could not be encoded as PNG.");
        return data.ToArray();
    }

    /// <summary>Saves atomically (temporary name, then rename).</summary>
    public void Save(string path, FigureFormat format = FigureFormat.Png) => AtomicFile.WriteAllBytes(path, Encode(format));
}
