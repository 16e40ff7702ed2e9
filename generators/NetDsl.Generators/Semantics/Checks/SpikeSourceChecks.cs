using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics.Checks;

/// <summary>
/// NDSL0120: spike-generator populations (<c>pop thal: NetStim x 100</c>) are sources of <c>conn</c> rules only; as a
/// rule's post cells, a stimulus target, recorded cells or traced cells they are an error at their name (at
/// <c>all</c> when it would select them).
/// <code>conn E -> thal p=0.1   # error: 'thal' is a population of NetStim spike generators ... cannot receive connections</code>
/// </summary>
internal sealed class GeneratorTargetCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        if (net.Generators.Count == 0) return;
        foreach (var conn in net.Connections)
            Check(context, conn.Statement.Post, "receive connections", "Connect from it (conn " + Example(net) + " -> ...) and to populations of cells");
        foreach (var stim in net.StimTargets)
            Check(context, stim.Statement.Target, "receive stimuli", "Stimulate populations of cells");
        foreach (var record in net.Records)
            if (record.Of is not null) Check(context, record.Of, "be recorded (their spikes are in the results already)", "Record populations of cells");
        foreach (var plot in net.Plots.Where(p => p.Statement.Kind.Name == "traces"))
        {
            var include = plot.Arguments.Get("include");
            if (include is null) continue;
            foreach (var item in ValueConverter.Convert(include.Node, include.Def!).Include.Where(i => i.Population is not null))
            {
                var generator = net.Generators.FirstOrDefault(g => g.Statement.Name.Name == item.Population);
                if (generator is null) continue;
                var span = item.Index == -1 ? item.Span : new SourceSpan(item.Span.Start + 1, item.Population!.Length);
                context.Report(DiagnosticDescriptors.GeneratorAsTarget, span, item.Population!, generator.Model, "have voltage traces", "Plot the traces of cells they drive");
            }
        }
    }

    private static string Example(BoundNetwork net) => net.Generators[0].Statement.Name.Name;

    private static void Check(CheckContext context, TargetNode target, string what, string fix)
    {
        var net = context.Network;
        if (target.All)
        {
            var first = net.Generators[0];
            context.Report(DiagnosticDescriptors.GeneratorAsTarget, target.Span, first.Statement.Name.Name, first.Model, what,
                $"'all' selects it too: name the populations of cells instead, e.g. [{string.Join(", ", net.Populations.Where(p => net.GeneratorOf(p) is null).Select(p => p.Name.Name).DefaultIfEmpty("E"))}]");
            return;
        }
        foreach (var name in target.Names)
        {
            var generator = net.Generators.FirstOrDefault(g => g.Statement.Name.Name == name.Name);
            if (generator is not null)
                context.Report(DiagnosticDescriptors.GeneratorAsTarget, name.Span, name.Name, generator.Model, what, fix);
        }
    }
}

