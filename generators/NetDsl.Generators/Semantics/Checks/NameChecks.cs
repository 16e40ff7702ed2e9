using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics.Checks;

/// <summary>
/// NDSL0105: a name is declared once per kind.
/// <code>pop E: IZH x 20
/// pop E: IZH x 10   # error: population 'E' is already declared on line 1</code>
/// </summary>
internal sealed class DuplicateNameCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        Report(context, "Cell type", net.Cells.Select(c => c.Name));
        Report(context, "Population", net.Populations.Select(p => p.Name));
        Report(context, "Synapse", net.Synapses.Select(s => s.Statement.Name));
        Report(context, "Stimulus source", net.StimSources.Select(s => s.Statement.Name));
        Report(context, "Record", net.Records.Select(r => r.Name));
        Report(context, "Connection", net.Connections.Where(c => c.Statement.Label is not null).Select(c => c.Statement.Label!));
        Report(context, "Param", net.Params.Select(p => p.Name));
        foreach (var extra in net.NetworkStatements.Skip(1))
        {
            context.Report(DiagnosticDescriptors.DuplicateName, extra.Name.Span, "The network name", net.NetworkStatements[0].Name.Name, context.LineOf(net.NetworkStatements[0].Span));
        }
    }

    private static void Report(CheckContext context, string kind, IEnumerable<Identifier> names)
    {
        var seen = new Dictionary<string, Identifier>();
        foreach (var name in names)
        {
            if (seen.TryGetValue(name.Name, out var first))
            {
                context.Report(DiagnosticDescriptors.DuplicateName, name.Span, kind, name.Name, context.LineOf(first.Span));
            }
            else
            {
                seen.Add(name.Name, name);
            }
        }
    }
}

