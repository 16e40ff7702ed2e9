using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Catalog;

namespace NetDsl.Generators.Semantics;

/// <summary>Physical dimension of a parameter; a bare number means NetPyNE's unit for it.</summary>
internal enum Dimension
{
    None,
    Time,
    Voltage,
    Current,
    Conductance,
    Frequency,
    Length,
    SpecificCapacitance,
    ConductanceDensity,
    Resistivity,
    Temperature,
}

/// <summary>Units and their factor to NetPyNE's unit (ms, mV, nA, uS, Hz, um, uF/cm2, S/cm2, ohm cm, degC).</summary>
internal static class Units
{
    private static readonly Dictionary<Dimension, (string Base, (string Unit, double Factor)[] Units)> Table = new()
    {
        [Dimension.Time] = ("ms", new[] { ("ms", 1.0), ("s", 1000.0), ("us", 1e-3), ("µs", 1e-3) }),
        [Dimension.Voltage] = ("mV", new[] { ("mV", 1.0), ("V", 1000.0), ("uV", 1e-3), ("µV", 1e-3) }),
        [Dimension.Current] = ("nA", new[] { ("nA", 1.0), ("pA", 1e-3), ("uA", 1000.0), ("µA", 1000.0), ("mA", 1e6) }),
        [Dimension.Conductance] = ("uS", new[] { ("uS", 1.0), ("µS", 1.0), ("nS", 1e-3), ("pS", 1e-6), ("mS", 1000.0), ("S", 1e6) }),
        [Dimension.Frequency] = ("Hz", new[] { ("Hz", 1.0), ("kHz", 1000.0) }),
        [Dimension.Length] = ("um", new[] { ("um", 1.0), ("µm", 1.0), ("mm", 1000.0), ("nm", 1e-3), ("cm", 1e4) }),
        [Dimension.SpecificCapacitance] = ("uF/cm2", new[] { ("uF/cm2", 1.0), ("µF/cm2", 1.0), ("nF/cm2", 1e-3), ("pF/um2", 100.0) }),
        // 1 pS/um2 = 1e-12 S / 1e-8 cm2 = 1e-4 S/cm2.
        [Dimension.ConductanceDensity] = ("S/cm2", new[] { ("S/cm2", 1.0), ("mS/cm2", 1e-3), ("uS/cm2", 1e-6), ("µS/cm2", 1e-6), ("pS/um2", 1e-4) }),
        [Dimension.Resistivity] = ("ohm*cm", new[] { ("ohm*cm", 1.0), ("ohmcm", 1.0) }),
        [Dimension.Temperature] = ("degC", new[] { ("degC", 1.0) }),
    };

    public static string BaseUnit(Dimension dimension) => Table.TryGetValue(dimension, out var entry) ? entry.Base : string.Empty;

    public static string Describe(Dimension dimension) => dimension switch
    {
        Dimension.Time => "a time",
        Dimension.Voltage => "a voltage",
        Dimension.Current => "a current",
        Dimension.Conductance => "a conductance",
        Dimension.Frequency => "a frequency",
        Dimension.Length => "a length",
        Dimension.SpecificCapacitance => "a specific capacitance",
        Dimension.ConductanceDensity => "a conductance density",
        Dimension.Resistivity => "a resistivity",
        Dimension.Temperature => "a temperature",
        _ => "a plain number",
    };

    public static string UnitsOf(Dimension dimension) =>
        Table.TryGetValue(dimension, out var entry) ? string.Join(", ", entry.Units.Where(u => !u.Unit.Contains("µ")).Select(u => u.Unit)) : string.Empty;

    public static bool TryFactor(string unit, Dimension dimension, out double factor)
    {
        factor = 1;
        if (!Table.TryGetValue(dimension, out var entry)) return false;
        foreach (var (name, f) in entry.Units)
        {
            if (name == unit)
            {
                factor = f;
                return true;
            }
        }
        return false;
    }

    /// <summary>The dimension a unit belongs to, if it is one NetDsl knows.</summary>
    public static Dimension? DimensionOf(string unit)
    {
        foreach (var pair in Table)
        {
            if (pair.Value.Units.Any(u => u.Unit == unit)) return pair.Key;
        }
        return null;
    }

    /// <summary>The language's dimension of a catalog quantity.</summary>
    public static Dimension Of(Quantity quantity) => quantity switch
    {
        Quantity.Time => Dimension.Time,
        Quantity.Voltage => Dimension.Voltage,
        Quantity.Current => Dimension.Current,
        Quantity.Conductance => Dimension.Conductance,
        Quantity.ConductanceDensity => Dimension.ConductanceDensity,
        Quantity.Frequency => Dimension.Frequency,
        Quantity.Length => Dimension.Length,
        Quantity.SpecificCapacitance => Dimension.SpecificCapacitance,
        Quantity.Resistivity => Dimension.Resistivity,
        Quantity.Temperature => Dimension.Temperature,
        _ => Dimension.None,
    };
}
