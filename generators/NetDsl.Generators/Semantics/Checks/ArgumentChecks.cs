using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Catalog;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Helpers;

namespace NetDsl.Generators.Semantics.Checks;

/// <summary>
/// NDSL0107: every parameter name is one the statement accepts.
/// <code>Izhi2007b vn=-60   # error: 'vn' is not a parameter of Izhi2007b. Did you mean 'vr'?</code>
/// </summary>
internal sealed class UnknownParameterCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var arguments in context.Network.AllArguments())
        {
            foreach (var argument in arguments.Items.Where(a => a.Def is null))
            {
                string name = argument.Node.Key;
                if (argument.Node.Name is null && ParameterTables.ForPlasticity(arguments.Table.Owner) == arguments.Table)
                {
                    // STDP(0.01): a plasticity mechanism takes named parameters only (NetPyNE's 'params' dictionary).
                    context.Report(DiagnosticDescriptors.WrongValueKind, argument.Node.Span, "plast",
                        $"named parameters, e.g. {arguments.Table.Owner}(hebbwt=0.01)", "a positional value");
                    continue;
                }
                if (arguments.Table == ParameterTables.Connection || arguments.Table == ParameterTables.StimTarget)
                {
                    if (NetPyneKeys.NotSupported(name) is { } unsupported)
                    {
                        string owner = arguments.Table == ParameterTables.Connection ? "a connection" : "a stimulus target";
                        context.Report(DiagnosticDescriptors.NotSupportedInContext, argument.NameSpan, name, owner, unsupported.Note, unsupported.Fix);
                        continue;
                    }
                }
                if (name == "plast" && arguments.Table == ParameterTables.StimTarget)
                {
                    context.Report(DiagnosticDescriptors.NotSupportedInContext, argument.NameSpan, "plast", "a stimulus target",
                        " (plasticity of stimTargetParams connections)",
                        "Plasticity runs on conn rules only: remove plast= here, or drive the cells through a VecStim/NetStim population and a plastic conn rule");
                    continue;
                }
                context.Report(DiagnosticDescriptors.UnknownParameter, argument.NameSpan, name, arguments.Table.Owner,
                    Suggestion(name, arguments.Table), string.Join(", ", arguments.Table.Names));
            }
        }
    }

    /// <summary>NEURON's suffixed names (g_pas, gnabar_hh) are the mechanism's own names in NetPyNE and here.</summary>
    private static string Suggestion(string name, ParameterTable table)
    {
        if ((table == ParameterTables.Connection || table == ParameterTables.StimTarget) && NetPyneKeys.NetDslForm(name) is { } form)
        {
            return $" NetPyNE's '{name}' is written {form} in NetDsl.";
        }
        if (name == "plasticity" && table == ParameterTables.Connection)
        {
            // NetPyNE documents connParams 'plasticity', but NetPyNE 1.1.0 reads only 'plast' and ignores it silently.
            return " NetPyNE's documented 'plasticity' key is silently ignored by NetPyNE 1.1.0 (it reads 'plast'): write plast=STDP(hebbwt=..., antiwt=..., wmax=...).";
        }
        if (ParameterTables.ForPlasticity(table.Owner) == table && PlasticityCatalog.ParametersOf(table.Owner) is { } plasticity
            && plasticity.FirstOrDefault(p => string.Equals(p.Name, name, System.StringComparison.OrdinalIgnoreCase)) is { } sameLetters)
        {
            return $" Did you mean '{sameLetters.Name}'? (names are case-sensitive, as in the mod file)";
        }
        string suffix = "_" + table.Owner;
        if (name.EndsWith(suffix, System.StringComparison.Ordinal) && table.Find(name.Substring(0, name.Length - suffix.Length)) is { } def)
        {
            return $" Did you mean '{def.Name}'? (NEURON's {name} is {table.Owner}'s '{def.Name}', as in NetPyNE's mechs)";
        }
        return Suggestions.DidYouMean(name, table.Names);
    }
}

