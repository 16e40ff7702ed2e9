using System.Globalization;

namespace NetDsl.Cli.Import;

/// <summary>
/// A physical dimension as exponents of time, voltage, current and length, with the NetPyNE unit a number of it is in
/// (ms, mV, nA, uS, um, um/ms): NetPyNE's numbers carry no units, the language's may, and a number written in
/// NetPyNE's own unit keeps its value exactly.
/// </summary>
internal readonly record struct Dim(int Time, int Voltage, int Current, int Length)
{
    public static readonly Dim None = default;
    public static readonly Dim TimeDim = new(1, 0, 0, 0);
    public static readonly Dim VoltageDim = new(0, 1, 0, 0);
    public static readonly Dim CurrentDim = new(0, 0, 1, 0);
    public static readonly Dim ConductanceDim = new(0, -1, 1, 0);
    public static readonly Dim LengthDim = new(0, 0, 0, 1);
    public static readonly Dim VelocityDim = new(-1, 0, 0, 1);
    /// <summary>Hz: not 1/ms, so never written as a unit inside an expression.</summary>
    public static readonly Dim FrequencyDim = new(-1, 0, 0, 0);
    public static readonly Dim SpecificCapacitanceDim = new(1, -1, 1, -2);
    public static readonly Dim ConductanceDensityDim = new(0, -1, 1, -2);
    public static readonly Dim ResistivityDim = new(0, 1, -1, 1);
    /// <summary>degC, kept apart from the four base quantities by an exponent no product reaches.</summary>
    public static readonly Dim TemperatureDim = new(99, 0, 0, 0);

    public bool IsNone => this == None;

    public Dim Times(Dim other) => new(Time + other.Time, Voltage + other.Voltage, Current + other.Current, Length + other.Length);

    public Dim Over(Dim other) => new(Time - other.Time, Voltage - other.Voltage, Current - other.Current, Length - other.Length);

    public Dim Power(int n) => new(Time * n, Voltage * n, Current * n, Length * n);

    public bool TryHalf(out Dim half)
    {
        half = new Dim(Time / 2, Voltage / 2, Current / 2, Length / 2);
        return Time % 2 == 0 && Voltage % 2 == 0 && Current % 2 == 0 && Length % 2 == 0;
    }

    /// <summary>The unit a number of this dimension is written with (NetPyNE's, so its value is unchanged), or null.</summary>
    public string? Unit()
    {
        if (IsNone) return "";
        if (this == TimeDim) return "ms";
        if (this == VoltageDim) return "mV";
        if (this == CurrentDim) return "nA";
        if (this == ConductanceDim) return "uS";
        if (this == LengthDim) return "um";
        if (this == VelocityDim) return "um/ms";
        if (this == FrequencyDim) return "Hz";
        if (this == SpecificCapacitanceDim) return "uF/cm2";
        if (this == ConductanceDensityDim) return "S/cm2";
        if (this == ResistivityDim) return "ohm*cm";
        if (this == TemperatureDim) return "degC";
        return null;
    }

    /// <summary>The unit of a number inside an expression, where Hz (not 1/ms) would change the value.</summary>
    public string? UnitInExpression() => this == FrequencyDim || this == TemperatureDim ? null : Unit();

    /// <summary>The dimension of a catalog parameter.</summary>
    public static Dim Of(NetDsl.Catalog.Quantity quantity) => quantity switch
    {
        NetDsl.Catalog.Quantity.Time => TimeDim,
        NetDsl.Catalog.Quantity.Voltage => VoltageDim,
        NetDsl.Catalog.Quantity.Current => CurrentDim,
        NetDsl.Catalog.Quantity.Conductance => ConductanceDim,
        NetDsl.Catalog.Quantity.ConductanceDensity => ConductanceDensityDim,
        NetDsl.Catalog.Quantity.Frequency => FrequencyDim,
        NetDsl.Catalog.Quantity.Length => LengthDim,
        NetDsl.Catalog.Quantity.SpecificCapacitance => SpecificCapacitanceDim,
        NetDsl.Catalog.Quantity.Resistivity => ResistivityDim,
        NetDsl.Catalog.Quantity.Temperature => TemperatureDim,
        _ => None,
    };
}

/// <summary>Numbers as the language reads them: the shortest text that round-trips, exponents as <c>1e-8</c>.</summary>
internal static class NumberText
{
    public static string Format(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e < 0) return text;
        string mantissa = text[..e];
        int exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A number with the unit of its dimension: <c>10um</c>, <c>-70mV</c>, <c>0.5</c>.</summary>
    public static string WithUnit(double value, Dim dim) => Format(value) + (dim.Unit() ?? "");
}
