using System.Globalization;
using NetDsl.Definition;

namespace NetDsl.Models;

/// <summary>
/// A named choice with its runtime value type: the names of one <see cref="ChoiceSet"/> of <see cref="NamedChoices"/>
/// (the table the language reads too) mapped onto an enum, or onto a number for Izhi2007b's celltype.
/// </summary>
/// <typeparam name="T">The runtime value: an enum such as <see cref="SimulationPrecision"/>, or <see cref="int"/>.</typeparam>
public sealed class Choice<T>
    where T : struct
{
    private readonly T[] values;

    internal Choice(ChoiceSet set, Func<ChoiceInfo, T> value)
    {
        Set = set;
        values = set.Choices.Select(value).ToArray();
    }

    /// <summary>The names, numbers and descriptions.</summary>
    public ChoiceSet Set { get; }

    /// <summary>The names in number order, e.g. <c>exact, fast, single</c>.</summary>
    public IReadOnlyList<string> Names => Set.Names;

    /// <summary>The value the language takes when the file does not say.</summary>
    public T Default => values[Set.Default.Number - 1];

    /// <summary>The value named <paramref name="name"/> (case-sensitive, as in files).</summary>
    public bool TryParse(string name, out T value)
    {
        var choice = Set.Find(name);
        value = choice is null ? default : values[choice.Number - 1];
        return choice is not null;
    }

    /// <summary>The value for a name, or for its number written as text (<c>"2"</c>).</summary>
    /// <exception cref="ArgumentException">Neither a name nor a number; the message lists the names.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number that stands for no name.</exception>
    public T Parse(string path, string text)
    {
        string trimmed = text.Trim();
        if (TryParse(trimmed, out T value)) return value;
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return FromNumber(path, number);
        throw new ArgumentException($"{path}: '{text}' is not a {Set.Parameter}; valid names: {string.Join(", ", Set.Names)}", nameof(text));
    }

    /// <summary>The value whose number is <paramref name="number"/> (<c>sim.precision</c> 1, 2, 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number that stands for no name.</exception>
    public T FromNumber(string path, double number)
    {
        var choice = Set.FindNumber(number) ?? throw new ArgumentOutOfRangeException(path, number,
            path + "=" + number.ToString("R", CultureInfo.InvariantCulture) + " is out of range: " + Set.NumberLimits.Description);
        return values[choice.Number - 1];
    }

    /// <summary>The choice of a value, or null for a value that is none of them.</summary>
    public ChoiceInfo? Find(T value)
    {
        int index = Array.IndexOf(values, value);
        return index < 0 ? null : Set.Choices[index];
    }

    /// <summary>The name of a value, e.g. <c>fast</c>.</summary>
    public string NameOf(T value) => Find(value)?.Name ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {Set.Parameter}");

    /// <summary>The number of a value (what <c>Get(path)</c> returns), e.g. 2 for <c>fast</c>.</summary>
    public int NumberOf(T value) => Find(value)?.Number ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {Set.Parameter}");

    /// <summary><paramref name="value"/> if it is one of the choices.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is none of them, e.g. an undefined enum value.</exception>
    public T Check(string path, T value) =>
        Find(value) is null
            ? throw new ArgumentOutOfRangeException(path, value, $"{path}={value} is out of range: {Set.Parameter} must be {Set.NameList}")
            : value;
}

/// <summary>
/// The named choices of the language with their runtime types. The names come from <see cref="NamedChoices"/>,
/// the same table the language, the parameter paths and the <c>netdsl</c> command read.
/// </summary>
public static class Choices
{
    /// <summary><c>sim precision=exact|fast|single</c>.</summary>
    public static Choice<SimulationPrecision> Precision { get; } = ForEnum<SimulationPrecision>(NamedChoices.Precision);

    /// <summary><c>sim synapses=exact|aggregated</c>.</summary>
    public static Choice<SynapseStorage> Synapses { get; } = ForEnum<SynapseStorage>(NamedChoices.Synapses);

    /// <summary><c>conn ... sampling=exact|fast</c> (the probability rule's kind).</summary>
    public static Choice<ConnectionRuleKind> Sampling { get; } = ForEnum<ConnectionRuleKind>(NamedChoices.Sampling);

    /// <summary>Izhi2007b's <c>celltype=RS|IB|CH|LTS|FS|TC|RTN</c>, which the engine takes as its number 1 to 7.</summary>
    public static Choice<int> CellType { get; } = new(NamedChoices.CellType, choice => choice.Number);

    private static Choice<TEnum> ForEnum<TEnum>(ChoiceSet set)
        where TEnum : struct, Enum
    {
        if (set.EnumType != typeof(TEnum).FullName)
        {
            throw new InvalidOperationException($"{set.Parameter} maps to {set.EnumType}, not {typeof(TEnum).FullName}");
        }
        return new Choice<TEnum>(set, choice => Enum.TryParse(choice.Member, ignoreCase: false, out TEnum value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidOperationException($"{typeof(TEnum).Name} has no member '{choice.Member}' for {set.Parameter}={choice.Name}"));
    }
}