/// <summary>
/// NDSL0109: a parameter is given once per statement (sim statements count as one).
/// <code>syn exc: Exp2Syn tau1=1 tau1=2   # error: 'tau1' is given more than once</code>
/// </summary>
internal sealed class DuplicateParameterCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var arguments in context.Network.AllArguments().Where(a => a.Table != ParameterTables.Simulation))
        {
            Report(context, arguments.Items);
        }
        Report(context, context.Network.SimArguments());
    }

    private static void Report(CheckContext context, IEnumerable<BoundArgument> items)
    {
        var seen = new HashSet<string>();
        foreach (var argument in items.Where(a => a.Def is not null))
        {
            if (!seen.Add(argument.Def!.Name))
            {
                context.Report(DiagnosticDescriptors.DuplicateParameter, argument.NameSpan, argument.Node.Key);
            }
        }
    }
}

/// <summary>
/// NDSL0204: a parameter gets the kind of value it takes (a number, a distribution, a name, a list).
/// <code>pop E: IZH x 20
/// conn E -> E p=high   # error: 'p' takes a number, not the name 'high'</code>
/// </summary>
internal sealed class ValueKindCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (argument, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.WrongKind)
            {
                context.Report(DiagnosticDescriptors.WrongValueKind, value.ProblemSpan, argument.Node.Key, ValueConverter.Expected(argument.Def!), value.ProblemText);
            }
        }
    }
}

/// <summary>
/// NDSL0203: a unit must measure what the parameter measures.
/// <code>conn E -> E p=0.1 d=5mV   # error: 'mV' is a unit of voltage, but 'd' is a time</code>
/// </summary>
internal sealed class UnitCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (_, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.BadUnit)
            {
                context.Report(DiagnosticDescriptors.UnitMismatch, value.ProblemSpan, value.ProblemText);
            }
        }
    }
}

/// <summary>
/// NDSL0211: counts, seeds and indices are whole numbers.
/// <code>conn E -> I conv=2.5   # error: conv=2.5 must be a whole number</code>
/// </summary>
internal sealed class IntegerCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (argument, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.NotInteger)
            {
                context.Report(DiagnosticDescriptors.NotAnInteger, value.ProblemSpan, argument.Node.Key, value.ProblemText);
            }
        }
    }
}

/// <summary>
/// NDSL0112: a named value must be one of the allowed names.
/// <code>Izhi2007b celltype=RSS   # error: 'RSS' is not a valid value for 'celltype'. Did you mean 'RS'?</code>
/// </summary>
internal sealed class NamedValueCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (argument, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.UnknownName)
            {
                context.Report(DiagnosticDescriptors.UnknownValueName, value.ProblemSpan, value.ProblemText, argument.Node.Key,
                    string.Join(", ", value.Candidates), Suggestions.DidYouMean(value.ProblemText, value.Candidates));
            }
        }
    }
}

/// <summary>
/// NDSL0209: connection lists are written inline; a generator cannot read files.
/// <code>conn E -> I list="conns.csv"   # error: write the pairs inline</code>
/// </summary>
internal sealed class ListFileCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (_, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.ListFile)
            {
                context.Report(DiagnosticDescriptors.ListFileNotSupported, value.ProblemSpan, value.ProblemText);
            }
        }
    }
}

