using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// NetPyNE 1.1.0's population placement (network/pop.py): the number of cells a population gets and where each one
/// sits. The way is chosen as NetPyNE chooses it: cellsList, else numCells, else density, else gridSpacing.
/// </summary>
internal static class PopulationPlacement
{
    private enum Way { Random, Grid, List }

    /// <summary>Checks the population's placement keys and returns its number of cells.</summary>
    public static int Count(PopulationDefinition pop, NetworkDefinition network) => Count(pop, network.SizeX, network.SizeY, network.SizeZ);

    /// <summary>Checks the population's placement keys and returns its number of cells in a sizeX · sizeY · sizeZ µm box.</summary>
    public static int Count(PopulationDefinition pop, double sizeX, double sizeY, double sizeZ)
    {
        var network = new Box(sizeX, sizeY, sizeZ);
        string ctx = $"Population '{pop.Name}'";
        if (pop.Count < 0) throw NetworkBuilder.Invalid("numCells", $"{ctx}: numCells must be >= 0 (got {pop.Count}).");
        int given = (pop.CellsList is null ? 0 : 1) + (pop.Density is null ? 0 : 1) + (pop.GridSpacing is null ? 0 : 1);
        if (given > 1) throw NetworkBuilder.Invalid("numCells", $"{ctx}: give only one of cellsList, density and gridSpacing.");
        if (given == 1 && pop.Count != 0)
            throw NetworkBuilder.Invalid("numCells", $"{ctx}: numCells ({pop.Count}) cannot be given together with {(pop.CellsList is not null ? "cellsList" : pop.Density is not null ? "density" : "gridSpacing")}, which sets the number of cells.");
        CheckRange(pop.XNormRange, 1, "xnormRange", ctx);
        CheckRange(pop.YNormRange, 1, "ynormRange", ctx);
        CheckRange(pop.ZNormRange, 1, "znormRange", ctx);
        CheckRange(pop.XRange, network.SizeX, "xRange", ctx);
        CheckRange(pop.YRange, network.SizeY, "yRange", ctx);
        CheckRange(pop.ZRange, network.SizeZ, "zRange", ctx);

        if (pop.CellsList is { } list)
        {
            foreach (var cell in list)
            {
                foreach (double? v in new[] { cell.X, cell.Y, cell.Z, cell.XNorm, cell.YNorm, cell.ZNorm })
                {
                    if (v is { } value && !double.IsFinite(value)) throw NetworkBuilder.Invalid("cellsList", $"{ctx}: cellsList coordinates must be finite.");
                }
            }
            return list.Count;
        }
        if (pop.Density is { } density)
        {
            if (!double.IsFinite(density) || density < 0) throw NetworkBuilder.Invalid("density", $"{ctx}: density must be a finite number of cells/mm³ >= 0 (got {NetworkBuilder.Num(density)}).");
            // pop.py:211-225: the box in mm³, times the width of each normalised range, x, y, z in that order.
            double volume = network.SizeY / 1e3 * network.SizeX / 1e3 * network.SizeZ / 1e3;
            volume *= Width(Norm(pop.XRange, pop.XNormRange, network.SizeX));
            volume *= Width(Norm(pop.YRange, pop.YNormRange, network.SizeY));
            volume *= Width(Norm(pop.ZRange, pop.ZNormRange, network.SizeZ));
            double cells = Math.Truncate(density * volume);
            if (cells < 1)
                throw NetworkBuilder.Invalid("density", $"{ctx}: density {NetworkBuilder.Num(density)} cells/mm³ in {NetworkBuilder.Num(volume)} mm³ gives 0 cells (NetPyNE raises ValueError); raise the density or widen the ranges.");
            if (cells > int.MaxValue)
                throw NetworkBuilder.Invalid("density", $"{ctx}: density {NetworkBuilder.Num(density)} cells/mm³ in {NetworkBuilder.Num(volume)} mm³ gives {cells:0.###e0} cells; a network has at most {int.MaxValue:N0}.");
            return (int)cells;
        }
        if (pop.GridSpacing is { } spacing)
        {
            if (!(spacing > 0) || !double.IsFinite(spacing)) throw NetworkBuilder.Invalid("gridSpacing", $"{ctx}: gridSpacing must be > 0 µm (got {NetworkBuilder.Num(spacing)}).");
            long cells = (long)GridAxis(pop, pop.XRange, pop.XNormRange, network.SizeX, spacing).Length * GridAxis(pop, pop.YRange, pop.YNormRange, network.SizeY, spacing).Length * GridAxis(pop, pop.ZRange, pop.ZNormRange, network.SizeZ, spacing).Length;
            if (cells > int.MaxValue)
                throw NetworkBuilder.Invalid("gridSpacing", $"{ctx}: gridSpacing {NetworkBuilder.Num(spacing)} µm gives {cells:N0} cells; a network has at most {int.MaxValue:N0}.");
            return (int)cells;
        }
        return pop.Count;
    }

    /// <summary>Places the <paramref name="count"/> cells of a population (from <see cref="Count"/>) in gid order.</summary>
    public static Cursor Start(PopulationDefinition pop, NetworkDefinition network, int firstGid, int count, int locSeed) => new(pop, network, firstGid, count, locSeed);

    /// <summary>Hands out one cell position after the other, in gid order.</summary>
    public sealed class Cursor
    {
        private readonly Way _way;
        private readonly NetworkDefinition _network;
        private readonly IReadOnlyList<CellLocation>? _list;
        private readonly double[]? _gx, _gy, _gz;
        private readonly PlacementRange? _xn, _yn, _zn;
        private Random123Stream _stream;
        private int _next;

