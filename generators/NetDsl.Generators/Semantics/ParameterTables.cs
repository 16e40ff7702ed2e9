using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Generators.Semantics;

/// <summary>What kind of value a parameter takes.</summary>
internal enum ParameterKind
{
    /// <summary>A number.</summary>
    Real,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A number or normal(mean, variance) / uniform(low, high), drawn per cell or per connection.</summary>
    Distribution,
    /// <summary>One of a fixed set of names (or, for celltype, their numbers).</summary>
    Choice,
    /// <summary>A bare word, no value (e.g. <c>all</c>).</summary>
    Flag,
    /// <summary>The name of a declared synapse.</summary>
    Synapse,
    /// <summary>A list of times, e.g. <c>[5, 12.5]</c>.</summary>
    TimeList,
    /// <summary>A list of (pre, post) index pairs.</summary>
    PairList,
    /// <summary>A list of gids, populations and (population, index) pairs.</summary>
    Include,
    /// <summary>A group of named integers, e.g. <c>seeds(conn=2, stim=3)</c>.</summary>
    SeedGroup,
}

/// <summary>An allowed range; <see cref="Description"/> is what the error message says.</summary>
internal sealed record ValueRange(double Min, bool MinInclusive, double Max, bool MaxInclusive, string Description)
{
    public static readonly ValueRange Any = new(double.NegativeInfinity, true, double.PositiveInfinity, true, "any value");
    public static readonly ValueRange Positive = new(0, false, double.PositiveInfinity, true, "it must be greater than 0");
    public static readonly ValueRange NonNegative = new(0, true, double.PositiveInfinity, true, "it must be 0 or more");
    public static readonly ValueRange Probability = new(0, true, 1, true, "a probability must be between 0 and 1");
    public static readonly ValueRange Fraction = new(0, true, 1, true, "it must be between 0 (regular) and 1 (Poisson)");
    public static readonly ValueRange Count = new(0, true, int.MaxValue, true, "it must be a whole number from 0 to 2147483647");
    public static readonly ValueRange CellTypeNumber = new(1, true, 7, true, "celltype must be 1 to 7 (RS IB CH LTS FS TC RTN)");

    public bool Contains(double value) =>
        !double.IsNaN(value) && !double.IsInfinity(value)
        && (MinInclusive ? value >= Min : value > Min)
        && (MaxInclusive ? value <= Max : value < Max);
}

/// <summary>One parameter NetDsl knows: its name in files, dimension, kind, default and range.</summary>
internal sealed record ParameterDef(
    string Name,
    Dimension Dimension,
    ParameterKind Kind,
    double Default,
    ValueRange Range,
    string[]? Choices = null,
    string[]? Aliases = null);

/// <summary>The parameters a statement (or part of one) accepts.</summary>
internal sealed class ParameterTable
{
    public ParameterTable(string owner, params ParameterDef[] parameters)
    {
        Owner = owner;
        Parameters = parameters;
    }

    /// <summary>How messages name the owner, e.g. "Izhi2007b" or "the soma geometry".</summary>
    public string Owner { get; }

    public IReadOnlyList<ParameterDef> Parameters { get; }

    public ParameterDef? Find(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name || (p.Aliases is not null && p.Aliases.Contains(name)));

    public IEnumerable<string> Names => Parameters.Select(p => p.Name);
}

/// <summary>Every parameter table of the language, with NetPyNE's defaults.</summary>
internal static class ParameterTables
{
    public const string Izhi2007b = "Izhi2007b";
    public const string Exp2Syn = "Exp2Syn";
    public const string NetStim = "NetStim";
    public const string IClamp = "IClamp";
    public const string VecStim = "VecStim";

    /// <summary>Izhikevich (2007) cell classes, in celltype order 1..7.</summary>
    public static readonly string[] CellTypeNames = { "RS", "IB", "CH", "LTS", "FS", "TC", "RTN" };

    // NEURON's section defaults: L = 100 um, diam = 500 um, cm = 1 uF/cm2, Ra = 35.4 ohm cm.
    public static readonly ParameterTable Geometry = new("the soma geometry",
        new ParameterDef("diam", Dimension.Length, ParameterKind.Distribution, 500, ValueRange.Positive),
        new ParameterDef("L", Dimension.Length, ParameterKind.Distribution, 100, ValueRange.Positive),
        new ParameterDef("cm", Dimension.SpecificCapacitance, ParameterKind.Distribution, 1, ValueRange.Positive),
        new ParameterDef("Ra", Dimension.None, ParameterKind.Distribution, 35.4, ValueRange.Positive));

