using Microsoft.CodeAnalysis;

namespace NetDsl.Cli;

/// <summary>Prints diagnostics as <c>file(line,col): severity NDSLxxxx: message</c>, the form editors and CI understand.</summary>
public static class DiagnosticFormatter
{
    /// <param name="displayPath">The path as the user typed it; used for diagnostics located in the compiled file.</param>
    public static string Format(Diagnostic diagnostic, string displayPath)
    {
        string severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        var span = diagnostic.Location.GetMappedLineSpan();
        if (!span.IsValid || string.IsNullOrEmpty(span.Path))
        {
            return $"{displayPath}: {severity} {diagnostic.Id}: {message}";
        }
        string path = SamePath(span.Path, displayPath) ? displayPath : span.Path;
        var start = span.StartLinePosition;
        return $"{path}({start.Line + 1},{start.Character + 1}): {severity} {diagnostic.Id}: {message}";
    }

    private static bool SamePath(string located, string displayPath)
    {
        try
        {
            string full = Path.GetFullPath(displayPath);
            string where = Path.GetFullPath(located);
            return string.Equals(where, full, StringComparison.Ordinal)
                || string.Equals(where, ModelLoader.GeneratorPath(full), StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
