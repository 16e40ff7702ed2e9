using System.Linq;
using NetDsl.Generators.Diagnostics;

namespace NetDsl.Generators.Semantics.Checks;

/// <summary>
/// NDSL0111: the parts a statement cannot do without — a cell's model (an Izhi2007b line, once, or hh/pas lines,
/// each once) and soma line (at most once),
/// a connection rule, VecStim times, and a synapse for every connection or spike source.
/// <code>conn E -> I w=0.005   # error: the connection needs a rule: p=, conv=, div=, all or list=</code>
/// </summary>
internal sealed class MissingPartCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        foreach (var cell in net.Cells)
        {
            if (cell.MechanismItems.Count == 0 && cell.DensityItems.Count == 0 && cell.UnknownItems.Count == 0)
                context.Report(DiagnosticDescriptors.MissingPart, cell.Name.Span,
                    $"Cell '{cell.Name.Name}' has no {ParameterTables.Izhi2007b} line; add e.g. '{ParameterTables.Izhi2007b} C=1 k=0.7 vr=-60 vt=-40 vpeak=35 a=0.03 b=-2 c=-50 d=100', " +
                    $"or density mechanisms for a Hodgkin-Huxley cell, e.g. '{ParameterTables.Hh} gnabar=0.12 gkbar=0.036 gl=0.0003 el=-54.3'");
            foreach (var extra in cell.MechanismItems.Skip(1))
                context.Report(DiagnosticDescriptors.MissingPart, extra.Keyword!.Span, $"Cell '{cell.Name.Name}' has more than one {ParameterTables.Izhi2007b} line; keep one");
            foreach (var extra in cell.DensityItems.GroupBy(d => d.Name).SelectMany(g => g.Skip(1)))
                context.Report(DiagnosticDescriptors.MissingPart, extra.Item.Keyword!.Span, $"Cell '{cell.Name.Name}' has more than one {extra.Name} line; keep one");
            foreach (var extra in cell.SomaItems.Skip(1))
                context.Report(DiagnosticDescriptors.MissingPart, extra.Keyword!.Span, $"Cell '{cell.Name.Name}' has more than one soma line; keep one");
        }
        foreach (var conn in net.Connections)
        {
            if (!new[] { "p", "conv", "div", "all", "list" }.Any(r => conn.Arguments.Get(r) is not null))
                context.Report(DiagnosticDescriptors.MissingPart, conn.Statement.Pre.Span,
                    "The connection needs a rule: p=<probability>, conv=<n>, div=<n>, all or list=[(pre, post), ...]");
        }
        foreach (var stim in net.StimSources.Where(s => s.Statement.Kind.Name == ParameterTables.VecStim && s.Arguments is not null))
        {
            if (ParameterTables.TrainKeys.All(key => stim.Arguments!.Get(key) is null))
                context.Report(DiagnosticDescriptors.MissingPart, stim.Statement.Kind.Span,
                    $"VecStim '{stim.Statement.Name.Name}' needs its spike times: times=[5, 12.5] (every target cell), trains=[[5, 12.5], [8]] (one per target cell) or file=\"trains.csv\"");
        }
        if (net.Synapses.Count == 0)
        {
            foreach (var conn in net.Connections)
                context.Report(DiagnosticDescriptors.MissingPart, conn.Statement.Pre.Span, "A connection needs a synapse; declare one, e.g. 'syn exc: Exp2Syn tau1=1 tau2=5 e=0'");
            foreach (var target in net.StimTargets)
            {
                var source = net.FindStimSource(target.Statement.Source.Name);
                if (source is not null && source.Statement.Kind.Name != ParameterTables.IClamp)
                    context.Report(DiagnosticDescriptors.MissingPart, target.Statement.Source.Span, $"'{source.Statement.Name.Name}' delivers spikes through a synapse; declare one, e.g. 'syn exc: Exp2Syn tau1=1 tau2=5 e=0'");
            }
        }
    }
}

/// <summary>
/// NDSL0114: a cell is an Izhi2007b point cell or a cell of density mechanisms (hh, pas), not both.
/// <code>cell X { Izhi2007b C=1; hh gnabar=0.12 }   # error: NetDsl does not support that combination yet</code>
/// </summary>
internal sealed class MechanismCombinationCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var cell in context.Network.Cells.Where(c => c.MechanismItems.Count > 0 && c.DensityItems.Count > 0))
        {
            var point = cell.MechanismItems[0];
            var density = cell.DensityItems[0].Item;
            // Point at the line that made the combination: whichever of the two comes second.
            var at = density.Span.Start > point.Span.Start ? density.Keyword! : point.Keyword!;
            context.Report(DiagnosticDescriptors.UnsupportedMechanismCombination, at.Span, cell.Name.Name, ParameterTables.Izhi2007b,
                cell.DensityItems[0].Name, string.Join(", ", ParameterTables.DensityMechanisms));
        }
    }
}

/// <summary>
/// NDSL0113: parameters that exclude each other — NetStim rate and interval, two connection rules,
/// sampling=fast without p=, and w/d/syn on an IClamp target (a current clamp has no synapse).
/// <code>conn E -> I p=0.1 conv=5   # error: choose one connection rule</code>
/// </summary>
internal sealed class ConflictingParametersCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        foreach (var stim in net.StimSources.Where(s => s.Statement.Kind.Name == ParameterTables.NetStim && s.Arguments is not null))
        {
            var interval = stim.Arguments!.Get("interval");
            if (interval is not null && stim.Arguments.Get("rate") is not null)
                context.Report(DiagnosticDescriptors.ConflictingParameters, interval.NameSpan, "Give either rate= (Hz) or interval= (ms), not both; interval = 1000 / rate");
        }
        foreach (var target in net.StimTargets)
        {
            var source = net.FindStimSource(target.Statement.Source.Name);
            if (source?.Statement.Kind.Name != ParameterTables.IClamp) continue;
            foreach (var argument in target.Arguments.Items.Where(a => a.Def is not null))
                context.Report(DiagnosticDescriptors.ConflictingParameters, argument.NameSpan,
                    $"'{source.Statement.Name.Name}' is an IClamp: it injects current directly, so '{argument.Node.Key}' (weight, delay, synapse) does not apply; remove it");
        }
        foreach (var conn in net.Connections)
        {
            var rules = conn.Arguments.Items.Where(a => a.Def is not null && new[] { "p", "conv", "div", "all", "list" }.Contains(a.Def.Name))
                .GroupBy(a => a.Def!.Name).Select(g => g.First()).ToList();
            foreach (var extra in rules.Skip(1))
                context.Report(DiagnosticDescriptors.ConflictingParameters, extra.NameSpan, $"Choose one connection rule: '{rules[0].Node.Key}' is already given, so '{extra.Node.Key}' conflicts");
            var sampling = conn.Arguments.Get("sampling");
            if (sampling is not null && conn.Arguments.Get("p") is null)
                context.Report(DiagnosticDescriptors.ConflictingParameters, sampling.NameSpan, "sampling= applies to the probability rule only; add p=<probability> or remove sampling");
        }
    }
}