/// <summary>
/// NDSL0113 / NDSL0111: a VecStim takes its spikes one way (times=, trains= or file=; a VecStim population also
/// NetPyNE's rate= or interval= pattern, and pulses=), a NetStim population rate= or interval=.
/// <code>stim tr: VecStim times=[5] file="inputs.csv"   # error: give one of times=, trains= and file=</code>
/// </summary>
internal sealed class SpikeSourceStructureCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        foreach (var stim in net.StimSources.Where(s => s.Statement.Kind.Name == ParameterTables.VecStim && s.Arguments is not null))
        {
            OneTrainSource(context, stim.Arguments!, $"VecStim '{stim.Statement.Name.Name}'");
        }
        foreach (var generator in net.Generators)
        {
            var args = generator.Arguments;
            string name = $"Population '{generator.Statement.Name.Name}'";
            var interval = args.Get("interval");
            if (interval is not null && args.Get("rate") is not null)
                context.Report(DiagnosticDescriptors.ConflictingParameters, interval.NameSpan, $"{name}: give either rate= (Hz) or interval= (ms), not both; interval = 1000 / rate");
            if (generator.Model != ParameterTables.VecStim) continue;
            var trains = OneTrainSource(context, args, name);
            var pattern = args.Get("rate") ?? interval;
            if (trains is not null && pattern is not null)
                context.Report(DiagnosticDescriptors.ConflictingParameters, pattern.NameSpan,
                    $"{name} gives its trains with {trains.Node.Key}=, so NetPyNE's drawn {pattern.Node.Key}= pattern does not apply; keep one of them");
            if (trains is null && pattern is null && args.Get("pulses") is null)
                context.Report(DiagnosticDescriptors.MissingPart, generator.Statement.Cell.Span,
                    $"{name} of VecStims needs its spikes: times=[5, 12.5] (every cell), trains=[[5, 12.5], [8]] (one per cell), file=\"trains.csv\", NetPyNE's rate=10Hz (with noise=, start=) or pulses=[pulse(start=400ms, end=500ms, rate=50Hz)]");
        }
    }

    /// <summary>The one of times=, trains=, file= that is given, reporting every further one.</summary>
    private static BoundArgument? OneTrainSource(CheckContext context, BoundArguments args, string owner)
    {
        var given = ParameterTables.TrainKeys.Select(args.Get).Where(a => a is not null).OrderBy(a => a!.Node.Span.Start).ToList();
        foreach (var extra in given.Skip(1))
            context.Report(DiagnosticDescriptors.ConflictingParameters, extra!.NameSpan,
                $"{owner} already gets its spikes from {given[0]!.Node.Key}=; give one of times= (shared by every cell), trains= (one per cell) and file=");
        return given.FirstOrDefault();
    }
}

/// <summary>
/// NDSL0121: <c>trains=[[...], ...]</c> holds one train per cell: as many as the VecStim population's cells, or as
/// the cells each stimulus target selects (when the count is known at build time).
/// <code>pop vs: VecStim x 3 trains=[[5], [8]]   # error: 2 trains for 3 cells</code>
/// </summary>
internal sealed class TrainCountCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        foreach (var generator in net.Generators)
        {
            var trains = generator.Arguments.Get("trains");
            if (trains is null || context.PopulationSize(generator.Statement.Name.Name) is not int cells) continue;
            var value = context.Convert(trains);
            if (value.Ok && value.Trains.Count != cells)
                context.Report(DiagnosticDescriptors.TrainCountMismatch, trains.Node.Value!.Span,
                    $"trains= gives {Count(value.Trains.Count, "train")} for the {Count(cells, "cell")} of population '{generator.Statement.Name.Name}': give one train per cell (an empty [] for a cell without spikes), or change x {cells}");
        }
        foreach (var target in net.StimTargets)
        {
            var source = net.FindStimSource(target.Statement.Source.Name);
            var trains = source?.Arguments?.Get("trains");
            if (trains is null || source!.Statement.Kind.Name != ParameterTables.VecStim || context.TargetSize(target.Statement.Target) is not int cells) continue;
            var value = context.Convert(trains);
            if (value.Ok && value.Trains.Count != cells)
                context.Report(DiagnosticDescriptors.TrainCountMismatch, target.Statement.Target.Span,
                    $"'{source.Statement.Name.Name}' has {Count(value.Trains.Count, "train")} (trains= on line {context.LineOf(trains.Node.Span)}), but this target selects {Count(cells, "cell")}: a VecStim with trains= drives one cell per train, in gid order");
        }
    }

    private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");
}

/// <summary>
/// NDSL0216 (warning): a spike-train file that is not there when the project builds. The runtime reads it when the
/// network is built, so it may still be written before the run; a relative path is resolved against the .netdsl
/// file's folder.
/// <code>stim tr: VecStim file="inputs.csv"   # warning when inputs.csv is not next to the .netdsl file</code>
/// </summary>
internal sealed class SpikeTrainFileCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        var files = net.StimSources.Where(s => s.Arguments is not null).Select(s => s.Arguments!.Get("file"))
            .Concat(net.Generators.Select(g => g.Arguments.Get("file")));
        foreach (var file in files)
        {
            if (file?.Def is null) continue;
            var value = context.Convert(file);
            if (!value.Ok) continue;
            string resolved = SpikeTrainPaths.Resolve(net.File.Path, value.Name!);
            if (SpikeTrainPaths.Exists(resolved) == false)
                context.Report(DiagnosticDescriptors.SpikeTrainFileMissing, file.Node.Value!.Span, value.Name!, "looked for " + resolved);
        }
    }
}

