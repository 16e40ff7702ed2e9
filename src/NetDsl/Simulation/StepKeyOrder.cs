namespace NetDsl.Simulation;

/// <summary>
/// Puts the events the partitions found in a window into (step, gid) order, as one thread would have found them.
/// Each partition gives one run of step * N + gid keys (N keys per step, more than there are gids; the fast engine
/// takes 2^32). A partition steps its cells in order, so its run is almost always sorted already, and the partitions
/// hold consecutive gids in partition order, so within one step their runs follow each other: the runs are merged
/// step by step in one pass instead of sorted as a whole.
/// </summary>
internal static class StepKeyOrder
{
    /// <summary>
    /// Sorts the keys of runs [<paramref name="runStart"/>[p], <paramref name="runStart"/>[p + 1]) of
    /// <paramref name="keys"/> and returns them in ascending order: in <paramref name="keys"/> when there is one
    /// run, else in <paramref name="merged"/> (at least as long). <paramref name="stepKeys"/> is N, the keys per step.
    /// </summary>
    public static ReadOnlySpan<long> Sort(Span<long> keys, ReadOnlySpan<int> runStart, long stepKeys, Span<long> merged)
    {
        int runs = runStart.Length - 1;
        int total = runStart[runs] - runStart[0];
        if (merged.Length < total && runs > 1) throw new ArgumentException("Room for every key.", nameof(merged));
        for (int p = 0; p < runs; p++)
        {
            var run = keys[runStart[p]..runStart[p + 1]];
            if (!IsAscending(run)) run.Sort();
        }
        if (runs == 1) return keys[runStart[0]..runStart[1]];

        Span<int> cursor = runs <= 256 ? stackalloc int[runs] : new int[runs];
        for (int p = 0; p < runs; p++) cursor[p] = runStart[p];
        int at = 0;
        while (at < total)
        {
            // The earliest step any run still has, then that step's keys run by run.
            long step = long.MaxValue;
            for (int p = 0; p < runs; p++)
            {
                if (cursor[p] < runStart[p + 1]) step = Math.Min(step, keys[cursor[p]] / stepKeys);
            }
            long limit = (step + 1) * stepKeys;
            for (int p = 0; p < runs; p++)
            {
                int c = cursor[p], end = runStart[p + 1];
                while (c < end && keys[c] < limit) merged[at++] = keys[c++];
                cursor[p] = c;
            }
        }
        var result = merged[..total];
        // Runs whose gids interleave within a step (not consecutive ranges): the one pass did not order them.
        if (!IsAscending(result)) result.Sort();
        return result;
    }

    private static bool IsAscending(ReadOnlySpan<long> keys)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            if (keys[i] < keys[i - 1]) return false;
        }
        return true;
    }
}
