using System.Linq;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Semantics.Expressions;

namespace NetDsl.Generators.Semantics.Checks;

/// <summary>
/// NDSL0118: a param's name is free: not a variable of expressions, a function or a built-in NetDsl sets elsewhere
/// (propVelocity may be replaced, as NetPyNE's netParams.propVelocity).
/// <code>param dist_3D = 100um   # error: 'dist_3D' is a variable of NetPyNE's expressions</code>
/// </summary>
internal sealed class ParamNameCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var param in context.Network.Params)
        {
            if (NamedValues.ReservedReason(param.Name.Name) is { } reason)
            {
                context.Report(DiagnosticDescriptors.ReservedParamName, param.Name.Span, param.Name.Name, reason);
            }
        }
    }
}

/// <summary>
/// NDSL0119 / NDSL0201 / NDSL0203 / NDSL0204 / NDSL0109 / NDSL0113: selector conditions test a known tag over a
/// non-empty range inside the network's volume, in um (x, y, z) or as fractions (xnorm, ynorm, znorm); an include
/// with conditions is one selector.
/// <code>conn RS -> all(y=[100um, 2000um]) p=0.1   # error with sim sizeY=1000um: outside the volume</code>
/// </summary>
internal sealed class SelectorConditionCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, Syntax.SourceSpan span, string[] arguments) => context.Report(descriptor, span, arguments);
        foreach (var target in net.Targets())
        {
            SelectorConditions.Read(target.Conditions, net, Report);
        }
        foreach (var plot in net.Plots)
        {
            var include = plot.Arguments.Get("include");
            if (include is null) continue;
            var items = context.Convert(include).Include;
            foreach (var item in items.Where(i => i.Conditions is not null))
            {
                SelectorConditions.Read(item.Conditions!, net, Report);
                if (items.Count > 1)
                {
                    context.Report(DiagnosticDescriptors.ConflictingParameters, item.Span,
                        $"Conditions in an include apply to the whole include, so an include with conditions names one population: include={item.Population}(...)");
                }
            }
        }
    }
}

/// <summary>
/// NDSL0215 (warning): NetPyNE 1.1.0's dist_norm2D and dist_norm3D take the square root of a signed difference.
/// <code>conn E -> I p=0.1*exp(-dist_norm3D)   # warning: NaN whenever pre ynorm &lt; post ynorm</code>
/// </summary>
internal sealed class NormDistanceCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (_, value) in context.ConvertedArguments())
        {
            if (!value.Ok) continue;
            foreach (var (span, name) in value.NormDistances)
            {
                context.Report(DiagnosticDescriptors.NormDistanceNaN, span, name, name == "dist_norm2D" ? "znorm" : "ynorm or znorm");
            }
        }
    }
}

/// <summary>
/// NDSL0113: keys that belong to one rule or plot only: <c>within=</c> to the probability rule, <c>feature=</c> to
/// <c>plot conn</c>, <c>orderBy=</c> to <c>plot raster</c>.
/// <code>conn E -> I conv=5 within=300um   # error: within= applies to the probability rule only</code>
/// </summary>
internal sealed class RuleOnlyParameterCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var conn in context.Network.Connections)
        {
            var within = conn.Arguments.Get("within");
            if (within is not null && conn.Arguments.Get("p") is null)
            {
                context.Report(DiagnosticDescriptors.ConflictingParameters, within.NameSpan,
                    "within= is a cutoff of the probability rule only (pairs farther apart are not considered); use it with p=, or remove it");
            }
        }
        foreach (var plot in context.Network.Plots)
        {
            string kind = plot.Statement.Kind.Name;
            var feature = plot.Arguments.Get("feature");
            if (feature is not null && kind != "conn")
                context.Report(DiagnosticDescriptors.ConflictingParameters, feature.NameSpan, $"feature= applies to plot conn only (the connectivity matrix), not to plot {kind}");
            var orderBy = plot.Arguments.Get("orderBy");
            if (orderBy is not null && kind != "raster")
                context.Report(DiagnosticDescriptors.ConflictingParameters, orderBy.NameSpan, $"orderBy= applies to plot raster only (the cells' order on its y axis), not to plot {kind}");
        }
    }
}