        internal Cursor(PopulationDefinition pop, NetworkDefinition network, int firstGid, int count, int locSeed)
        {
            _network = network;
            if (pop.CellsList is not null) { _way = Way.List; _list = pop.CellsList; return; }
            if (pop.Density is null && pop.GridSpacing is { } spacing)
            {
                _way = Way.Grid;
                _gx = GridAxis(pop, pop.XRange, pop.XNormRange, network.SizeX, spacing); _gy = GridAxis(pop, pop.YRange, pop.YNormRange, network.SizeY, spacing); _gz = GridAxis(pop, pop.ZRange, pop.ZNormRange, network.SizeZ, spacing);
                return;
            }
            _way = Way.Random;
            _xn = Norm(pop.XRange, pop.XNormRange, network.SizeX);
            _yn = Norm(pop.YRange, pop.YNormRange, network.SizeY);
            _zn = Norm(pop.ZRange, pop.ZNormRange, network.SizeZ);
            // pop.py:104-108: Random123(numCells, firstGid, loc seed), one uniform discarded, then x0 y0 z0 x1 ...
            _stream = new Random123Stream((uint)count, (uint)firstGid, (uint)locSeed);
            if (count > 0) _stream.Uniform(0, 1);
        }

        internal CellTags Next()
        {
            int i = _next++;
            switch (_way)
            {
                case Way.List:
                {
                    var cell = _list![i];
                    var (x, xn) = Axis(cell.X, cell.XNorm, _network.SizeX);
                    var (y, yn) = Axis(cell.Y, cell.YNorm, _network.SizeY);
                    var (z, zn) = Axis(cell.Z, cell.ZNorm, _network.SizeZ);
                    return new CellTags(x, y, z, xn, yn, zn);
                }
                case Way.Grid:
                {
                    // pop.py:449-454: x outer, y, z inner; x is the grid value, xnorm = x / sizeX.
                    int ny = _gy!.Length, nz = _gz!.Length;
                    double x = _gx![i / (ny * nz)], y = _gy[i / nz % ny], z = _gz[i % nz];
                    return new CellTags(x, y, z, x / _network.SizeX, y / _network.SizeY, z / _network.SizeZ);
                }
                default:
                {
                    double xn = Scale(_stream.Uniform(0, 1), _xn), yn = Scale(_stream.Uniform(0, 1), _yn), zn = Scale(_stream.Uniform(0, 1), _zn);
                    return new CellTags(_network.SizeX * xn, _network.SizeY * yn, _network.SizeZ * zn, xn, yn, zn);
                }
            }
        }

        // pop.py:143-146: r·(max − min) + min, only where a range is given.
        private static double Scale(double r, PlacementRange? range) => range is { } rg ? r * (rg.Max - rg.Min) + rg.Min : r;

        private static (double Value, double Norm) Axis(double? value, double? norm, double size) =>
            value is { } v ? (v, v / size) : norm is { } n ? (n * size, n) : (0, 0);
    }

    // pop.py:136-141: a µm range becomes [float(v) / size for v in range] and replaces the normalised one.
    private static PlacementRange? Norm(PlacementRange? range, PlacementRange? norm, double size) =>
        range is { } r ? new PlacementRange(r.Min / size, r.Max / size) : norm;

    private static double Width(PlacementRange? norm) => norm is { } r ? r.Max - r.Min : 1;

    /// <summary>pop.py:420-447: np.arange(lo, hi + 1, spacing) over [0, size], the µm range, or the normalised range in µm.</summary>
    private static double[] GridAxis(PopulationDefinition pop, PlacementRange? range, PlacementRange? norm, double size, double spacing)
    {
        double lo = 0, hi = size;
        if (range is { } r) { lo = r.Min; hi = r.Max; }
        else if (norm is { } n) { lo = n.Min * size; hi = n.Max * size; }
        // numpy: length ceil((stop - start) / step).
        double length = Math.Ceiling((hi + 1 - lo) / spacing);
        if (length > int.MaxValue) throw NetworkBuilder.Invalid("gridSpacing", $"Population '{pop.Name}': gridSpacing {NetworkBuilder.Num(spacing)} µm gives too many grid points.");
        var values = new double[Math.Max(0, (int)length)];
        // numpy's fill: the step is the difference of the first two values, value i = start + i·step.
        double step = values.Length > 1 ? (lo + spacing) - lo : spacing;
        for (int i = 0; i < values.Length; i++) values[i] = i == 1 ? lo + spacing : lo + i * step;
        return values;
    }

    private readonly record struct Box(double SizeX, double SizeY, double SizeZ);

    private static void CheckRange(PlacementRange? range, double limit, string key, string ctx)
    {
        if (range is not { } r) return;
        string unit = limit == 1 ? string.Empty : " µm";
        if (!double.IsFinite(r.Min) || !double.IsFinite(r.Max))
            throw NetworkBuilder.Invalid(key, $"{ctx}: {key} must be finite.");
        if (!(r.Min < r.Max))
            throw NetworkBuilder.Invalid(key, $"{ctx}: {key} [{NetworkBuilder.Num(r.Min)}, {NetworkBuilder.Num(r.Max)}] is empty; it needs min < max.");
        if (r.Min < 0 || r.Max > limit)
            throw NetworkBuilder.Invalid(key, $"{ctx}: {key} [{NetworkBuilder.Num(r.Min)}, {NetworkBuilder.Num(r.Max)}]{unit} is outside [0, {NetworkBuilder.Num(limit)}]{unit}{(limit == 1 ? string.Empty : " (the network's size)")}.");
    }
}
