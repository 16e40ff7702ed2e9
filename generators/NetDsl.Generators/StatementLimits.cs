using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators;

/// <summary>
/// NDSL0303: a file's statements of one kind stay below a limit. Each population, cell type, synapse, stimulus and
/// connection rule becomes typed members of the generated class, and Roslyn's time and memory for the generated code
/// grow faster than linearly beyond a few thousand of them (16,000 populations: two minutes and 13 GB to check), so a
/// larger file is refused at the first statement over the limit, before anything else is checked.
/// </summary>
internal static class StatementLimits
{
    /// <summary>Statements of one kind a file may hold; NetPyNE's published models have tens to a few hundred.</summary>
    public const int MaxPerKind = 2000;

    /// <summary>Reports each kind over the limit; true when any is.</summary>
    public static bool Check(SyntaxFile syntax, LineMap lines, List<DiagnosticInfo> diagnostics)
    {
        bool exceeded = false;
        foreach (var group in syntax.Statements.GroupBy(Kind).Where(g => g.Key is not null))
        {
            int count = group.Count();
            if (count <= MaxPerKind) continue;
            exceeded = true;
            var first = group.ElementAt(MaxPerKind);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyStatements.Id, syntax.Path, lines, first.Span,
                count.ToString(System.Globalization.CultureInfo.InvariantCulture), group.Key!, MaxPerKind.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Fix(group.Key!)));
        }
        return exceeded;
    }

    private static string? Kind(Statement statement) => statement switch
    {
        PopStatement => "pop",
        CellStatement => "cell",
        SynStatement => "syn",
        StimSourceStatement => "stim source",
        StimTargetStatement => "stim target",
        ConnStatement => "conn",
        RecordStatement => "record",
        PlotStatement => "plot",
        _ => null,
    };

    private static string Fix(string kind) => kind == "pop"
        ? "Merge populations of one cell type into one (placed with ranges or cellsList, selected with conditions), or build the NetworkDefinition in C#."
        : "Merge statements that differ only in their cells into one with a wider selector, or build the NetworkDefinition in C#.";
}
