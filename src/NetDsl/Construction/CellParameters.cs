using System.Collections;
using System.Diagnostics.CodeAnalysis;
using NetDsl.Kernels;

namespace NetDsl.Construction;

/// <summary>
/// The values one cell actually got (Izhi2007b parameters, geometry, area, threshold) as a read-only
/// dictionary over one small array; the key table is shared by all cells.
/// </summary>
internal sealed class CellParameters : IReadOnlyDictionary<string, double>
{
    private static readonly string[] KeyTable = BuildKeys();
    private static readonly Dictionary<string, int> IndexOf = BuildIndex();
    private readonly double[] _values;

    public const int Diam = 0, Length = 1, Cm = 2, Ra = 3, Area = 4, Threshold = 5, FirstIzhi = 6;

    public CellParameters(double[] values)
    {
        if (values.Length != KeyTable.Length) throw new ArgumentException("One value per key is required.", nameof(values));
        _values = values;
    }

    public static int KeyCount => KeyTable.Length;

    private static string[] BuildKeys()
    {
        var keys = new List<string> { "diam", "L", "cm", "Ra", "area", "threshold" };
        foreach (var (name, _) in Izhi2007b.Parameters) keys.Add(name);
        return keys.ToArray();
    }

    private static Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>();
        for (int i = 0; i < KeyTable.Length; i++) index[KeyTable[i]] = i;
        return index;
    }

    public double this[string key] => IndexOf.TryGetValue(key, out int i) ? _values[i] : throw new KeyNotFoundException($"No cell parameter '{key}'.");
    public IEnumerable<string> Keys => KeyTable;
    public IEnumerable<double> Values => _values;
    public int Count => _values.Length;
    public bool ContainsKey(string key) => IndexOf.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        if (IndexOf.TryGetValue(key, out int i))
        {
            value = _values[i];
            return true;
        }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (int i = 0; i < _values.Length; i++) yield return new(KeyTable[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
