using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics;

/// <summary>
/// The conditions in parentheses after a selector (<c>all(y=[100um, 1000um], xnorm=[0, 0.5])</c>, NetPyNE's conds
/// x, y, z in um and xnorm, ynorm, znorm): read into <see cref="ConditionSpec"/> values, every problem reported with
/// its span. A condition holds for low &lt;= tag &lt; high, as NetPyNE tests it.
/// </summary>
internal static class SelectorConditions
{
    private const string Example = "y=[100um, 1000um]";

    public static EquatableArray<ConditionSpec> Read(IReadOnlyList<Argument> conditions, BoundNetwork net,
        System.Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        var result = new List<ConditionSpec>();
        var seen = new HashSet<string>();
        foreach (var condition in conditions)
        {
            if (condition.Name is null)
            {
                report(DiagnosticDescriptors.WrongValueKind, condition.Span, new[] { "a selector condition", "tag=[low, high], e.g. " + Example, ValueConverter.Describe(condition.Value) });
                continue;
            }
            string tag = condition.Name.Name;
            if (!ParameterTables.CellTags.Contains(tag))
            {
                report(DiagnosticDescriptors.UnknownCondition, condition.Name.Span, new[] { tag, Hint(tag) });
                continue;
            }
            if (!seen.Add(tag))
            {
                report(DiagnosticDescriptors.DuplicateParameter, condition.Name.Span, new[] { tag });
                continue;
            }
            var bounds = Bounds(tag, condition.Value, report);
            if (bounds is null) continue;
            var (low, high) = bounds.Value;
            string written = $"[{Number(low)}, {Number(high)}]";
            if (!(low < high))
            {
                report(DiagnosticDescriptors.OutOfRange, condition.Value!.Span, new[] { tag, written,
                    "the range is empty: it needs low < high (a condition holds for low <= " + tag + " < high)" });
                continue;
            }
            bool norm = tag.EndsWith("norm", System.StringComparison.Ordinal);
            double size = norm ? 1 : net.Size(tag.ToUpperInvariant());
            if (low < 0 || high > size)
            {
                string volume = norm
                    ? $"{tag} lies within [0, 1] (a fraction of size{tag.Substring(0, 1).ToUpperInvariant()})"
                    : $"{tag} lies within [0um, size{tag.ToUpperInvariant()}={Number(size)}um], the network's volume";
                report(DiagnosticDescriptors.OutOfRange, condition.Value!.Span, new[] { tag, written, volume });
                continue;
            }
            result.Add(new ConditionSpec(Member(tag), low, high));
        }
        return result.ToEquatableArray();
    }

    /// <summary>The runtime's CellTag member of a tag name.</summary>
    public static string Member(string tag) => tag switch
    {
        "xnorm" => "XNorm",
        "ynorm" => "YNorm",
        "znorm" => "ZNorm",
        _ => tag.ToUpperInvariant(),
    };

    private static string Hint(string tag)
    {
        if (tag is "pop" or "cellType" or "cellModel")
            return $" NetPyNE's '{tag}' condition is the selector's name itself: write RS(...), E2(...) or [E2, E4](...).";
        if (tag.EndsWith("Range", System.StringComparison.Ordinal))
            return $" A condition is written with the tag alone: {tag.Substring(0, tag.Length - "Range".Length)}=[low, high].";
        return Suggestions.DidYouMean(tag, ParameterTables.CellTags);
    }

    /// <summary>[low, high] in um (x, y, z; a bare number is um, as in NetPyNE) or plain numbers (the norm tags).</summary>
    private static (double Low, double High)? Bounds(string tag, ValueNode? value, System.Action<DiagnosticDescriptor, SourceSpan, string[]> report)
    {
        bool norm = tag.EndsWith("norm", System.StringComparison.Ordinal);
        if (value is not ListNode { Items.Count: 2 } list || list.Items.Any(i => i is not NumberNode))
        {
            report(DiagnosticDescriptors.WrongValueKind, value?.Span ?? default, new[] { tag,
                norm ? "a range [low, high] of fractions between 0 and 1, e.g. ynorm=[0.5, 1.0]" : "a range [low, high] in um, e.g. " + Example,
                ValueConverter.Describe(value) });
            return null;
        }
        var bounds = new double[2];
        for (int i = 0; i < 2; i++)
        {
            var number = (NumberNode)list.Items[i];
            if (number.Unit is null)
            {
                bounds[i] = number.Value;
                continue;
            }
            if (norm)
            {
                report(DiagnosticDescriptors.UnitMismatch, number.UnitSpan, new[] {
                    $"{tag} is a fraction of the network's size and takes no unit; write {tag}=[{string.Join(", ", list.Items.Select(n => ((NumberNode)n).Text))}], or use {tag.Substring(0, 1)} for um" });
                return null;
            }
            if (!Units.TryFactor(number.Unit, Dimension.Length, out double factor))
            {
                report(DiagnosticDescriptors.UnitMismatch, number.UnitSpan, new[] {
                    $"{tag} is a length, but '{number.Unit}' is not a length unit; use {Units.UnitsOf(Dimension.Length)} (a bare number means um)" });
                return null;
            }
            bounds[i] = number.Value * factor;
        }
        return (bounds[0], bounds[1]);
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
