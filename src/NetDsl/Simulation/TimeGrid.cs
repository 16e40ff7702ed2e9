namespace NetDsl.Simulation;

/// <summary>
/// NEURON's fixed-step time, for both engines: grid times accumulated by two half steps per step (t never
/// recomputed as k·dt), psolve's step count, and the rule that puts an event on the grid.
/// </summary>
internal static class TimeGrid
{
    /// <summary>NEURON's psolve step count: int((T*(1+1e-11) - t)/dt + 1e-9).</summary>
    public static long StepsFor(double duration, double dt) => (long)((duration * (1 + 1e-11) - 0) / dt + 1e-9);

    /// <summary>t after <paramref name="steps"/> steps.</summary>
    public static double FinalTime(long steps, double dt)
    {
        double t = 0, half = 0.5 * dt;
        for (long s = 0; s < steps; s++)
        {
            t += half;
            t += half;
        }
        return t;
    }

    /// <summary>
    /// Continues the grid in <paramref name="times"/> from index <paramref name="from"/> (the entries before it are
    /// consecutive grid times; from 0 the table starts at t = 0).
    /// </summary>
    public static void Fill(Span<double> times, int from, double dt)
    {
        double half = 0.5 * dt;
        if (from == 0 && times.Length > 0) times[0] = 0;
        for (int s = Math.Max(1, from); s < times.Length; s++)
        {
            double t = times[s - 1] + half;
            times[s] = t + half;
        }
    }

    /// <summary>Grid times t_0 .. t_{count-1}.</summary>
    public static double[] Times(long count, double dt)
    {
        var times = new double[count];
        Fill(times, 0, dt);
        return times;
    }

    /// <summary>
    /// The first step m ≥ <paramref name="lowest"/> whose integration sees an event at <paramref name="te"/>:
    /// te ≤ t_m + dt/2 (so the nearest grid time, ties to the earlier one; NEURON delivers events up to
    /// t + dt/2 before it integrates). <paramref name="times"/> holds t_m at index m − <paramref name="timeBase"/>.
    /// Returns <see cref="long.MaxValue"/> when the answer lies beyond the table.
    /// </summary>
    /// <remarks>
    /// The table is read only when te lies within <see cref="NominalMargin"/> of the nominal m*dt + dt/2: a long
    /// run's table read at random (a NetStim schedule drawn source by source over a whole run) is out of the caches,
    /// and a read per event there cost more than the rest of the event's scheduling on long runs.
    /// </remarks>
    public static long DeliveryStep(double te, ReadOnlySpan<double> times, long timeBase, long lowest, double dt)
    {
        double half = 0.5 * dt;
        long end = timeBase + times.Length;
        // Away from the steps' boundaries the answer is m = ceil((te - dt/2)/dt), decided by te lying beyond step
        // m-1's nominal time plus its margin and within step m's minus its margin. Both are computed side by side
        // (nominal + margin grows with m, so every earlier step is ruled out too): the search below is a chain of
        // dependent operations per step, and most events of a NetStim are nowhere near a boundary.
        long near = (long)Math.Ceiling((te - half) * (1.0 / dt));
        if (near > lowest && near < end)
        {
            bool within = te <= Bounds(near, te, dt, half).Low;
            bool beyond = te > Bounds(near - 1, te, dt, half).High;
            if (within & beyond) return near;
        }
        // One step below the answer on a uniform grid, so that the search usually takes a single step.
        long m = Math.Max(lowest, (long)Math.Ceiling((te - half) / dt) - 1);
        for (; m < end; m++)
        {
            var (low, high) = Bounds(m, te, dt, half);
            if (te > high) continue;
            if (te <= low || te <= times[(int)(m - timeBase)] + half) return m;
        }
        return long.MaxValue;
    }

    /// <summary>
    /// <see cref="DeliveryStep"/> from <paramref name="times"/> (t_m at index m, from step 0 on) for callers whose
    /// events fall in a stretch of the table that stays in the caches (a chunk of a NetStim schedule): the nominal
    /// step m = ceil((te - dt/2)/dt) is the answer when t_(m-1) + dt/2 &lt; te ≤ t_m + dt/2, two reads of the table;
    /// otherwise (te near a boundary, beyond the table) the search decides. <paramref name="inverseDt"/> is 1/dt.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static long DeliveryStepFromTable(double te, ReadOnlySpan<double> times, double dt, double inverseDt)
    {
        double half = 0.5 * dt;
        long near = (long)Math.Ceiling((te - half) * inverseDt);
        if ((ulong)(near - 1) < (ulong)(times.Length - 1) && te <= times[(int)near] + half && te > times[(int)near - 1] + half) return near;
        return DeliveryStep(te, times, 0, 0, dt);
    }

    /// <summary>
    /// Step m's nominal m*dt + dt/2 less and plus its <see cref="NominalMargin"/> for <paramref name="te"/>: te at or
    /// below Low is seen by step m, te above High is not.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static (double Low, double High) Bounds(long m, double te, double dt, double half)
    {
        double nominal = m * dt + half;
        double margin = NominalMargin(m, Math.Max(nominal, Math.Abs(te)));
        return (nominal - margin, nominal + margin);
    }

    /// <summary>
    /// A bound on |(t_m + dt/2) − (m*dt + dt/2)| as both are computed, for values up to <paramref name="scale"/>:
    /// t_m is 2m rounded additions of dt/2 (each off by at most half an ulp of a value ≤ t_m), m*dt and the
    /// additions of dt/2 are a rounding each, and an ulp of x is at most 2^-52 x; twice that, so that the margin's
    /// own rounding and t_m's slight excess over m*dt stay inside it.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double NominalMargin(long m, double scale) => (m + 4) * TwoToMinus51 * scale;

    private const double TwoToMinus51 = 1.0 / (1L << 51);
}
