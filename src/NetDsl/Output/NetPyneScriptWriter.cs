using System.Globalization;
using System.Text;
using NetDsl.Definition;

namespace NetDsl.Output;

/// <summary>
/// Writes a network as a NetPyNE 1.1.0 script (<c>netParams</c>, <c>simConfig</c>, <c>createSimulateAnalyze</c>), the
/// way to run a NetDsl model where only NetPyNE and NEURON are installed (<c>netdsl export netpyne</c>). The script
/// saves NetPyNE's data JSON (<c>&lt;Network&gt;_netpyne_data.json</c>), whose spikes equal NetDsl's exact engine's.
/// What NetPyNE has no key for (NetDsl's cutoff rule, its engines' settings) is said in a comment where it applies.
/// </summary>
public static class NetPyneScriptWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write(NetworkDefinition definition, string? sourceName = null)
    {
        var py = new StringBuilder();
        py.AppendLine($"# NetPyNE 1.1.0 script of the NetDsl network {definition.Name}{(sourceName is null ? "" : " (" + sourceName + ")")}, written by netdsl export netpyne.");
        if (definition.Cells.Any(c => !string.IsNullOrEmpty(c.Mechanism)))
            py.AppendLine("# Needs izhi2007b.mod (NetPyNE's netpyne/tutorials/mod) compiled with nrnivmodl in the folder it runs from.");
        if (definition.Connections.Any(c => c.Plasticity is not null))
            py.AppendLine("# Needs stdp.mod (NetPyNE's examples/RL_arm) compiled with nrnivmodl in the folder it runs from.");
        py.AppendLine("from netpyne import specs, sim");
        py.AppendLine();
        py.AppendLine("netParams = specs.NetParams()");
        py.AppendLine($"netParams.sizeX = {Number(definition.SizeX)}");
        py.AppendLine($"netParams.sizeY = {Number(definition.SizeY)}");
        py.AppendLine($"netParams.sizeZ = {Number(definition.SizeZ)}");
        foreach (var (name, value) in NamedValues(definition))
        {
            if (name is not ("sizeX" or "sizeY" or "sizeZ")) py.AppendLine($"netParams.{name} = {Number(value)}");
        }

        py.AppendLine();
        foreach (var cell in definition.Cells) WriteCell(py, cell);

        foreach (var population in definition.Populations) py.AppendLine($"netParams.popParams[{Text(population.Name)}] = {Population(population)}");
        py.AppendLine();

        foreach (var synapse in definition.Synapses)
        {
            var parameters = synapse.NamedParameters.Select(p => $"{Text(p.Name)}: {Number(p.Value)}");
            py.AppendLine($"netParams.synMechParams[{Text(synapse.Name)}] = {{'mod': {Text(Kernels.SynapseModels.Info(synapse.Model).Name)}, {string.Join(", ", parameters)}}}");
        }
        py.AppendLine();

        foreach (var source in definition.StimSources) py.AppendLine($"netParams.stimSourceParams[{Text(source.Name)}] = {StimSource(source)}");
        var labels = new HashSet<string>();
        foreach (var target in definition.StimTargets)
        {
            string label = Unique(labels, target.Source + "->" + Label(target.Target));
            var entries = new List<string> { $"'source': {Text(target.Source)}", $"'conds': {Conditions(target.Target)}" };
            var source = definition.StimSources.FirstOrDefault(s => s.Name == target.Source);
            if (source is IClampSource)
            {
                entries.Add("'sec': 'soma'");
                entries.Add("'loc': 0.5");
            }
            else
            {
                entries.Add($"'weight': {Value(target.WeightValue)}");
                entries.Add($"'delay': {Value(target.DelayValue)}");
                entries.Add($"'synMech': {Text(target.Synapse ?? definition.Synapses[0].Name)}");
            }
            py.AppendLine($"netParams.stimTargetParams[{Text(label)}] = {{{string.Join(", ", entries)}}}");
        }
        py.AppendLine();

        foreach (var rule in definition.Connections) WriteConnection(py, rule, definition);

        WriteSimConfig(py, definition);
        py.AppendLine("sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)");
        return py.ToString();
    }

    private static void WriteCell(StringBuilder py, CellDefinition cell)
    {
        string geometry = string.Join(", ", cell.Geometry.Select(g => $"{Text(g.Name)}: {Value(g.Value)}"));
        string variable = "cell_" + new string(cell.Name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        py.AppendLine($"{variable} = {{'secs': {{'soma': {{'geom': {{{geometry}}}}}}}}}");
        if (string.IsNullOrEmpty(cell.Mechanism))
        {
            py.AppendLine($"{variable}['secs']['soma']['mechs'] = {{}}");
            foreach (var mechanism in cell.Mechs)
            {
                string parameters = string.Join(", ", mechanism.Parameters.Select(p => $"{Text(p.Name)}: {Value(p.Value)}"));
                py.AppendLine($"{variable}['secs']['soma']['mechs'][{Text(mechanism.Name)}] = {{{parameters}}}");
            }
        }
        else
        {
            string parameters = string.Join(", ", cell.Parameters.Select(p => $"{Text(p.Name)}: {Value(p.Value)}"));
            py.AppendLine($"{variable}['secs']['soma']['pointps'] = {{'Izhi': {{'mod': {Text(cell.Mechanism)}, {parameters}}}}}");
        }
        py.AppendLine($"{variable}['secs']['soma']['threshold'] = {Number(cell.Threshold)}");
        py.AppendLine($"netParams.cellParams[{Text(cell.Name)}] = {variable}");
        py.AppendLine();
    }

    private static string Population(PopulationDefinition population)
    {
        var entries = new List<string> { $"'cellType': {Text(population.CellType)}" };
        if (population.CellsList is { } list)
        {
            var cells = list.Select(c => "{" + string.Join(", ", Location(c)) + "}");
            entries.Add($"'cellsList': [{string.Join(", ", cells)}]");
        }
        else if (population.Density is double density) entries.Add($"'density': {Number(density)}");
        else if (population.GridSpacing is double spacing) entries.Add($"'gridSpacing': {Number(spacing)}");
        else entries.Add($"'numCells': {population.Count}");
        foreach (var (key, range) in population.Ranges()) entries.Add($"{Text(key)}: [{Number(range.Min)}, {Number(range.Max)}]");
        return "{" + string.Join(", ", entries) + "}";
    }

    private static IEnumerable<string> Location(CellLocation cell)
    {
        if (cell.X is double x) yield return $"'x': {Number(x)}";
        if (cell.Y is double y) yield return $"'y': {Number(y)}";
        if (cell.Z is double z) yield return $"'z': {Number(z)}";
        if (cell.XNorm is double xn) yield return $"'xnorm': {Number(xn)}";
        if (cell.YNorm is double yn) yield return $"'ynorm': {Number(yn)}";
        if (cell.ZNorm is double zn) yield return $"'znorm': {Number(zn)}";
    }

    /// <summary>A stim source's NetPyNE dictionary; a parameter evaluated per target cell is NetPyNE's string function.</summary>
    private static string StimSource(StimSourceDefinition source) => source switch
    {
        NetStimSource netStim => "{'type': 'NetStim', " + string.Join(", ", new[]
            {
                netStim.RateSpec is { } rateSpec ? $"'rate': {Value(rateSpec)}" : netStim.Rate is double rate ? $"'rate': {Number(rate)}" : null,
                netStim.RateSpec is not null || netStim.Rate is not null ? null
                    : netStim.IntervalSpec is { } intervalSpec ? $"'interval': {Value(intervalSpec)}" : netStim.Interval is double interval ? $"'interval': {Number(interval)}" : null,
                $"'noise': {Value(netStim.NoiseSpec ?? netStim.Noise)}",
                $"'start': {Value(netStim.StartSpec ?? netStim.Start)}",
                $"'number': {Value(netStim.NumberSpec ?? netStim.Number)}",
                netStim.Seed is int seed ? $"'seed': {seed}" : null,
            }.Where(e => e is not null)) + "}",
        IClampSource clamp => $"{{'type': 'IClamp', 'del': {Value(clamp.DelaySpec ?? clamp.Delay)}, 'dur': {Value(clamp.DurationSpec ?? clamp.Duration)}, 'amp': {Value(clamp.AmplitudeSpec ?? clamp.Amplitude)}}}",
        VecStimSource vecStim => $"{{'type': 'VecStim', 'spkTimes': [{string.Join(", ", vecStim.Times.Select(Number))}]}}",
        _ => throw new NotSupportedException($"Stim source {source.GetType().Name} has no NetPyNE form."),
    };

    private static void WriteConnection(StringBuilder py, ConnectionDefinition rule, NetworkDefinition definition)
    {
        var entries = new List<string> { $"'preConds': {Conditions(rule.Pre)}", $"'postConds': {Conditions(rule.Post)}" };
        var value = rule.RuleSpec;
        switch (rule.Rule)
        {
            case ConnectionRuleKind.Probability:
            case ConnectionRuleKind.FastProbability:
                if (rule.Rule == ConnectionRuleKind.FastProbability || rule.Within is not null)
                    py.AppendLine($"# NetDsl's rule '{rule.Label}' {(rule.Within is double w ? $"considers only pairs within {Number(w)} um" : "samples pairs by geometric skips")}; NetPyNE draws every pair: the same statistics, another instance.");
                entries.Add($"'probability': {Value(value)}");
                break;
            case ConnectionRuleKind.Convergence:
                entries.Add($"'convergence': {Value(value)}");
                break;
            case ConnectionRuleKind.Divergence:
                entries.Add($"'divergence': {Value(value)}");
                break;
            case ConnectionRuleKind.List:
                entries.Add($"'connList': [{string.Join(", ", (rule.Pairs ?? []).Select(p => $"[{p.Pre}, {p.Post}]"))}]");
                break;
            case ConnectionRuleKind.Full:
                break;
        }
        entries.Add($"'weight': {Value(rule.Weight)}");
        entries.Add($"'delay': {Value(rule.Delay)}");
        entries.Add($"'synMech': {Text(rule.Synapse ?? definition.Synapses[0].Name)}");
        if (rule.AllowSelfConnections) entries.Add("'allowSelfConns': True");
        switch (rule.Plasticity)
        {
            case StdpRule stdp:
                entries.Add($"'plast': {{'mech': 'STDP', 'params': {{{string.Join(", ", stdp.Parameters().Select(p => $"{Text(p.Name)}: {Number(p.Value)}"))}}}}}");
                break;
            case PlasticityMechanism mechanism:
                entries.Add($"'plast': {{'mech': {Text(mechanism.Name)}, 'params': {{{string.Join(", ", mechanism.Parameters.Select(p => $"{Text(p.Name)}: {Value(p.Value)}"))}}}}}");
                break;
        }
        py.AppendLine($"netParams.connParams[{Text(rule.Label)}] = {{{string.Join(", ", entries)}}}");
    }

    private static void WriteSimConfig(StringBuilder py, NetworkDefinition definition)
    {
        var sim = definition.Simulation;
        var seeds = sim.EffectiveSeeds;
        py.AppendLine();
        py.AppendLine("simConfig = specs.SimConfig()");
        py.AppendLine($"simConfig.duration = {Number(sim.Duration)}");
        py.AppendLine($"simConfig.dt = {Number(sim.Dt)}");
        py.AppendLine($"simConfig.seeds = {{'conn': {seeds.Conn}, 'stim': {seeds.Stim}, 'loc': {seeds.Loc}, 'cell': {seeds.Cell}}}");
        py.AppendLine($"simConfig.hParams = {{'celsius': {Number(sim.Celsius)}, 'v_init': {Number(sim.VInit)}, 'clamp_resist': 0.001}}");
        py.AppendLine("simConfig.verbose = False");
        if (sim.Precision != SimulationPrecision.Exact || sim.AggregateSynapses)
            py.AppendLine("# NetDsl's engine settings (precision, synapses) have no NetPyNE form: NEURON computes what NetDsl's exact engine does.");
        var traces = definition.Records.Select(r => $"{Text(r.Name)}: {Trace(r)}");
        py.AppendLine($"simConfig.recordTraces = {{{string.Join(", ", traces)}}}");
        py.AppendLine($"simConfig.recordStep = {Number(sim.RecordStep)}");
        py.AppendLine($"simConfig.filename = {Text(definition.Name + "_netpyne")}");
        py.AppendLine("simConfig.saveJson = True");
        if (sim.SaveDataInclude is not null)
        {
            // sim saveDataInclude=[...]: NetPyNE's parts, and its saveCellConns for conns (NetPyNE's default saves both).
            var data = DataInclude.Of(sim);
            py.AppendLine($"simConfig.saveDataInclude = [{string.Join(", ", data.Parts().Select(Text))}]");
            py.AppendLine($"simConfig.saveCellConns = {(data.CellConns == true ? "True" : "False")}");
        }
        foreach (var plot in definition.Plots)
        {
            string? analysis = plot.Kind switch
            {
                PlotKind.Raster => "plotRaster",
                PlotKind.Traces => "plotTraces",
                PlotKind.Net2D => "plot2Dnet",
                PlotKind.SpikeHist => "plotSpikeHist",
                PlotKind.Rates => "plotRatePSD",
                PlotKind.Connectivity => "plotConn",
                _ => null,
            };
            if (analysis is null) continue;
            var options = new List<string> { "'saveFig': True" };
            if (plot.Include is { } include) options.Add($"'include': {Include(include)}");
            if (plot.OrderBy is { } tag) options.Add($"'orderBy': {Text(TagCondition.Name(tag))}");
            if (plot.Kind == PlotKind.Connectivity) options.Add($"'feature': {Text(ConnectivityFeatures.NetPyneName(plot.Feature))}");
            py.AppendLine($"simConfig.analysis[{Text(analysis)}] = {{{string.Join(", ", options)}}}");
        }
        py.AppendLine();
    }

    private static string Trace(RecordDefinition record)
    {
        string trace = record.Variable switch
        {
            RecordVariable.V => "'sec': 'soma', 'loc': 0.5, 'var': 'v'",
            RecordVariable.U => "'sec': 'soma', 'pointp': 'Izhi', 'var': 'u'",
            RecordVariable.G => $"'sec': 'soma', 'loc': 0.5, 'synMech': {Text(record.Synapse ?? "")}, 'var': 'g'",
            RecordVariable.M => "'sec': 'soma', 'loc': 0.5, 'mech': 'hh', 'var': 'm'",
            RecordVariable.H => "'sec': 'soma', 'loc': 0.5, 'mech': 'hh', 'var': 'h'",
            _ => "'sec': 'soma', 'loc': 0.5, 'mech': 'hh', 'var': 'n'",
        };
        if (record.Cells is { } cells) trace += $", 'conds': {Conditions(cells)}";
        return "{" + trace + "}";
    }

    private static string Include(CellSelector selector) => selector.Kind switch
    {
        SelectorKind.All => "['all']",
        SelectorKind.Gids => "[" + string.Join(", ", selector.Gids) + "]",
        _ => "[" + string.Join(", ", selector.Names.Select(Text)) + "]",
    };

    /// <summary>NetPyNE's conds: pop or cellType (one name or a list), cellList for gids, the tag ranges.</summary>
    private static string Conditions(CellSelector selector)
    {
        var entries = new List<string>();
        string Names() => selector.Names.Count == 1 ? Text(selector.Names[0]) : "[" + string.Join(", ", selector.Names.Select(Text)) + "]";
        switch (selector.Kind)
        {
            case SelectorKind.Populations: entries.Add($"'pop': {Names()}"); break;
            case SelectorKind.CellTypes: entries.Add($"'cellType': {Names()}"); break;
            case SelectorKind.Gids: entries.Add($"'cellList': [{string.Join(", ", selector.Gids)}]"); break;
        }
        foreach (var condition in selector.Conditions)
            entries.Add($"{Text(TagCondition.Name(condition.Tag))}: [{Number(condition.Min)}, {Number(condition.Max)}]");
        return "{" + string.Join(", ", entries) + "}";
    }

    private static string Label(CellSelector selector) => selector.Kind switch
    {
        SelectorKind.All => "all",
        SelectorKind.Gids => "cells",
        _ => string.Join(",", selector.Names),
    };

    private static string Unique(HashSet<string> labels, string label)
    {
        string unique = label;
        for (int i = 2; !labels.Add(unique); i++) unique = label + "#" + i.ToString(Invariant);
        return unique;
    }

    /// <summary>A number, or NetPyNE's string for a distribution or expression.</summary>
    private static string Value(ValueSpec value) => value.IsConstant ? Number(value.A) : Text(value.ToString());

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "float('inf')" : double.IsNegativeInfinity(value) ? "-float('inf')" : double.IsNaN(value) ? "float('nan')" : value.ToString("R", Invariant);

    /// <summary>A Python string literal.</summary>
    private static string Text(string value)
    {
        var text = new StringBuilder("'");
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", Invariant),
                _ => c.ToString(),
            });
        }
        return text.Append('\'').ToString();
    }

    /// <summary>The named values (params, propVelocity) the expressions use: netParams attributes in NetPyNE.</summary>
    internal static IReadOnlyList<(string Name, double Value)> NamedValues(NetworkDefinition definition)
    {
        var named = new List<(string, double)>();
        var seen = new HashSet<string>();
        void Visit(ValueExpression? expression)
        {
            switch (expression)
            {
                case NamedValueExpression value:
                    if (seen.Add(value.ValueName)) named.Add((value.ValueName, value.Value));
                    break;
                case NegateExpression negate: Visit(negate.Operand); break;
                case BinaryExpression binary: Visit(binary.Left); Visit(binary.Right); break;
                case CallExpression call:
                    foreach (var argument in call.Arguments) Visit(argument);
                    break;
            }
        }
        foreach (var rule in definition.Connections)
        {
            Visit(rule.RuleValueSpec?.Expression);
            Visit(rule.Weight.Expression);
            Visit(rule.Delay.Expression);
        }
        foreach (var target in definition.StimTargets)
        {
            Visit(target.WeightSpec?.Expression);
            Visit(target.DelaySpec?.Expression);
        }
        foreach (var source in definition.StimSources)
        {
            foreach (var spec in source switch
            {
                NetStimSource n => new[] { n.RateSpec, n.IntervalSpec, n.NoiseSpec, n.StartSpec, n.NumberSpec },
                IClampSource c => new[] { c.DelaySpec, c.DurationSpec, c.AmplitudeSpec },
                _ => [],
            })
            {
                Visit(spec?.Expression);
            }
        }
        foreach (var cell in definition.Cells)
        {
            foreach (var value in cell.Geometry.Concat(cell.Parameters).Concat(cell.Mechs.SelectMany(m => m.Parameters))) Visit(value.Value.Expression);
        }
        return named;
    }
}
