using System.Collections;
using System.Reflection;

namespace NetDsl.Cli.Tests.Interpretation;

/// <summary>
/// Where two object graphs differ, property by property: what two <c>NetworkDefinition</c>s are compared with, since
/// their records hold lists (compared by reference in record equality). Doubles compare bit for bit; delegates (a
/// connection expression's compiled code) are skipped, as they are in <c>ValueSpec</c> equality.
/// </summary>
internal static class StructuralDifferences
{
    public static List<string> Find(object? expected, object? actual, string root = "definition")
    {
        var differences = new List<string>();
        Compare(expected, actual, root, differences, depth: 0);
        return differences;
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences, int depth)
    {
        if (differences.Count >= 20) return;
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null) differences.Add($"{path}: {Show(expected)} vs {Show(actual)}");
            return;
        }
        if (depth > 40)
        {
            differences.Add($"{path}: nested too deep to compare");
            return;
        }
        if (expected is IEnumerable expectedItems && actual is IEnumerable actualItems && expected is not string && actual is not string)
        {
            // Lists compare by their items, whatever collection holds them (an array here, a List there).
            var left = expectedItems.Cast<object?>().ToList();
            var right = actualItems.Cast<object?>().ToList();
            if (left.Count != right.Count) differences.Add($"{path}: {left.Count} items vs {right.Count}");
            for (int i = 0; i < Math.Min(left.Count, right.Count); i++) Compare(left[i], right[i], $"{path}[{i}]", differences, depth + 1);
            return;
        }
        var type = expected.GetType();
        if (type != actual.GetType())
        {
            differences.Add($"{path}: a {type.Name} vs a {actual.GetType().Name}");
            return;
        }
        if (expected is Delegate) return;
        if (expected is double a && actual is double b)
        {
            if (BitConverter.DoubleToInt64Bits(a) != BitConverter.DoubleToInt64Bits(b)) differences.Add($"{path}: {a:R} vs {b:R}");
            return;
        }
        if (type.IsPrimitive || type.IsEnum || expected is string || expected is decimal || IsValueTuple(type))
        {
            if (!expected.Equals(actual)) differences.Add($"{path}: {Show(expected)} vs {Show(actual)}");
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || typeof(Delegate).IsAssignableFrom(property.PropertyType)) continue;
            Compare(Read(property, expected), Read(property, actual), path + "." + property.Name, differences, depth + 1);
        }
    }

    /// <summary>A property's value, or the type of what it threw (both sides must throw alike).</summary>
    private static object? Read(PropertyInfo property, object target)
    {
        try
        {
            return property.GetValue(target);
        }
        catch (TargetInvocationException e)
        {
            return "threw " + e.InnerException?.GetType().Name;
        }
    }

    private static bool IsValueTuple(Type type) => type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => "\"" + text + "\"",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
