namespace NetDsl.Simulation;

/// <summary>The network definition is invalid; <see cref="Parameter"/> names the offending parameter.</summary>
public sealed class NetDslModelException : Exception
{
    public NetDslModelException(string parameter, string message) : base(message)
    {
        Parameter = parameter;
    }

    /// <summary>The parameter that makes no sense (e.g. <c>dt</c>, <c>probability</c>, <c>tau1</c>).</summary>
    public string Parameter { get; }
}

/// <summary>A state variable became NaN or infinite.</summary>
public sealed class SimulationDivergedException : Exception
{
    public SimulationDivergedException(int gid, string variable, double time)
        : base(FormattableString.Invariant($"Simulation diverged: {variable} of cell {gid} is not finite at t = {time:R} ms. Check the cell parameters, weights and dt."))
    {
        Gid = gid;
        Variable = variable;
        Time = time;
    }

    public int Gid { get; }
    public string Variable { get; }
    public double Time { get; }
}