/// <summary>
/// <c>record w [of conn RULE, ...] [every STEP]</c>: the rules are declared (NDSL0122) and plastic (NDSL0115), the step
/// is a time (NDSL0203) above 0 (NDSL0201) and given once, here or as <c>sim weightRecordStep=</c> (NDSL0113).
/// <code>record w of conn E_I every 10ms   # error when E_I has no plast=: its weights do not change</code>
/// </summary>
internal sealed class WeightRecordCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        var def = ParameterTables.Simulation.Find("weightRecordStep")!;
        var simStep = net.SimArguments().FirstOrDefault(a => a.Def == def);
        NumberNode? firstStep = null;
        foreach (var record in net.WeightRecords)
        {
            if (record.Every is { } every)
            {
                var value = ValueConverter.Number(every, def);
                if (value.Problem == ConversionProblem.BadUnit) context.Report(DiagnosticDescriptors.UnitMismatch, value.ProblemSpan, value.ProblemText);
                else if (value.Problem == ConversionProblem.OutOfRange) context.Report(DiagnosticDescriptors.OutOfRange, value.ProblemSpan, "every", value.ProblemText, value.ProblemDetail[0]);
                else if (!def.Range.Contains(value.A)) context.Report(DiagnosticDescriptors.OutOfRange, every.Span, "every", value.Text, def.Range.Description);
                if (simStep is not null)
                    context.Report(DiagnosticDescriptors.ConflictingParameters, every.Span,
                        $"The weight record step is given twice: here and as sim weightRecordStep= on line {context.LineOf(simStep.Node.Span)}; keep one");
                else if (firstStep is not null)
                    context.Report(DiagnosticDescriptors.ConflictingParameters, every.Span,
                        $"The weight record step is already given on line {context.LineOf(firstStep.Span)}: every plastic weight is sampled at one step; keep one 'every'");
                firstStep ??= every;
            }
        }
    }
}

/// <summary>
/// NDSL0122 / NDSL0115: <c>record w of conn RULE</c> names a declared rule (its label, or PRE->POST) that has
/// <c>plast=</c>; <c>record w</c> needs at least one plastic rule.
/// <code>record w of conn E_E every 10ms   # error when no rule is labelled E_E: did you mean ...</code>
/// </summary>
internal sealed class WeightRecordRuleCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        if (net.WeightRecords.Count == 0) return;
        var rules = new List<(string Label, BoundConnection Connection)>();
        foreach (var conn in net.Connections)
        {
            string label = conn.Statement.Label?.Name ?? Text(conn.Statement.Pre) + "->" + Text(conn.Statement.Post);
            if (rules.All(r => r.Label != label)) rules.Add((label, conn));
        }
        bool anyPlastic = net.Connections.Any(c => c.Arguments.Get("plast") is not null);
        foreach (var record in net.WeightRecords)
        {
            if (record.Rules.Count == 0 && !anyPlastic)
            {
                context.Report(DiagnosticDescriptors.RecordVariableUnavailable, record.Variable.Span,
                    "No connection rule of this network has plast=, so no weight changes and there is no 'w' to record; add plast=STDP(...) to a conn rule, or remove this record");
                continue;
            }
            foreach (var rule in record.Rules)
            {
                var match = rules.FirstOrDefault(r => r.Label == rule.Label);
                if (match.Connection is null)
                {
                    var labels = rules.Select(r => r.Label).ToList();
                    context.Report(DiagnosticDescriptors.UnknownConnectionRule, rule.Span, rule.Label, Suggestions.DidYouMean(rule.Label, labels),
                        labels.Count == 0 ? "none" : string.Join(", ", labels));
                }
                else if (match.Connection.Arguments.Get("plast") is null)
                {
                    context.Report(DiagnosticDescriptors.RecordVariableUnavailable, rule.Span,
                        $"Rule '{rule.Label}' has no plast=, so its weights do not change and there is no 'w' to record; add plast=STDP(...) to it, or record the weights of a plastic rule");
                }
            }
        }
    }

    private static string Text(TargetNode target) =>
        target.All ? "all" : target.Names.Count == 1 ? target.Names[0].Name : "[" + string.Join(",", target.Names.Select(n => n.Name)) + "]";
}
