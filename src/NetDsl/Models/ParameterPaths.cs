using NetDsl.Definition;

namespace NetDsl.Models;

/// <summary>
/// Parameter paths (<c>cell.IZH.b</c>, <c>cell.IZH.k.variance</c>, <c>sim.precision</c>) bound to the typed
/// properties they read and write, in the order they were added. Numbers, whole numbers, distributions (with the
/// sub-paths of the distribution the file wrote) and named choices each convert and check the same way in every model.
/// </summary>
public sealed class ParameterPaths
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> subPaths = new(StringComparer.Ordinal);
    private readonly List<string> paths = [];

    /// <summary>Every path added (aliases excepted), in order.</summary>
    public IReadOnlyList<string> List => paths;

    /// <summary>Whether <paramref name="path"/> (or an alias) is known.</summary>
    public bool Contains(string path) => entries.ContainsKey(path);

    /// <summary>A number (<c>double</c> property).</summary>
    public void AddNumber(string path, Func<double> get, Action<double> set) =>
        Add(path, new Entry(get, set, text => set(ParameterGuard.ParseNumber(path, text))));

    /// <summary>A whole number (<c>int</c> property): a fraction is an error.</summary>
    public void AddWholeNumber(string path, Func<int> get, Action<int> set) =>
        Add(path, new Entry(() => get(), value => set(ParameterGuard.WholeNumber(path, value)),
            text => set(ParameterGuard.WholeNumber(path, ParameterGuard.ParseNumber(path, text)))));

    /// <summary>
    /// A per-cell or per-connection value (<see cref="ValueSpec"/> property): the path reads its one number and a
    /// number makes it a constant; <paramref name="written"/> normal() adds <c>.mean</c> and <c>.variance</c>,
    /// uniform() <c>.low</c> and <c>.high</c>.
    /// </summary>
    public void AddDistribution(string path, Func<ValueSpec> get, Action<ValueSpec> set, ValueKind written = ValueKind.Constant)
    {
        AddNumber(path, () => ParameterGuard.Number(path, get()), value => set(ValueSpec.Constant(value)));
        switch (written)
        {
            case ValueKind.Normal:
                AddSub(path, ".mean", () => get().A, value => set(get() with { A = value }));
                AddSub(path, ".variance", () => get().B, value => set(ValueSpec.Normal(get().A, value)));
                break;
            case ValueKind.Uniform:
                AddSub(path, ".low", () => get().A, value => set(ValueSpec.Uniform(value, get().B)));
                AddSub(path, ".high", () => get().B, value => set(ValueSpec.Uniform(get().A, value)));
                break;
        }
    }

    /// <summary>
    /// A named choice: the path takes a name (<c>"fast"</c>) or its number (2) and reads as the number, e.g.
    /// <c>sim.precision</c> or Izhi2007b's <c>celltype</c>.
    /// </summary>
    public void AddChoice<T>(string path, Func<T> get, Action<T> set, Choice<T> choice)
        where T : struct =>
        Add(path, new Entry(() => choice.NumberOf(get()), value => set(choice.FromNumber(path, value)), text => set(choice.Parse(path, text))));

    /// <summary>
    /// Another name for a path added before, and for its sub-paths (<c>cell.PYR.hh.gnabar</c> for
    /// <c>cell.PYR.gnabar</c>, as NetPyNE's <c>secs.soma.mechs.hh.gnabar</c>). Aliases are not listed in <see cref="List"/>.
    /// </summary>
    public void AddAlias(string alias, string path)
    {
        entries.Add(alias, entries[path]);
        if (subPaths.TryGetValue(path, out var subs))
        {
            foreach (string sub in subs) entries.Add(alias + sub, entries[path + sub]);
        }
    }

    /// <summary>The current value at <paramref name="path"/>, if the path is known.</summary>
    public bool TryGet(string path, out double value)
    {
        value = entries.TryGetValue(path, out var entry) ? entry.Get() : 0;
        return entry is not null;
    }

    /// <summary>Sets a number at <paramref name="path"/>, if the path is known.</summary>
    public bool TrySet(string path, double value)
    {
        if (!entries.TryGetValue(path, out var entry)) return false;
        entry.Set(value);
        return true;
    }

    /// <summary>Sets a name or a number written as text at <paramref name="path"/>, if the path is known.</summary>
    public bool TrySet(string path, string value)
    {
        if (!entries.TryGetValue(path, out var entry)) return false;
        entry.SetText(value);
        return true;
    }

    private void AddSub(string path, string suffix, Func<double> get, Action<double> set)
    {
        AddNumber(path + suffix, get, set);
        subPaths[path] = subPaths.TryGetValue(path, out var subs) ? [.. subs, suffix] : [suffix];
    }

    private void Add(string path, Entry entry)
    {
        entries.Add(path, entry);
        paths.Add(path);
    }

    private sealed record Entry(Func<double> Get, Action<double> Set, Action<string> SetText);
}
