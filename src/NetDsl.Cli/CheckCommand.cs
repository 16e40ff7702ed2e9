namespace NetDsl.Cli;

/// <summary>
/// <c>netdsl check</c>: diagnostics only, <c>file(line,col): severity NDSLxxxx: message</c>, on standard output (they
/// are the command's result), then one status line per file. Every file given is checked, whatever its name; a file
/// that cannot be read gets its own line and the others are still checked. Exit 2 when a file could not be read,
/// else 1 when any file has an error.
/// </summary>
public sealed class CheckCommand(TextWriter stdout, TextWriter stderr)
{
    public int Execute(CheckArguments arguments)
    {
        int filesWithErrors = 0, unreadable = 0;
        foreach (string file in arguments.Files)
        {
            string source;
            try
            {
                source = ModelSource.Read(file);
            }
            catch (UsageException e)
            {
                // Named on standard error like any unreadable file, and the next file is still checked.
                stderr.WriteLine("netdsl: " + e.Message);
                unreadable++;
                continue;
            }
            var outcome = ModelLoader.Load(file, source);
            int errors = 0, warnings = 0;
            foreach (var diagnostic in outcome.Diagnostics)
            {
                stdout.WriteLine(DiagnosticFormatter.Format(diagnostic, file));
                if (diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error) errors++;
                else if (diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning) warnings++;
            }
            if (errors > 0) filesWithErrors++;
            stdout.WriteLine(errors == 0
                ? $"{file}: ok{(warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? "" : "s")})" : "")}"
                : $"{file}: {errors} error{(errors == 1 ? "" : "s")}{(warnings > 0 ? $", {warnings} warning{(warnings == 1 ? "" : "s")}" : "")}");
        }
        return unreadable > 0 ? ExitCodes.UsageError : filesWithErrors == 0 ? ExitCodes.Ok : ExitCodes.ModelError;
    }
}