/// <summary>
/// NDSL0219 (warning): two names that look the same but are different characters (Latin E and Cyrillic Е), which
/// a reader cannot tell apart and NetPyNE accepts silently.
/// <code>pop E: IZH x 20
/// pop Е: IZH x 10   # warning: 'Е' looks like 'E' (line 1) but is another name: U+0415</code>
/// </summary>
internal sealed class LookalikeNameCheck : ISemanticCheck
{
    /// <summary>Cyrillic and Greek letters drawn like Latin ones, with the Latin letter they look like.</summary>
    private static readonly Dictionary<char, char> Lookalikes = new()
    {
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['К'] = 'K', ['М'] = 'M', ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P', ['С'] = 'C',
        ['Т'] = 'T', ['Х'] = 'X', ['У'] = 'Y', ['І'] = 'I', ['Ј'] = 'J', ['Ѕ'] = 'S',
        ['а'] = 'a', ['е'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ј'] = 'j', ['ѕ'] = 's',
        ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Ζ'] = 'Z', ['Η'] = 'H', ['Ι'] = 'I', ['Κ'] = 'K', ['Μ'] = 'M', ['Ν'] = 'N',
        ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Υ'] = 'Y', ['Χ'] = 'X', ['ο'] = 'o', ['ν'] = 'v',
    };

    public void Check(CheckContext context)
    {
        var net = context.Network;
        var names = net.Cells.Select(c => c.Name).Concat(net.Populations.Select(p => p.Name)).Concat(net.Synapses.Select(s => s.Statement.Name))
            .Concat(net.StimSources.Select(s => s.Statement.Name)).Concat(net.Params.Select(p => p.Name));
        var bySkeleton = new Dictionary<string, Identifier>();
        foreach (var name in names)
        {
            string skeleton = new string(name.Name.Select(c => Lookalikes.TryGetValue(c, out char latin) ? latin : c).ToArray());
            if (!bySkeleton.TryGetValue(skeleton, out var first))
            {
                bySkeleton.Add(skeleton, name);
                continue;
            }
            if (first.Name == name.Name) continue;
            var odd = name.Name.Where(c => c > 127).Concat(first.Name.Where(c => c > 127)).Distinct()
                .Select(c => "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            context.Report(DiagnosticDescriptors.LookalikeName, name.Span, name.Name, first.Name, context.LineOf(first.Span), string.Join(", ", odd));
        }
    }
}

/// <summary>
/// NDSL0302: the network name becomes a C# class name.
/// <code>network class   # error: 'class' cannot be a C# class name</code>
/// </summary>
internal sealed class NetworkNameCheck : ISemanticCheck
{
    /// <summary>Names of members and nested types of the generated class; the class cannot share them.</summary>
    public static readonly string[] Reserved =
    {
        "Population", "PopulationHandles", "PopulationResult", "PopulationResults", "Result", "ModelParameters",
        "ParameterGuard", "NetworkName", "Name", "Parameters", "Populations", "Build", "Run", "ToDefinition", "AddAll", "Params",
    };

    public void Check(CheckContext context)
    {
        foreach (var statement in context.Network.NetworkStatements)
        {
            string name = statement.Name.Name;
            if (!Identifiers.IsValidTypeName(name) || Reserved.Contains(name))
            {
                context.Report(DiagnosticDescriptors.InvalidNetworkName, statement.Name.Span, name);
            }
        }
        if (context.Network.NetworkStatements.Count == 0)
        {
            // The class is named after the file; a file called result.netdsl would clash with the nested Result type.
            string fromFile = Identifiers.ToPascalCase(System.IO.Path.GetFileNameWithoutExtension(NetDslCompiler.FileName(context.Network.File.Path)));
            if (Reserved.Contains(fromFile))
            {
                context.Report(DiagnosticDescriptors.InvalidNetworkName, new SourceSpan(0, 0), fromFile);
            }
        }
    }
}

/// <summary>
/// NDSL0106: cells use Izhi2007b, hh or pas, synapses Exp2Syn or ExpSyn, stimuli NetStim, IClamp or VecStim (names from the catalog).
/// <code>cell IZH { Izh12007b C=1 }   # error: unknown cell mechanism 'Izh12007b'. Did you mean 'Izhi2007b'?</code>
/// </summary>
internal sealed class UnknownMechanismCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var cell in context.Network.Cells)
        {
            foreach (var item in cell.UnknownItems)
            {
                var known = new[] { "soma" }.Concat(ParameterTables.CellMechanisms);
                context.Report(DiagnosticDescriptors.UnknownMechanism, item.Keyword!.Span, "cell mechanism", item.Keyword.Name,
                    "soma (geometry), " + string.Join(", ", ParameterTables.CellMechanisms), Suggestions.DidYouMean(item.Keyword.Name, known));
            }
        }
        foreach (var syn in context.Network.Synapses.Where(s => s.Arguments is null))
        {
            var kind = syn.Statement.Kind;
            context.Report(DiagnosticDescriptors.UnknownMechanism, kind.Span, "synapse mechanism", kind.Name,
                string.Join(", ", ParameterTables.SynapseKinds), Suggestions.DidYouMean(kind.Name, ParameterTables.SynapseKinds));
        }
        foreach (var stim in context.Network.StimSources.Where(s => s.Arguments is null))
        {
            var kind = stim.Statement.Kind;
            context.Report(DiagnosticDescriptors.UnknownMechanism, kind.Span, "stimulus type", kind.Name,
                string.Join(", ", ParameterTables.StimKinds), Suggestions.DidYouMean(kind.Name, ParameterTables.StimKinds));
        }
    }
}

/// <summary>
/// NDSL0104: a population's cell type must be declared.
/// <code>pop E: IZHH x 20   # error: cell type 'IZHH' is not declared. Did you mean 'IZH'?</code>
/// </summary>
internal sealed class UnknownCellTypeCheck : ISemanticCheck
{
    /// <summary>The cellModels a population can be instead of a cell type (spike generators).</summary>
    private static readonly string[] SpikeGeneratorModels = { ParameterTables.NetStim, ParameterTables.VecStim };

    public void Check(CheckContext context)
    {
        var cells = context.Network.Cells.Select(c => c.Name.Name).ToList();
        foreach (var pop in context.Network.Populations)
        {
            if (context.Network.FindCell(pop.Cell.Name) is null && context.Network.GeneratorOf(pop) is null)
            {
                context.Report(DiagnosticDescriptors.UnknownCellType, pop.Cell.Span, pop.Cell.Name, Suggestions.DidYouMean(pop.Cell.Name, cells.Concat(SpikeGeneratorModels)));
            }
        }
    }
}

