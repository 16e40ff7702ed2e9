using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;
using NetDsl.Generators.Syntax;
using Microsoft.CodeAnalysis;

namespace NetDsl.Generators.Semantics;

/// <summary>
/// The placement keys of a <c>pop</c> statement (NetPyNE's popParams: xRange, yRange, zRange in µm, xnormRange,
/// ynormRange, znormRange, density in cells/mm³, gridSpacing in µm, cellsList of (x, y, z) in µm): read into
/// <see cref="PlacementSpec"/> values, every problem reported with its span.
/// </summary>
internal static class Placement
{
    public static readonly string[] Keys =
    {
        "xRange", "yRange", "zRange", "xnormRange", "ynormRange", "znormRange", "density", "gridSpacing", "cellsList",
    };

    /// <summary>The pop's placement values (the valid ones), reporting every problem through <paramref name="report"/>.</summary>
    /// <remarks><paramref name="generator"/>: a spike-generator population's parameters, which are not placement keys.</remarks>
    public static EquatableArray<PlacementSpec> Read(PopStatement pop, System.Action<DiagnosticDescriptor, SourceSpan, string[]> report, ParameterTable? generator = null)
    {
        var keys = generator is null ? Keys : generator.Names.Concat(Keys).ToArray();
        string owner = generator?.Owner ?? "a population";
        var values = new List<PlacementSpec>();
        var seen = new HashSet<string>();
        Argument? counting = null;
        foreach (var argument in pop.Arguments)
        {
            string key = argument.Key;
            var nameSpan = argument.Name?.Span ?? argument.Span;
            if (argument.Name is not null && generator?.Find(key) is not null) continue;
            if (argument.Name is null || !Keys.Contains(key))
            {
                string shown = argument.Name is null ? Text(argument) : key;
                report(DiagnosticDescriptors.UnknownParameter, nameSpan,
                    new[] { shown, owner, Suggestions.DidYouMean(shown, keys), string.Join(", ", keys) });
                continue;
            }
            if (!seen.Add(key))
            {
                report(DiagnosticDescriptors.DuplicateParameter, nameSpan, new[] { key });
                continue;
            }
            if (key is "density" or "gridSpacing" or "cellsList")
            {
                if (pop.Count is not null)
                    report(DiagnosticDescriptors.ConflictingParameters, nameSpan, new[] {
                        $"Population '{pop.Name.Name}' gives both x {pop.Count.Text} and {key}, which sets the number of cells itself; remove one (NetPyNE would silently prefer {(key == "cellsList" ? "cellsList" : "numCells")})" });
                else if (counting is not null)
                    report(DiagnosticDescriptors.ConflictingParameters, nameSpan, new[] {
                        $"Population '{pop.Name.Name}' gives both {counting.Key} and {key}; keep one of density, gridSpacing and cellsList" });
                counting ??= argument;
            }
            if (argument.Value is not { } value)
            {
                report(DiagnosticDescriptors.WrongValueKind, argument.Span, new[] { key, Expected(key), "a bare flag" });
                continue;
            }
            var read = key switch
            {
                "density" => Density(value, report),
                "gridSpacing" => Length(key, value, report) is double spacing ? Positive(key, spacing, value, "µm", report) : null,
                "cellsList" => CellsList(value, report),
                _ => Range(key, value, report),
            };
            if (read is not null) values.Add(new PlacementSpec(key, read.ToEquatableArray()));
        }
        if (pop.Count is null && counting is null)
            report(DiagnosticDescriptors.MissingPart, pop.Cell.Span, new[] {
                $"Population '{pop.Name.Name}' has no size: write x N after the cell type, or density=, gridSpacing= or cellsList=" });
        return values.ToEquatableArray();
    }

    private static string Expected(string key) => key switch
    {
        "density" => "a number of cells per mm³",
        "gridSpacing" => "a length in µm, e.g. 25um",
        "cellsList" => "a list of (x, y, z) positions in µm, e.g. [(10um, 10um, 10um)]",
        _ when key.Contains("norm") => "a range [min, max] between 0 and 1",
        _ => "a range [min, max] in µm, e.g. [0um, 200um]",
    };

    private static string Text(Argument argument) => argument.Value switch
    {
        NameNode name => name.Name,
        NumberNode number => number.Text + number.Unit,
        _ => "(value)",
    };

