using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// The probability rule with an explicit cutoff (<c>within=</c>): only pairs at most that far apart (dist_3D) are
/// considered, found through a grid of cubes the size of the cutoff, so the work grows with the pairs inside it
/// instead of with nPre·nPost. Each post cell draws from its own stream Random123(hashList(pre), post gid, conn seed),
/// its candidates in the grid's order (a function of the cells and the cutoff), the probability (if it draws) before
/// the pair's uniform; its connections are made in pre gid order. The instance is reproducible and differs from
/// NetPyNE's all-pairs draw.
/// </summary>
internal static class SpatialCutoff
{
    /// <summary>Post cells per work item: enough work to amortize scheduling, small enough to balance two or more threads.</summary>
    private const int PostsPerChunk = 256;

    /// <remarks>
    /// Post cells are drawn in chunks on all cores (each post cell's stream is its own, so the result does not depend
    /// on the threads); the connections are then made in post order, each post cell's in pre gid order.
    /// </remarks>
    public static void Probability(ConnectionDefinition rule, int[] pre, int[] post, CellTags[] tags, int connSeed, Action<int, int> connect)
    {
        double within = rule.Within ?? throw new InvalidOperationException("A cutoff rule needs Within.");
        if (pre.Length == 0 || post.Length == 0) return;
        ValueSpec probability = rule.RuleSpec;
        var grid = new PreGrid(pre, tags, within);
        uint preHash = NetPyneHash.HashList(pre);
        int chunks = (post.Length + PostsPerChunk - 1) / PostsPerChunk;
        var chunkHits = new ChunkHits[chunks];
        try
        {
            Parallel.For(0, chunks, () => new List<int>(), (chunk, _, candidates) =>
            {
                chunkHits[chunk] = DrawChunk(rule, probability, grid, pre, post, tags, chunk * PostsPerChunk, Math.Min(post.Length, (chunk + 1) * PostsPerChunk), preHash, connSeed, candidates);
                return candidates;
            }, _ => { });
        }
        catch (AggregateException e) when (e.InnerException is NetDslModelException model)
        {
            throw model;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException cancelled)
        {
            throw cancelled;
        }
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            var hits = chunkHits[chunk];
            for (int i = 0; i < hits.PostEnd.Length; i++)
            {
                int postGid = post[chunk * PostsPerChunk + i];
                for (int h = i == 0 ? 0 : hits.PostEnd[i - 1]; h < hits.PostEnd[i]; h++) connect(pre[hits.Pre[h]], postGid);
            }
            chunkHits[chunk] = default;
        }
    }

    /// <summary>The pre indices a chunk of post cells connects from, post by post (<see cref="PostEnd"/> ends each one's run).</summary>
    private readonly record struct ChunkHits(int[] Pre, int[] PostEnd);

    private static ChunkHits DrawChunk(ConnectionDefinition rule, in ValueSpec probability, PreGrid grid, int[] pre, int[] post, CellTags[] tags,
        int from, int to, uint preHash, int connSeed, List<int> candidates)
    {
        BuildMonitor.Checkpoint(rule.Label, from, post.Length);
        var hits = new List<int>();
        var postEnd = new int[to - from];
        for (int ipost = from; ipost < to; ipost++)
        {
            int postGid = post[ipost];
            ref readonly var postTags = ref tags[postGid];
            candidates.Clear();
            grid.Near(postTags, rule.Within!.Value, candidates);
            var stream = new Random123Stream(preHash, (uint)postGid, (uint)connSeed);
            int first = hits.Count;
            foreach (int slot in candidates)
            {
                double p = ValueDraw.Draw(probability, ref stream, new CellPair(in grid.Tags[slot], in postTags));
                if (double.IsNaN(p))
                    throw new NetDslModelException("probability", FormattableString.Invariant($"Connection '{rule.Label}': the probability {probability} is NaN for {pre[grid.Member[slot]]}->{postGid}."));
                if (p >= stream.NextDouble()) hits.Add(grid.Member[slot]);
            }
            // Connections in pre gid order, as NetPyNE makes them; the draws follow the grid.
            hits.Sort(first, hits.Count - first, null);
            postEnd[ipost - from] = hits.Count;
        }
        return new ChunkHits(hits.ToArray(), postEnd);
    }

    /// <summary>
    /// The pre cells bucketed into a dense grid of cubes a third of the cutoff wide, z fastest, each cube's coordinates
    /// stored contiguously: for one post cell, each (x, y) column of cubes the cutoff's sphere reaches is one contiguous
    /// run of candidates, cut to the z extent of the sphere in that column.
    /// </summary>
    private sealed class PreGrid
    {
        private const int Reach = 3;
        private readonly int[] _start;
        private readonly double[] _x, _y, _z;

        /// <summary>Per slot (grid order): the pre index (into the rule's pre cells) and its tags.</summary>
        public int[] Member { get; }
        public CellTags[] Tags { get; }
        private readonly double _size, _originX, _originY, _originZ;
        private readonly int _nx, _ny, _nz;

        public PreGrid(int[] pre, CellTags[] tags, double within)
        {
            double minX = double.MaxValue, minY = double.MaxValue, minZ = double.MaxValue;
            double maxX = double.MinValue, maxY = double.MinValue, maxZ = double.MinValue;
            foreach (int gid in pre)
            {
                var t = tags[gid];
                minX = Math.Min(minX, t.X); maxX = Math.Max(maxX, t.X);
                minY = Math.Min(minY, t.Y); maxY = Math.Max(maxY, t.Y);
                minZ = Math.Min(minZ, t.Z); maxZ = Math.Max(maxZ, t.Z);
            }
            // Cubes of within / 3, made larger where that would need more cubes than about 8 per cell.
            double size = within / Reach;
            double volume = (maxX - minX + size) * (maxY - minY + size) * (maxZ - minZ + size);
            double cap = 8.0 * pre.Length + 4096;
            if (volume / (size * size * size) > cap) size = Math.Cbrt(volume / cap) * 1.01;
            _size = size;
            _originX = minX; _originY = minY; _originZ = minZ;
            _nx = (int)((maxX - minX) / size) + 1;
            _ny = (int)((maxY - minY) / size) + 1;
            _nz = (int)((maxZ - minZ) / size) + 1;
            var cell = new int[pre.Length];
            _start = new int[_nx * _ny * _nz + 1];
            for (int i = 0; i < pre.Length; i++)
            {
                var t = tags[pre[i]];
                cell[i] = Index(Axis(t.X, _originX, _nx), Axis(t.Y, _originY, _ny), Axis(t.Z, _originZ, _nz));
                _start[cell[i] + 1]++;
            }
            for (int c = 0; c < _start.Length - 1; c++) _start[c + 1] += _start[c];
            var next = (int[])_start.Clone();
            Member = new int[pre.Length];
            Tags = new CellTags[pre.Length];
            _x = new double[pre.Length];
            _y = new double[pre.Length];
            _z = new double[pre.Length];
            for (int i = 0; i < pre.Length; i++)
            {
                int m = next[cell[i]]++;
                var t = tags[pre[i]];
                Member[m] = i;
                Tags[m] = t;
                _x[m] = t.X;
                _y[m] = t.Y;
                _z[m] = t.Z;
            }
        }

        /// <summary>Adds the slots of the pre cells within <paramref name="within"/> µm (dist_3D) of <paramref name="at"/>, in the grid's order.</summary>
        public void Near(in CellTags at, double within, List<int> output)
        {
            double x = at.X, y = at.Y, z = at.Z;
            int reach = (int)Math.Ceiling(within / _size);
            // The post cell may lie outside the pre cells' box: clamp the cubes searched to the grid.
            int cx = (int)Math.Floor((x - _originX) / _size), cy = (int)Math.Floor((y - _originY) / _size), cz = (int)Math.Floor((z - _originZ) / _size);
            int x0 = Math.Max(cx - reach, 0), x1 = Math.Min(cx + reach, _nx - 1);
            int y0 = Math.Max(cy - reach, 0), y1 = Math.Min(cy + reach, _ny - 1);
            int z0 = Math.Max(cz - reach, 0), z1 = Math.Min(cz + reach, _nz - 1);
            if (x0 > x1 || y0 > y1 || z0 > z1) return;
            double limit = within * within * (1 + 1e-12);
            for (int ix = x0; ix <= x1; ix++)
            {
                double gapX = Gap(x, _originX + ix * _size);
                for (int iy = y0; iy <= y1; iy++)
                {
                    // Only the z cubes of this column that the sphere reaches.
                    double gapY = Gap(y, _originY + iy * _size);
                    double rest = limit - gapX * gapX - gapY * gapY;
                    if (rest < 0) continue;
                    double half = Math.Sqrt(rest);
                    int zFrom = Math.Max(z0, (int)Math.Floor((z - half - _originZ) / _size));
                    int zTo = Math.Min(z1, (int)Math.Floor((z + half - _originZ) / _size));
                    if (zFrom > zTo) continue;
                    int end = _start[Index(ix, iy, zTo) + 1];
                    for (int m = _start[Index(ix, iy, zFrom)]; m < end; m++)
                    {
                        double ex = _x[m] - x, ey = _y[m] - y, ez = _z[m] - z;
                        double squared = ex * ex + ey * ey + ez * ez;
                        // The test is dist_3D <= within itself; the squared bound only skips the root far from the edge.
                        if (squared <= limit && Math.Sqrt(squared) <= within) output.Add(m);
                    }
                }
            }
        }

        /// <summary>The distance from <paramref name="value"/> to the cube edge interval [low, low + size] (0 inside it).</summary>
        private double Gap(double value, double low) => value < low ? low - value : value > low + _size ? value - low - _size : 0;

        private int Index(int ix, int iy, int iz) => (ix * _ny + iy) * _nz + iz;

        private int Axis(double value, double origin, int count) => Math.Min((int)((value - origin) / _size), count - 1);
    }
}