    // izhi2007b.mod PARAMETER block (regular spiking defaults).
    public static readonly ParameterTable Izhikevich = new(Izhi2007b,
        new ParameterDef("C", Dimension.None, ParameterKind.Distribution, 1, ValueRange.Positive),
        new ParameterDef("k", Dimension.None, ParameterKind.Distribution, 0.7, ValueRange.Any),
        new ParameterDef("vr", Dimension.Voltage, ParameterKind.Distribution, -60, ValueRange.Any),
        new ParameterDef("vt", Dimension.Voltage, ParameterKind.Distribution, -40, ValueRange.Any),
        new ParameterDef("vpeak", Dimension.Voltage, ParameterKind.Distribution, 35, ValueRange.Any),
        new ParameterDef("a", Dimension.None, ParameterKind.Distribution, 0.03, ValueRange.Any),
        new ParameterDef("b", Dimension.None, ParameterKind.Distribution, -2, ValueRange.Any),
        new ParameterDef("c", Dimension.Voltage, ParameterKind.Distribution, -50, ValueRange.Any),
        new ParameterDef("d", Dimension.None, ParameterKind.Distribution, 100, ValueRange.Any),
        new ParameterDef("Iin", Dimension.None, ParameterKind.Distribution, 0, ValueRange.Any),
        new ParameterDef("celltype", Dimension.None, ParameterKind.Choice, 1, ValueRange.CellTypeNumber, CellTypeNames));

    public static readonly ParameterTable CellSettings = new("a cell",
        new ParameterDef("threshold", Dimension.Voltage, ParameterKind.Real, 10, ValueRange.Any));

    public static readonly ParameterTable Synapse = new(Exp2Syn,
        new ParameterDef("tau1", Dimension.Time, ParameterKind.Real, 0.1, ValueRange.Positive),
        new ParameterDef("tau2", Dimension.Time, ParameterKind.Real, 10, ValueRange.Positive),
        new ParameterDef("e", Dimension.Voltage, ParameterKind.Real, 0, ValueRange.Any));

    // NetPyNE's NetStim defaults: start 0, number 1e9, noise 0; NEURON's interval 10 ms when no rate is given.
    public static readonly ParameterTable NetStimSource = new(NetStim,
        new ParameterDef("rate", Dimension.Frequency, ParameterKind.Real, 100, ValueRange.Positive),
        new ParameterDef("interval", Dimension.Time, ParameterKind.Real, 10, ValueRange.Positive),
        new ParameterDef("noise", Dimension.None, ParameterKind.Real, 0, ValueRange.Fraction),
        new ParameterDef("start", Dimension.Time, ParameterKind.Real, 0, ValueRange.Any),
        new ParameterDef("number", Dimension.None, ParameterKind.Real, 1e9, ValueRange.NonNegative),
        new ParameterDef("seed", Dimension.None, ParameterKind.Integer, 1, ValueRange.Count));

    public static readonly ParameterTable IClampSource = new(IClamp,
        new ParameterDef("del", Dimension.Time, ParameterKind.Real, 0, ValueRange.NonNegative, Aliases: new[] { "delay" }),
        new ParameterDef("dur", Dimension.Time, ParameterKind.Real, 0, ValueRange.NonNegative, Aliases: new[] { "duration" }),
        new ParameterDef("amp", Dimension.Current, ParameterKind.Real, 0, ValueRange.Any));

    public static readonly ParameterTable VecStimSource = new(VecStim,
        new ParameterDef("times", Dimension.Time, ParameterKind.TimeList, 0, ValueRange.NonNegative));

    public static readonly ParameterTable StimTarget = new("a stimulus target",
        new ParameterDef("w", Dimension.Conductance, ParameterKind.Real, 1, ValueRange.Any, Aliases: new[] { "weight" }),
        new ParameterDef("d", Dimension.Time, ParameterKind.Real, 1, ValueRange.NonNegative, Aliases: new[] { "delay" }),
        new ParameterDef("syn", Dimension.None, ParameterKind.Synapse, 0, ValueRange.Any));