    private static double[]? Density(ValueNode value, System.Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        if (value is not NumberNode number)
        {
            report(DiagnosticDescriptors.WrongValueKind, value.Span, new[] { "density", Expected("density"), Describe(value) });
            return null;
        }
        if (number.Unit is not null)
        {
            report(DiagnosticDescriptors.UnitMismatch, number.UnitSpan, new[] {
                $"density is a bare number of cells per mm³ (NetPyNE's unit); write density={number.Text} without '{number.Unit}'" });
            return null;
        }
        return Positive("density", number.Value, number, "cells/mm³", report);
    }

    private static double[]? Positive(string key, double v, ValueNode node, string unit, System.Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        if (v > 0 && !double.IsInfinity(v)) return new[] { v };
        report(DiagnosticDescriptors.OutOfRange, node.Span, new[] { key, Number(v), $"{key} must be a finite number > 0 {unit}" });
        return null;
    }

    /// <summary>A length in µm; null (after a report) when it has no unit or another one.</summary>
    private static double? Length(string key, ValueNode value, System.Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        if (value is not NumberNode number)
        {
            report(DiagnosticDescriptors.WrongValueKind, value.Span, new[] { key, Expected(key), Describe(value) });
            return null;
        }
        if (number.Unit is null)
        {
            report(DiagnosticDescriptors.UnitMismatch, number.Span, new[] { $"{key} is a length: give its unit, e.g. {number.Text}um" });
            return null;
        }
        if (!Units.TryFactor(number.Unit, Dimension.Length, out double factor))
        {
            report(DiagnosticDescriptors.UnitMismatch, number.UnitSpan, new[] {
                $"{key} is a length, but '{number.Unit}' is not a length unit; use {Units.UnitsOf(Dimension.Length)}" });
            return null;
        }
        return number.Value * factor;
    }

    private static double[]? Range(string key, ValueNode value, System.Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        bool norm = key.Contains("norm");
        if (value is not ListNode { Items.Count: 2 } list)
        {
            report(DiagnosticDescriptors.WrongValueKind, value.Span, new[] { key, Expected(key), Describe(value) });
            return null;
        }
        var bounds = new double[2];
        for (int i = 0; i < 2; i++)
        {
            var item = list.Items[i];
            if (norm)
            {
                if (item is not NumberNode number)
                {
                    report(DiagnosticDescriptors.WrongValueKind, item.Span, new[] { key, Expected(key), Describe(item) });
                    return null;
                }
                if (number.Unit is not null)
                {
                    string plain = key.Replace("norm", string.Empty);
                    report(DiagnosticDescriptors.UnitMismatch, number.UnitSpan, new[] {
                        $"{key} is a fraction of the network's size and takes no unit; write {key}=[{string.Join(", ", list.Items.Select(n => n is NumberNode x ? x.Text : "?"))}], or use {plain} for µm" });
                    return null;
                }
                bounds[i] = number.Value;
            }
            else if (Length(key, item, report) is double v) bounds[i] = v;
            else return null;
        }
        if (!(bounds[0] < bounds[1]))
        {
            report(DiagnosticDescriptors.OutOfRange, value.Span, new[] { key, $"[{Number(bounds[0])}, {Number(bounds[1])}]", "the range is empty: it needs min < max" });
            return null;
        }
        if (bounds[0] < 0 || (norm && bounds[1] > 1))
        {
            report(DiagnosticDescriptors.OutOfRange, value.Span, new[] { key, $"[{Number(bounds[0])}, {Number(bounds[1])}]",
                norm ? "a normalised range lies within [0, 1]" : "a range lies within [0um, the network's size]" });
            return null;
        }
        return bounds;
    }

    private static double[]? CellsList(ValueNode value, System.Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        if (value is not ListNode list || list.Items.Count == 0)
        {
            report(DiagnosticDescriptors.WrongValueKind, value.Span, new[] { "cellsList", Expected("cellsList"), Describe(value) });
            return null;
        }
        var coordinates = new List<double>();
        foreach (var item in list.Items)
        {
            if (item is not TupleNode { Items.Count: 3 } tuple)
            {
                report(DiagnosticDescriptors.WrongValueKind, item.Span, new[] { "cellsList", "(x, y, z) positions in µm, e.g. (10um, 10um, 10um)", Describe(item) });
                return null;
            }
            foreach (var coordinate in tuple.Items)
            {
                if (Length("cellsList", coordinate, report) is double v) coordinates.Add(v);
                else return null;
            }
        }
        return coordinates.ToArray();
    }

    private static string Describe(ValueNode value) => value switch
    {
        NumberNode => "a number",
        ListNode list => $"a list of {list.Items.Count}",
        TupleNode => "a tuple",
        NameNode name => $"the name '{name.Name}'",
        StringNode => "a string",
        _ => "an expression",
    };

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
