using NetDsl.Generators.Helpers;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Diagnostics;

/// <summary>
/// A diagnostic as plain values (no Roslyn Location), so pipeline outputs stay equatable.
/// Lines and columns are 0-based, as Roslyn's LinePosition.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    EquatableArray<string> Arguments,
    string Path,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn)
{
    public static DiagnosticInfo Create(string id, string path, LineMap lines, SourceSpan span, params string[] arguments)
    {
        var start = lines.Position(span.Start);
        var end = lines.Position(span.End);
        return new DiagnosticInfo(id, new EquatableArray<string>(arguments), path, span.Start, span.Length,
            start.Line, start.Column, end.Line, end.Column);
    }

    /// <summary>The message with its arguments filled in (used by tests and the command-line tool).</summary>
    public string Message => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        DiagnosticDescriptors.Get(Id).MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ToObjects());

    public bool IsError => DiagnosticDescriptors.Get(Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error;

    internal object[] ToObjects()
    {
        var result = new object[Arguments.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Arguments[i];
        return result;
    }
}
