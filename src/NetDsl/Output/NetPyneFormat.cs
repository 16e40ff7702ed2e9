using System.Globalization;

namespace NetDsl.Output;

/// <summary>Number formatting as NetPyNE's Python prints it ("%.1f": ties go to the even digit, so 77.25 → 77.2).</summary>
public static class NetPyneFormat
{
    public static string Fixed(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.ToEven).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
