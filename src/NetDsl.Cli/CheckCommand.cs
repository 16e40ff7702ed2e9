namespace NetDsl.Cli;

/// <summary>
/// <c>netdsl check</c>: diagnostics only, <c>file(line,col): severity NDSLxxxx: message</c>, on standard output (they
/// are the command's result), then one status line per file; exit 1 when any file has an error.
/// </summary>
public sealed class CheckCommand(TextWriter stdout)
{
    public int Execute(CheckArguments arguments)
    {
        int filesWithErrors = 0;
        foreach (string file in arguments.Files)
        {
            string source = ModelSource.Read(file);
            using var outcome = ModelCompiler.Compile(file, source, emit: false);
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
        return filesWithErrors == 0 ? ExitCodes.Ok : ExitCodes.ModelError;
    }
}
