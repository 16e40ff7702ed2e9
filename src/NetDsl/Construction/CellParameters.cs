using System.Collections;
using System.Diagnostics.CodeAnalysis;
using NetDsl.Catalog;

namespace NetDsl.Construction;

/// <summary>
/// The values one cell actually got (geometry, area, threshold, then its model's parameters) as a read-only
/// dictionary over one small array; the key table is shared by all cells of one model.
/// </summary>
internal sealed class CellParameters : IReadOnlyDictionary<string, double>
{
    private readonly CellParameterKeys _keys;
    private readonly double[] _values;

    public const int Diam = 0, Length = 1, Cm = 2, Ra = 3, Area = 4, Threshold = 5, FirstModel = 6;

    public CellParameters(CellParameterKeys keys, double[] values)
    {
        if (values.Length != keys.Names.Length) throw new ArgumentException("One value per key is required.", nameof(values));
        _keys = keys;
        _values = values;
    }

    public CellParameterKeys KeySet => _keys;

    public double this[string key] => _keys.Index.TryGetValue(key, out int i) ? _values[i] : throw new KeyNotFoundException($"No cell parameter '{key}'.");
    public IEnumerable<string> Keys => _keys.Names;
    public IEnumerable<double> Values => _values;
    public int Count => _values.Length;
    public bool ContainsKey(string key) => _keys.Index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        if (_keys.Index.TryGetValue(key, out int i))
        {
            value = _values[i];
            return true;
        }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (int i = 0; i < _values.Length; i++) yield return new(_keys.Names[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The keys of one cell model's <see cref="CellParameters"/>: diam, L, cm, Ra, area, threshold, then the model's
/// parameters from the catalog (Izhi2007b's by name; a density mechanism's as NEURON names them, e.g. gnabar_hh).
/// </summary>
internal sealed class CellParameterKeys
{
    private CellParameterKeys(string[] names, MechanismInfo[] mechanisms)
    {
        Names = names;
        Mechanisms = mechanisms;
        Index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++) Index[names[i]] = i;
    }

    public string[] Names { get; }
    public Dictionary<string, int> Index { get; }

    /// <summary>The mechanisms whose parameters follow the geometry, in order.</summary>
    public MechanismInfo[] Mechanisms { get; }

    private static readonly string[] Fixed = ["diam", "L", "cm", "Ra", "area", "threshold"];

    public static CellParameterKeys Izhikevich { get; } = new(
        [.. Fixed, .. MechanismCatalog.Izhi2007b.Parameters.Select(p => p.Name)], [MechanismCatalog.Izhi2007b]);

    /// <summary>Keys for a cell with these density mechanisms (NEURON's range-variable names, name_mechanism).</summary>
    public static CellParameterKeys ForDensity(IEnumerable<MechanismInfo> mechanisms)
    {
        var list = mechanisms.ToArray();
        return new([.. Fixed, .. list.SelectMany(m => m.Parameters.Select(p => RangeName(p.Name, m.Name)))], list);
    }

    /// <summary>NEURON's name of a density mechanism's parameter: gnabar_hh, g_pas.</summary>
    public static string RangeName(string parameter, string mechanism) => parameter + "_" + mechanism;
}
