using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics.Expressions;

/// <summary>
/// A value an expression reads by name: a <c>param</c> of the file or a built-in (sizeX, propVelocity, ...).
/// <see cref="Value"/> is in NetPyNE's unit for <see cref="Unit"/> (um, ms, um/ms), a number of <see cref="Scale"/> SI units.
/// <see cref="Declaration"/> is null for a built-in; <see cref="Failed"/> marks a param whose value has an error
/// (reported once, at the param), so that reading it reports nothing more.
/// </summary>
internal sealed record NamedValue(string Name, double Value, UnitVector Unit, double Scale, ParamStatement? Declaration, bool Failed = false);

/// <summary>
/// The named values of one file: NetPyNE's built-ins (<c>sizeX sizeY sizeZ</c> from <c>sim</c>, <c>propVelocity</c>,
/// <c>defaultDelay</c>, <c>pi</c>) and the file's <c>param</c> statements, each checked in file order so that a param
/// can read the ones above it.
/// </summary>
internal sealed class NamedValues
{
    /// <summary>NetPyNE's netParams.propVelocity default: 500 um/ms.</summary>
    public const double DefaultPropVelocity = 500;

    /// <summary>Built-ins a param may replace, as NetPyNE's <c>netParams.propVelocity = 100</c> does.</summary>
    public static readonly string[] Overridable = { "propVelocity" };

    private static readonly UnitVector Length = UnitVector.Of(Dimension.Length);
    private static readonly UnitVector Time = UnitVector.Of(Dimension.Time);

    private readonly List<NamedValue> values;
    private readonly List<(BoundArgument Argument, ConvertedValue Value)> checkedParams;

    private NamedValues(List<NamedValue> values, List<(BoundArgument, ConvertedValue)> checkedParams)
    {
        this.values = values;
        this.checkedParams = checkedParams;
    }

    public IReadOnlyList<NamedValue> All => values;

    /// <summary>The file's params (not the built-ins), in file order.</summary>
    public IEnumerable<NamedValue> Params => values.Where(v => v.Declaration is not null);

    /// <summary>Every param's value as checked, with its problem if it has one, for the per-value checks.</summary>
    public IReadOnlyList<(BoundArgument Argument, ConvertedValue Value)> CheckedParams => checkedParams;

    public NamedValue? Find(string name) => values.FirstOrDefault(v => v.Name == name);

    /// <summary>How messages list the names: "sizeX, sizeY, sizeZ (um), propVelocity (um/ms), ...".</summary>
    public string List => string.Join(", ", values.Select(v => v.Name + (v.Unit.IsNone ? string.Empty : " (" + v.Unit.UnitText() + ")")));

    /// <summary>The built-ins alone, for a network of the default size.</summary>
    public static readonly NamedValues Builtins = new(BuiltinValues(100, 100, 100), new List<(BoundArgument, ConvertedValue)>());

    private static List<NamedValue> BuiltinValues(double sizeX, double sizeY, double sizeZ)
    {
        double velocityScale = UnitVector.SiFactor(Dimension.Length) / UnitVector.SiFactor(Dimension.Time);
        return new List<NamedValue>
        {
            new("sizeX", sizeX, Length, UnitVector.SiFactor(Dimension.Length), null),
            new("sizeY", sizeY, Length, UnitVector.SiFactor(Dimension.Length), null),
            new("sizeZ", sizeZ, Length, UnitVector.SiFactor(Dimension.Length), null),
            new("propVelocity", DefaultPropVelocity, Length.Over(Time), velocityScale, null),
            new("defaultDelay", 1, Time, UnitVector.SiFactor(Dimension.Time), null),
            new("pi", Math.PI, UnitVector.None, 1, null),
        };
    }

    /// <summary>Checks the params in file order against the built-ins and the params above them.</summary>
    public static NamedValues Build(IEnumerable<ParamStatement> statements, double sizeX, double sizeY, double sizeZ)
    {
        var names = new NamedValues(BuiltinValues(sizeX, sizeY, sizeZ), new List<(BoundArgument, ConvertedValue)>());
        foreach (var statement in statements)
        {
            string name = statement.Name.Name;
            var argument = new BoundArgument(new Argument(statement.Name, statement.Value, null, statement.Span), ParameterTables.Param, null);
            var (value, evaluated) = ExpressionChecker.EvaluateParam(statement.Value, names);
            names.checkedParams.Add((argument, value));
            var existing = names.Find(name);
            // A duplicate, or a name that is not free (NameChecks report both), keeps the first meaning.
            if (existing?.Declaration is not null || ReservedReason(name) is not null) continue;
            var entry = evaluated is null
                ? new NamedValue(name, 0, UnitVector.None, 1, statement, Failed: true)
                : evaluated with { Name = name, Declaration = statement };
            if (existing is not null) names.values[names.values.IndexOf(existing)] = entry;
            else names.values.Add(entry);
        }
        return names;
    }

    /// <summary>
    /// Why a param cannot take this name (it is a variable, a function or a built-in NetDsl takes from elsewhere),
    /// or null when it can.
    /// </summary>
    public static string? ReservedReason(string name)
    {
        if (ExpressionContext.AllVariableNames.Contains(name))
            return $"'{name}' is a variable of NetPyNE's expressions (a cell's position or a connection's pair of cells)";
        if (ExpressionFunctions.Find(name) is not null || ExpressionFunctions.NotSupported(name) is not null)
            return $"'{name}' is a function of expressions";
        switch (name)
        {
            case "sizeX":
            case "sizeY":
            case "sizeZ":
                return $"'{name}' is the network's size: set it with 'sim {name}=...um'";
            case "defaultDelay":
                return "'defaultDelay' is NetPyNE's delay of rules without one (1 ms): give the rules d= instead";
            case "pi":
                return "'pi' is the built-in constant 3.14159...";
            default:
                return null;
        }
    }
}
