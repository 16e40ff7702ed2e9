using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetDsl.Generators.Semantics.Expressions;

/// <summary>
/// The dimension algebra of expressions: a quantity as exponents of five base quantities (time, voltage, current,
/// length, temperature). Every <see cref="Dimension"/> of the language is one such vector; products and quotients
/// of them (um*um, mV/ms) are others, which may appear inside an expression but never as a parameter's value.
/// </summary>
internal readonly struct UnitVector : IEquatable<UnitVector>
{
    private readonly int time, voltage, current, length, temperature;

    private UnitVector(int time, int voltage, int current, int length, int temperature)
    {
        this.time = time;
        this.voltage = voltage;
        this.current = current;
        this.length = length;
        this.temperature = temperature;
    }

    public static readonly UnitVector None = default;

    public bool IsNone => Equals(None);

    public UnitVector Times(UnitVector other) =>
        new(time + other.time, voltage + other.voltage, current + other.current, length + other.length, temperature + other.temperature);

    public UnitVector Over(UnitVector other) =>
        new(time - other.time, voltage - other.voltage, current - other.current, length - other.length, temperature - other.temperature);

    public UnitVector Power(int n) => new(time * n, voltage * n, current * n, length * n, temperature * n);

    /// <summary>The square root, when every exponent is even.</summary>
    public bool TryHalf(out UnitVector half)
    {
        half = new UnitVector(time / 2, voltage / 2, current / 2, length / 2, temperature / 2);
        return time % 2 == 0 && voltage % 2 == 0 && current % 2 == 0 && length % 2 == 0 && temperature % 2 == 0;
    }

    /// <summary>The vector of a language dimension.</summary>
    public static UnitVector Of(Dimension dimension) => dimension switch
    {
        Dimension.Time => new(1, 0, 0, 0, 0),
        Dimension.Voltage => new(0, 1, 0, 0, 0),
        Dimension.Current => new(0, 0, 1, 0, 0),
        Dimension.Conductance => new(0, -1, 1, 0, 0),
        Dimension.Frequency => new(-1, 0, 0, 0, 0),
        Dimension.Length => new(0, 0, 0, 1, 0),
        Dimension.SpecificCapacitance => new(1, -1, 1, -2, 0),
        Dimension.ConductanceDensity => new(0, -1, 1, -2, 0),
        Dimension.Resistivity => new(0, 1, -1, 1, 0),
        Dimension.Temperature => new(0, 0, 0, 0, 1),
        _ => None,
    };

    /// <summary>
    /// The size in SI units of a dimension's NetPyNE unit: a number n in that unit is n × factor in SI
    /// (ms 1e-3, uS 1e-6, uF/cm2 1e-2 F/m2, S/cm2 1e4 S/m2, ohm cm 1e-2 ohm m).
    /// </summary>
    public static double SiFactor(Dimension dimension) => dimension switch
    {
        Dimension.Time => 1e-3,
        Dimension.Voltage => 1e-3,
        Dimension.Current => 1e-9,
        Dimension.Conductance => 1e-6,
        Dimension.Length => 1e-6,
        Dimension.SpecificCapacitance => 1e-2,
        Dimension.ConductanceDensity => 1e4,
        Dimension.Resistivity => 1e-2,
        _ => 1,
    };

    /// <summary>
    /// The SI size of NetPyNE's unit for this vector: the dimension's unit (uS, uF/cm2) when it is one, else the
    /// product of the base units ms, mV, nA, um (um/ms is 1e-3 m/s).
    /// </summary>
    public double BaseScale()
    {
        if (AsDimension() is Dimension dimension) return SiFactor(dimension);
        return Math.Pow(1e-3, time) * Math.Pow(1e-3, voltage) * Math.Pow(1e-9, current) * Math.Pow(1e-6, length);
    }

    private static readonly Dimension[] Named =
    {
        Dimension.None, Dimension.Time, Dimension.Voltage, Dimension.Current, Dimension.Conductance, Dimension.Frequency,
        Dimension.Length, Dimension.SpecificCapacitance, Dimension.ConductanceDensity, Dimension.Resistivity, Dimension.Temperature,
    };

    /// <summary>The language dimension this vector is, if it is one.</summary>
    public Dimension? AsDimension()
    {
        foreach (var dimension in Named)
        {
            if (Of(dimension).Equals(this)) return dimension;
        }
        return null;
    }

    /// <summary>"a length (um)", "a plain number", or for a product "a quantity in um^2".</summary>
    public string Describe()
    {
        var dimension = AsDimension();
        if (dimension == Dimension.None) return "a plain number";
        if (dimension is not null) return Units.Describe(dimension.Value) + " (" + Units.BaseUnit(dimension.Value) + ")";
        return "a quantity in " + UnitText();
    }

    /// <summary>The unit of a number computed in NetPyNE's base units: "um^2", "mV*um", "1/ms".</summary>
    public string UnitText()
    {
        var up = new List<string>();
        var down = new List<string>();
        void Add(string unit, int exponent)
        {
            if (exponent == 0) return;
            var list = exponent > 0 ? up : down;
            int n = Math.Abs(exponent);
            list.Add(n == 1 ? unit : unit + "^" + n.ToString(CultureInfo.InvariantCulture));
        }
        Add("ms", time);
        Add("mV", voltage);
        Add("nA", current);
        Add("um", length);
        Add("degC", temperature);
        var text = new StringBuilder(up.Count == 0 ? "1" : string.Join("*", up));
        if (down.Count > 0) text.Append('/').Append(down.Count == 1 ? down[0] : "(" + string.Join("*", down) + ")");
        return text.ToString();
    }

    public bool Equals(UnitVector other) =>
        time == other.time && voltage == other.voltage && current == other.current && length == other.length && temperature == other.temperature;

    public override bool Equals(object? obj) => obj is UnitVector other && Equals(other);

    public override int GetHashCode() => (((time * 31 + voltage) * 31 + current) * 31 + length) * 31 + temperature;
}