/// <summary>
/// NDSL0205 (warning): NEURON's normal(mean, x) takes a variance; NetPyNE's own tutorial calls x an SD.
/// <code>Izhi2007b k=normal(0.7, 0.05)   # warning: the SD is 0.2236; write normal(0.7, variance=0.05) to keep it</code>
/// </summary>
internal sealed class NormalVarianceCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (argument, value) in context.ConvertedArguments())
        {
            if (value.Ok && value.Kind == DistributionKind.Normal && value.PositionalVariance)
            {
                double sd = System.Math.Sqrt(System.Math.Abs(value.B));
                context.Report(DiagnosticDescriptors.NormalTakesVariance, argument.Node.Value!.Span, value.MeanText, value.VarianceText,
                    sd.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
            }
            if (!value.Ok) continue;
            // The same trap inside an expression: 19+normal(0, 0.25) has an SD of 0.5.
            foreach (var normal in value.PositionalNormals)
            {
                double sd = System.Math.Sqrt(System.Math.Abs(normal.Variance));
                context.Report(DiagnosticDescriptors.NormalTakesVariance, normal.Span, normal.MeanText, normal.VarianceText,
                    sd.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}

/// <summary>
/// NDSL0106: <c>plast=</c> names a plasticity mechanism NetDsl runs (<see cref="PlasticityCatalog"/>).
/// <code>conn E -> E p=0.1 plast=STPD(hebbwt=0.01)   # error: Unknown plasticity mechanism 'STPD'; supported: STDP, pairSTDP. Did you mean 'STDP'?</code>
/// </summary>
internal sealed class PlasticityMechanismCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var connection in context.Network.Connections)
        {
            foreach (var argument in connection.Arguments.Items.Where(a => a.Def?.Kind == ParameterKind.Plasticity))
            {
                var (name, span) = argument.Node.Value switch
                {
                    Syntax.CallNode call => (call.Function.Name, call.Function.Span),
                    Syntax.NameNode bare => (bare.Name, bare.Span),
                    _ => (null, default(Syntax.SourceSpan)),
                };
                if (name is null || ParameterTables.ForPlasticity(name) is not null) continue;
                context.Report(DiagnosticDescriptors.UnknownMechanism, span, "plasticity mechanism", name,
                    string.Join(", ", PlasticityCatalog.Names),
                    Suggestions.DidYouMean(name, PlasticityCatalog.Names) + " (NetPyNE's STDP mechanism and the pair-based pairSTDP, see docs/plasticity.md)");
            }
        }
    }
}

/// <summary>
/// NetPyNE's connParams and stimTargetParams keys that NetDsl writes another way, or does not support yet; the ones
/// NetDsl reads as they are (probability, convergence, divergence, weight, delay, plast) are aliases in the tables.
/// </summary>
internal static class NetPyneKeys
{
    public static string? NetDslForm(string key) => key switch
    {
        "synMech" => "syn=NAME (e.g. syn=exc)",
        "connList" => "list=[(pre, post), ...]",
        "preConds" or "postConds" => "as the selectors before and after '->', with conditions in parentheses (e.g. conn RS(y=[100um, 1000um]) -> all p=0.1)",
        "conds" => "as the selector after '->' (e.g. stim bkg -> RS(ynorm=[0, 0.5]))",
        _ => null,
    };

    public static (string Note, string Fix)? NotSupported(string key) => key switch
    {
        "synsPerConn" => (" yet (several synapses per connection)", "NetDsl makes one synapse per connection, NetPyNE's default synsPerConn=1: remove it"),
        "loc" => (" yet (the synapse's location along the section)", "NetDsl's cells are one soma compartment, where every synapse sits (NetPyNE's default loc=0.5): remove it"),
        "sec" => (" yet (the postsynaptic section)", "NetDsl's cells have one section, the soma (NetPyNE's default): remove it"),
        "shape" => (" yet (time-varying weights)", "Give w a number, a distribution or an expression"),
        "weightIndex" => (" (the index of the weight in a NetCon with several)", "NetDsl's connections have one weight: remove it"),
        "threshold" => (" on a rule (NetPyNE reads a connection's threshold from the cell)", "Set the spike threshold on the cell type: threshold=10mV inside cell NAME { ... }"),
        _ => null,
    };
}

/// <summary>
/// NDSL0111: a plasticity mechanism's parameter without a default (pairSTDP's Wmax) is given.
/// <code>conn E -> E p=0.1 w=0.001 plast=pairSTDP(lambda=0.01)   # error: pairSTDP needs Wmax ...</code>
/// </summary>
internal sealed class RequiredPlasticityParameterCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var connection in context.Network.Connections)
        {
            foreach (var argument in connection.Arguments.Items.Where(a => a.Def?.Kind == ParameterKind.Plasticity))
            {
                if (argument.Node.Value is not Syntax.CallNode call || PlasticityCatalog.ParametersOf(call.Function.Name) is not { } parameters) continue;
                foreach (var required in parameters.Where(p => double.IsNaN(p.Default)))
                {
                    if (call.Arguments.Any(a => a.Key == required.Name)) continue;
                    context.Report(DiagnosticDescriptors.MissingPart, call.Function.Span,
                        $"{call.Function.Name} needs {required.Name} ({required.Description}): write {call.Function.Name}(..., {required.Name}=...)");
                }
            }
        }
    }
}