/// <summary>
/// NDSL0101: rules, stimuli, records and plots name declared populations or cell types.
/// <code>conn IZH_exc -> IZH_ihn p=0.2   # error: 'IZH_ihn' is not a population or cell type. Did you mean 'IZH_inh'?</code>
/// </summary>
internal sealed class UnknownTargetCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        var known = net.Populations.Select(p => p.Name.Name).Concat(net.Cells.Select(c => c.Name.Name)).ToList();
        void CheckTarget(TargetNode? target)
        {
            if (target is null) return;
            foreach (var name in target.Names)
            {
                if (!known.Contains(name.Name))
                {
                    context.Report(DiagnosticDescriptors.UnknownTarget, name.Span, name.Name, Suggestions.DidYouMean(name.Name, known.Append("all")));
                }
            }
        }
        foreach (var conn in net.Connections)
        {
            CheckTarget(conn.Statement.Pre);
            CheckTarget(conn.Statement.Post);
        }
        foreach (var stim in net.StimTargets) CheckTarget(stim.Statement.Target);
        foreach (var record in net.Records) CheckTarget(record.Of);
        var populations = net.Populations.Select(p => p.Name.Name).ToList();
        foreach (var plot in net.Plots)
        {
            var include = plot.Arguments.Get("include");
            if (include is null) continue;
            var value = ValueConverter.Convert(include.Node, include.Def!);
            foreach (var item in value.Include)
            {
                // A whole name may be a cell type (NetPyNE's include takes cellType names too); (name, i) is a population's cell.
                bool wholeName = item.Index == -1;
                if (item.Population is not null && !populations.Contains(item.Population) && !(wholeName && known.Contains(item.Population)))
                {
                    var span = wholeName ? item.Span : new SourceSpan(item.Span.Start + 1, item.Population.Length);
                    context.Report(DiagnosticDescriptors.UnknownTarget, span, item.Population, Suggestions.DidYouMean(item.Population, wholeName ? known : populations));
                }
            }
        }
    }
}

/// <summary>
/// NDSL0102: <c>syn=</c> and <c>g(...)</c> name declared synapses.
/// <code>conn E -> I p=0.1 syn=exct   # error: synapse 'exct' is not declared. Did you mean 'exc'?</code>
/// </summary>
internal sealed class UnknownSynapseCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var synapses = context.Network.Synapses.Select(s => s.Statement.Name.Name).ToList();
        void CheckName(string name, SourceSpan span)
        {
            if (!synapses.Contains(name))
            {
                context.Report(DiagnosticDescriptors.UnknownSynapse, span, name, Suggestions.DidYouMean(name, synapses));
            }
        }
        foreach (var (argument, value) in context.ConvertedArguments())
        {
            if (argument.Def!.Kind == ParameterKind.Synapse && value.Ok) CheckName(value.Name!, argument.Node.Value!.Span);
        }
        foreach (var record in context.Network.Records)
        {
            if (record.Variable is CallNode { Function.Name: "g", Arguments.Count: 1 } call && call.Arguments[0].Value is NameNode syn && call.Arguments[0].Name is null)
            {
                CheckName(syn.Name, syn.Span);
            }
        }
    }
}

/// <summary>
/// NDSL0103: <c>stim X -> ...</c> names a declared source.
/// <code>stim bgk -> E w=0.01   # error: stimulus source 'bgk' is not declared. Did you mean 'bkg'?</code>
/// </summary>
internal sealed class UnknownStimSourceCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var sources = context.Network.StimSources.Select(s => s.Statement.Name.Name).ToList();
        foreach (var target in context.Network.StimTargets)
        {
            var source = target.Statement.Source;
            if (!sources.Contains(source.Name))
            {
                context.Report(DiagnosticDescriptors.UnknownStimSource, source.Span, source.Name, Suggestions.DidYouMean(source.Name, sources));
            }
        }
    }
}

/// <summary>
/// NDSL0108: records are of v, a mechanism's recordable (u of Izhi2007b; m, h, n of hh) or g(&lt;synapse&gt;).
/// <code>record V_soma: V   # error: unknown record variable 'V'. Did you mean 'v'?</code>
/// </summary>
internal sealed class UnknownRecordVariableCheck : ISemanticCheck
{
    /// <summary>"v, u, m, h, n": the variables recorded by name, from the catalog.</summary>
    private static readonly string Named = string.Join(", ", ParameterTables.RecordVariables.Where(v => v != "g"));

