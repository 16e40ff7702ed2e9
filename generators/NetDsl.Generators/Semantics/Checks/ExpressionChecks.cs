using NetDsl.Generators.Diagnostics;

namespace NetDsl.Generators.Semantics.Checks;

/// <summary>
/// NDSL0212: units in an expression fit together and the result fits the parameter.
/// <code>soma diam=(19um + 2)   # error: cannot add a length (um) and a plain number: write 2um</code>
/// </summary>
internal sealed class ExpressionUnitCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (_, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.ExpressionUnit)
            {
                context.Report(DiagnosticDescriptors.ExpressionUnitMismatch, value.ProblemSpan, value.ProblemText);
            }
        }
    }
}

/// <summary>
/// NDSL0116: an expression reads variables and calls functions of its context.
/// <code>hh gnabar=0.12+0.001*ynrom   # error: unknown variable 'ynrom' in a cell parameter. Did you mean 'ynorm'?</code>
/// </summary>
internal sealed class UnknownExpressionNameCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (_, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.UnknownIdentifier)
            {
                var d = value.ProblemDetail;
                context.Report(DiagnosticDescriptors.UnknownExpressionName, value.ProblemSpan, value.ProblemText, d[0], d[1], d[2], d[3], d[4]);
            }
        }
    }
}

/// <summary>
/// NDSL0117: NetPyNE variables and functions that NetDsl does not offer in this context.
/// <code>soma diam=10+dist_3D   # error: NetDsl does not support NetPyNE's 'dist_3D' in a cell parameter</code>
/// </summary>
internal sealed class NotSupportedInContextCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (_, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.NotSupported)
            {
                var d = value.ProblemDetail;
                context.Report(DiagnosticDescriptors.NotSupportedInContext, value.ProblemSpan, value.ProblemText, d[0], d[1], d[2]);
            }
        }
    }
}

/// <summary>
/// NDSL0213: a function of an expression gets the arguments it takes.
/// <code>soma diam=19+uniform(-0.5)   # error: uniform(low, high) takes 2 arguments, not 1</code>
/// </summary>
internal sealed class FunctionCallCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (_, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.BadCall)
            {
                context.Report(DiagnosticDescriptors.BadFunctionCall, value.ProblemSpan, value.ProblemText);
            }
        }
    }
}
