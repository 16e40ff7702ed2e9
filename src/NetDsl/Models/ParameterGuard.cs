using System.Globalization;
using NetDsl.Definition;

namespace NetDsl.Models;

/// <summary>
/// The checks behind every typed parameter of a generated model (and of <see cref="SimulationParameters"/>): a value
/// outside its range, a distribution that cannot be drawn or a fraction where a whole number belongs throws, naming
/// the parameter by its path and saying what is allowed.
/// </summary>
public static class ParameterGuard
{
    /// <summary><paramref name="value"/> if it is a finite number within <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range; the message names the path and the range.</exception>
    public static double Real(string path, double value, ValueLimits limits)
    {
        if (!limits.Contains(value))
        {
            throw new ArgumentOutOfRangeException(path, value, path + "=" + Format(value) + " is out of range: " + limits.Description);
        }
        return value;
    }

    /// <summary>The same with the range spelt out (for a range <see cref="ValueLimits"/> does not name).</summary>
    public static double Real(string path, double value, double min, bool minInclusive, double max, bool maxInclusive, string range) =>
        Real(path, value, new ValueLimits(string.Empty, min, minInclusive, max, maxInclusive, range));

    /// <summary><paramref name="value"/> if it is within <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range.</exception>
    public static int Integer(string path, int value, ValueLimits limits) => (int)Real(path, value, limits);

    /// <summary>The same with the range spelt out.</summary>
    public static int Integer(string path, int value, double min, bool minInclusive, double max, bool maxInclusive, string range) =>
        (int)Real(path, value, min, minInclusive, max, maxInclusive, range);

    /// <summary>
    /// <paramref name="value"/> if it can be drawn: a constant within <paramref name="limits"/>, normal() with a
    /// variance of 0 or more, uniform() with low &lt;= high; an expression is checked per cell when the network is built.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A constant out of range, a negative variance or low &gt; high.</exception>
    public static ValueSpec Distribution(string path, ValueSpec value, ValueLimits limits)
    {
        switch (value.Kind)
        {
            case ValueKind.Constant:
                Real(path, value.A, limits);
                break;
            case ValueKind.Normal:
                Real(path + ".variance", value.B, 0, true, double.PositiveInfinity, true, "a variance must be 0 or more");
                break;
            case ValueKind.Uniform:
                Real(path + ".high", value.B, value.A, true, double.PositiveInfinity, true, "uniform(low, high) needs low <= high");
                break;
        }
        return value;
    }

    /// <summary>The same with the range spelt out.</summary>
    public static ValueSpec Distribution(string path, ValueSpec value, double min, bool minInclusive, double max, bool maxInclusive, string range) =>
        Distribution(path, value, new ValueLimits(string.Empty, min, minInclusive, max, maxInclusive, range));

    /// <summary>The one number of a value: the constant, the mean of normal(), the low bound of uniform().</summary>
    /// <exception cref="InvalidOperationException">An expression, which has a value per cell.</exception>
    public static double Number(string path, ValueSpec value) =>
        value.Kind == ValueKind.Expression
            ? throw new InvalidOperationException(path + " is the expression '" + value + "', which has a value per cell; Set a number to replace it")
            : value.A;

    /// <summary><paramref name="value"/> as an int if it is a whole number.</summary>
    /// <exception cref="ArgumentException">A fraction or a number beyond an int.</exception>
    public static int WholeNumber(string path, double value)
    {
        if (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
        {
            throw new ArgumentException(path + " must be a whole number, not " + Format(value), nameof(value));
        }
        return (int)value;
    }

    /// <summary>A number written as text, in the invariant culture (<c>0.5</c>, <c>1e-3</c>).</summary>
    /// <exception cref="ArgumentException">Not a finite number.</exception>
    public static double ParseNumber(string path, string text)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{path}: '{text}' is not a number", nameof(text));
        }
        return value;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