    public void Check(CheckContext context)
    {
        foreach (var record in context.Network.Records)
        {
            switch (record.Variable)
            {
                case NameNode name when name.Name != "g" && ParameterTables.RecordVariables.Contains(name.Name):
                    break;
                case CallNode { Function.Name: "g", Arguments.Count: 1 } call when call.Arguments[0].Name is null && call.Arguments[0].Value is NameNode:
                    break;
                case NameNode name:
                    context.Report(DiagnosticDescriptors.UnknownRecordVariable, name.Span, name.Name, Named, Suggestions.DidYouMean(name.Name, ParameterTables.RecordVariables));
                    break;
                case CallNode call:
                    context.Report(DiagnosticDescriptors.UnknownRecordVariable, call.Span, call.Function.Name + "(...)", Named,
                        call.Function.Name == "g" ? " g takes one synapse name, e.g. g(exc)." : Suggestions.DidYouMean(call.Function.Name, ParameterTables.RecordVariables));
                    break;
                default:
                    context.Report(DiagnosticDescriptors.UnknownRecordVariable, record.Variable.Span, ValueConverter.Describe(record.Variable), Named, string.Empty);
                    break;
            }
        }
    }
}

/// <summary>
/// NDSL0115: a mechanism's variable is recorded only where that mechanism is: m, h, n need a cell with hh,
/// u a cell with Izhi2007b; with <c>of</c>, every selected cell type must have it.
/// <code>record m_soma: m   # error when no cell has hh: there is no 'm' to record</code>
/// </summary>
internal sealed class RecordVariableAvailableCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        foreach (var record in net.Records)
        {
            if (record.Variable is not NameNode variable) continue;
            string? mechanism = ParameterTables.MechanismOfRecordable(variable.Name);
            if (mechanism is null) continue;
            if (record.Of is null)
            {
                if (net.Cells.Any(c => c.HasMechanism(mechanism))) continue;
                context.Report(DiagnosticDescriptors.RecordVariableUnavailable, variable.Span,
                    $"No cell type of this network has {mechanism}, so there is no '{variable.Name}' to record; {Fix(mechanism)}, or record v");
                continue;
            }
            foreach (var cell in SelectedCellTypes(net, record.Of))
            {
                if (cell.HasMechanism(mechanism)) continue;
                context.Report(DiagnosticDescriptors.RecordVariableUnavailable, variable.Span,
                    $"Cell type '{cell.Name.Name}' (selected by 'of') has no {mechanism}, so it has no '{variable.Name}' to record; record '{variable.Name}' of cells with {mechanism} only, or {Fix(mechanism)}");
                break;
            }
        }
    }

    private static string Fix(string mechanism) => mechanism == ParameterTables.Izhi2007b
        ? $"add an '{mechanism} ...' line to a cell"
        : $"add '{mechanism}' to a cell, e.g. '{mechanism} {string.Join(" ", ParameterTables.ForCellMechanism(mechanism)!.Parameters.Select(p => p.Name + "=" + ValueConverter.Format(p.Default)))}'";

    /// <summary>The declared cell types a target reaches, in declaration order (unknown names are NDSL0101's).</summary>
    private static IEnumerable<BoundCell> SelectedCellTypes(BoundNetwork net, TargetNode target)
    {
        var names = target.All
            ? net.Populations.Select(p => p.Cell.Name)
            : target.Names.Select(n => net.FindPopulation(n.Name)?.Cell.Name ?? n.Name);
        var wanted = new HashSet<string>(names);
        return net.Cells.Where(c => wanted.Contains(c.Name.Name));
    }
}

/// <summary>
/// NDSL0110: plots are raster, traces, net2d, spikehist or rates.
/// <code>plot rastr   # error: unknown plot 'rastr'. Did you mean 'raster'?</code>
/// </summary>
internal sealed class UnknownPlotCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var plot in context.Network.Plots)
        {
            var kind = plot.Statement.Kind;
            if (!ParameterTables.PlotKinds.Contains(kind.Name))
            {
                context.Report(DiagnosticDescriptors.UnknownPlot, kind.Span, kind.Name, Suggestions.DidYouMean(kind.Name, ParameterTables.PlotKinds));
            }
        }
    }
}
