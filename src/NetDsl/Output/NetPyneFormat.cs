using System.Globalization;

namespace NetDsl.Output;

/// <summary>
/// Number formatting as NetPyNE's Python prints it with "%.Nf": the double's exact value correctly rounded, an exact
/// tie to the even digit (77.25 → "77.2", while 23.275, stored as 23.27499…, → "23.27").
/// </summary>
public static class NetPyneFormat
{
    public static string Fixed(double value, int decimals)
    {
        var invariant = CultureInfo.InvariantCulture;
        // .NET's "F" formatting rounds the exact value correctly too, except that it sends an exact tie away from zero.
        string rounded = value.ToString("F" + decimals.ToString(invariant), invariant);
        if (!double.IsFinite(value)) return rounded;
        // The exact decimal expansion (a double with |value| >= 2^-16 has at most 70 fractional digits).
        string exact = value.ToString("F" + (decimals + 80).ToString(invariant), invariant);
        int cut = exact.IndexOf('.') + 1 + decimals;
        bool tie = exact[cut] == '5' && exact.AsSpan(cut + 1).TrimEnd('0').IsEmpty;
        if (!tie) return rounded;
        string truncated = exact[..cut].TrimEnd('.');
        int lastDigit = truncated[^1] - '0';
        return lastDigit % 2 == 0 ? truncated : rounded;
    }
}
