using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetDsl.Generators.Tests.Harness;

/// <summary>Assertions on reported diagnostics with 1-based line and column, as dotnet build prints them.</summary>
public static class DiagnosticAssert
{
    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }));

    /// <summary>Exactly one diagnostic with this id, at this 1-based position; returns its message.</summary>
    public static string Single(IEnumerable<Diagnostic> diagnostics, string id, int line, int column)
    {
        var all = diagnostics.ToList();
        var matching = all.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"Expected one {id}, got:\n{Describe(all)}");
        var position = matching[0].Location.GetLineSpan().StartLinePosition;
        Assert.True(position.Line + 1 == line && position.Character + 1 == column,
            $"Expected {id} at ({line},{column}), got:\n{Describe(all)}");
        return matching[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs the generator on <paramref name="marked"/> without its <c>$$</c> marker and returns the message of its one
    /// diagnostic <paramref name="id"/>, which must start at the marker.
    /// </summary>
    public static string AtMarker(string id, string marked)
    {
        var (text, line, column) = Diagnostics.DiagnosticCatalogTests.Unmark(marked);
        return Single(GeneratorHarness.Diagnostics(text), id, line, column);
    }
}