    public static readonly ParameterTable Connection = new("a connection",
        new ParameterDef("p", Dimension.None, ParameterKind.Real, 0, ValueRange.Probability, Aliases: new[] { "probability" }),
        new ParameterDef("conv", Dimension.None, ParameterKind.Integer, 0, ValueRange.Count, Aliases: new[] { "convergence" }),
        new ParameterDef("div", Dimension.None, ParameterKind.Integer, 0, ValueRange.Count, Aliases: new[] { "divergence" }),
        new ParameterDef("all", Dimension.None, ParameterKind.Flag, 0, ValueRange.Any),
        new ParameterDef("list", Dimension.None, ParameterKind.PairList, 0, ValueRange.NonNegative),
        new ParameterDef("w", Dimension.Conductance, ParameterKind.Distribution, 1, ValueRange.Any, Aliases: new[] { "weight" }),
        new ParameterDef("d", Dimension.Time, ParameterKind.Distribution, 1, ValueRange.NonNegative, Aliases: new[] { "delay" }),
        new ParameterDef("syn", Dimension.None, ParameterKind.Synapse, 0, ValueRange.Any),
        new ParameterDef("sampling", Dimension.None, ParameterKind.Choice, 0, ValueRange.Any, new[] { "exact", "fast" }),
        new ParameterDef("self", Dimension.None, ParameterKind.Flag, 0, ValueRange.Any));

    public static readonly ParameterTable Simulation = new("sim",
        new ParameterDef("duration", Dimension.Time, ParameterKind.Real, 1000, ValueRange.Positive),
        new ParameterDef("dt", Dimension.Time, ParameterKind.Real, 0.025, ValueRange.Positive),
        new ParameterDef("recordStep", Dimension.Time, ParameterKind.Real, 0.1, ValueRange.Positive),
        new ParameterDef("v_init", Dimension.Voltage, ParameterKind.Real, -65, ValueRange.Any),
        new ParameterDef("seed", Dimension.None, ParameterKind.Integer, 1, ValueRange.Count),
        new ParameterDef("seeds", Dimension.None, ParameterKind.SeedGroup, 1, ValueRange.NonNegative),
        new ParameterDef("sizeX", Dimension.Length, ParameterKind.Real, 100, ValueRange.Positive),
        new ParameterDef("sizeY", Dimension.Length, ParameterKind.Real, 100, ValueRange.Positive),
        new ParameterDef("sizeZ", Dimension.Length, ParameterKind.Real, 100, ValueRange.Positive),
        // aggregated (1): one Exp2Syn state per (cell, synapse kind); exact (2, default): one per connection, NEURON's summation.
        new ParameterDef("synapses", Dimension.None, ParameterKind.Choice, 2, new ValueRange(1, true, 2, true, "synapses must be 1 (aggregated) or 2 (exact)"), new[] { "aggregated", "exact" }),
        // exact (1): NEURON's operations bit for bit; fast (2): closed-form step in double; single (3): the same in float.
        new ParameterDef("precision", Dimension.None, ParameterKind.Choice, 1, new ValueRange(1, true, 3, true, "precision must be 1 (exact), 2 (fast) or 3 (single)"), new[] { "exact", "fast", "single" }),
        // Worker threads of a run (spikes do not depend on it); netdsl run --threads overrides it.
        new ParameterDef("threads", Dimension.None, ParameterKind.Integer, 1, new ValueRange(1, true, 256, true, "threads must be a whole number from 1 to 256")));

    public static readonly ParameterTable Seeds = new("seeds",
        new ParameterDef("conn", Dimension.None, ParameterKind.Integer, 1, ValueRange.Count),
        new ParameterDef("stim", Dimension.None, ParameterKind.Integer, 1, ValueRange.Count),
        new ParameterDef("loc", Dimension.None, ParameterKind.Integer, 1, ValueRange.Count),
        new ParameterDef("cell", Dimension.None, ParameterKind.Integer, 1, ValueRange.Count));

    public static readonly ParameterTable Plot = new("a plot",
        new ParameterDef("include", Dimension.None, ParameterKind.Include, 0, ValueRange.NonNegative));

    public static readonly string[] CellMechanisms = { Izhi2007b };
    public static readonly string[] SynapseKinds = { Exp2Syn };
    public static readonly string[] StimKinds = { NetStim, IClamp, VecStim };
    public static readonly string[] PlotKinds = { "raster", "traces", "net2d", "spikehist", "rates" };
    public static readonly string[] RecordVariables = { "v", "u", "g" };

    public static ParameterTable? ForStimKind(string kind) => kind switch
    {
        NetStim => NetStimSource,
        IClamp => IClampSource,
        VecStim => VecStimSource,
        _ => null,
    };
}
