using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>Emits <c>ToDefinition()</c>: the NetworkDefinition contract built from the current parameter values.</summary>
internal static class DefinitionEmitter
{
    public static void Emit(CodeWriter w, NetworkSpec spec)
    {
        w.WriteLine("/// <summary>The network described by the current parameter values, for the engine.</summary>");
        w.OpenBlock($"public {TypeRefs.NetworkDefinition} ToDefinition()");
        w.WriteLine("var p = Parameters;");
        var includes = EmitIncludeLists(w, spec);
        w.WriteLine($"return new {TypeRefs.NetworkDefinition}(");
        w.Indentation++;
        w.WriteLine("NetworkName,");

        Array(w, "Cells", TypeRefs.CellDefinition, spec.Cells, c => c.Origin, c =>
        {
            string access = "p.Cells." + c.Member;
            if (c.Mechanism.Length == 0)
            {
                // Density mechanisms (hh, pas) in file order, NetPyNE's secs.soma.mechs.
                var mechs = c.Mechs.Select(m =>
                    $"        new {TypeRefs.MechanismDefinition}({Literals.String(m.Name)}, {NamedValues(m.Parameters, access, "    ")}),");
                return $"{TypeRefs.CellDefinition}.WithMechanisms(\n" +
                       $"    {Literals.String(c.Name)},\n" +
                       $"    {NamedValues(c.Geometry, access)},\n" +
                       $"    new {TypeRefs.MechanismDefinition}[]\n" +
                       "    {\n" +
                       string.Join("\n", mechs) + "\n" +
                       "    },\n" +
                       $"    threshold: {access}.threshold)";
            }
            return $"new {TypeRefs.CellDefinition}(\n" +
                   $"    {Literals.String(c.Name)},\n" +
                   $"    {NamedValues(c.Geometry, access)},\n" +
                   $"    {Literals.String(c.Mechanism)},\n" +
                   $"    {NamedValues(c.Parameters, access)},\n" +
                   $"    Threshold: {access}.threshold)";
        });
        Array(w, "Populations", TypeRefs.PopulationDefinition, spec.Populations, p => p.Origin,
            p => PopulationEmitter.Definition(p, "p"));
        Array(w, "Synapses", TypeRefs.SynapseDefinition, spec.Synapses, s => s.Origin,
            // Any synapse model of the catalog, by its parameters' names (the runtime's SynapseModels maps them).
            s => $"{TypeRefs.SynapseDefinition}.Of({Literals.String(s.Kind)}, {Literals.String(s.Name)}, " +
                 string.Join(", ", global::NetDsl.Generators.Catalog.MechanismCatalog.Find(s.Kind)!.Parameters.Select(q => $"({Literals.String(q.Name)}, p.Syns.{s.Member}.{q.Name})")) + ")");
        Array(w, "StimSources", TypeRefs.StimSourceDefinition, spec.StimSources, s => s.Origin, StimSource);
        Array(w, "StimTargets", TypeRefs.StimTargetDefinition, spec.StimTargets, t => t.Origin, t =>
        {
            string target = Selector(t.Target);
            if (t.Parameters.Count == 0)
            {
                return $"new {TypeRefs.StimTargetDefinition}({Literals.String(t.Source)}, {target})";
            }
            string access = "p.StimTargets." + t.Member;
            // An expression or a draw (d=max(1ms,normal(5ms,2)), per stimulated cell) replaces the number.
            bool Drawn(string name) => t.Parameters.FirstOrDefault(q => q.Name == name)?.Type == ParameterType.Distribution;
            var settings = new List<string>();
            if (Drawn("w")) settings.Add($"WeightSpec = {access}.w,");
            if (Drawn("d")) settings.Add($"DelaySpec = {access}.d,");
            string weight = Drawn("w") ? "1" : access + ".w", delay = Drawn("d") ? "1" : access + ".d";
            return $"new {TypeRefs.StimTargetDefinition}({Literals.String(t.Source)}, {target}, Weight: {weight}, Delay: {delay}, Synapse: {Literals.String(t.Synapse!)})"
                + Initializer(settings);
        });
        Array(w, "Connections", TypeRefs.ConnectionDefinition, spec.Connections, c => c.Origin, Connection);

        string sim = "p.Sim";
        // The sim settings are the runtime's SimulationParameters, the same in every model.
        w.WriteLine($"Simulation: {sim}.ToSettings(),");
        Array(w, "Records", TypeRefs.RecordDefinition, spec.Records, r => r.Origin,
            r => $"new {TypeRefs.RecordDefinition}({Literals.String(r.Name)}, {TypeRefs.RecordVariable}.{r.Variable}, {(r.Synapse is null ? "null" : Literals.String(r.Synapse))}, {(r.Cells is null ? "null" : Selector(r.Cells))})");
        int plotIndex = 0;
        Array(w, "Plots", TypeRefs.PlotDefinition, spec.Plots, plot => plot.Origin, plot =>
        {
            string include = plot.Include is null ? "null"
                : plot.Include.Kind != "Include" ? Selector(plot.Include)
                : includes.TryGetValue(plotIndex, out var list) ? $"{TypeRefs.CellSelector}.ForGids({list}.ToArray())" : Include(plot.Include);
            plotIndex++;
            var settings = new List<string>();
            if (plot.OrderBy is not null) settings.Add($"OrderBy = {TypeRefs.CellTag}.{plot.OrderBy},");
            if (plot.Feature is not null) settings.Add($"Feature = {TypeRefs.ConnectivityFeature}.{plot.Feature},");
            return $"new {TypeRefs.PlotDefinition}({TypeRefs.PlotKind}.{plot.Kind}, {include})" + Initializer(settings);
        }, last: true);
        w.Indentation--;
        w.WriteLine("{");
        w.WriteLine($"    SizeX = {sim}.sizeX,");
        w.WriteLine($"    SizeY = {sim}.sizeY,");
        w.WriteLine($"    SizeZ = {sim}.sizeZ,");
        w.WriteLine("};");
        w.CloseBlock();
    }

    private static void Array<T>(CodeWriter w, string name, string type, EquatableArray<T> items, System.Func<T, string> origin, System.Func<T, string> create, bool last = false)
        where T : System.IEquatable<T>
    {
        string end = last ? ")" : ",";
        if (items.Count == 0)
        {
            w.WriteLine($"{name}: global::System.Array.Empty<{type}>(){end}");
            return;
        }
        w.WriteLine($"{name}: new {type}[]");
        w.WriteLine("{");
        w.Indentation++;
        foreach (var item in items)
        {
            w.WriteLine(Literals.Comment(origin(item)));
            w.WriteLine(create(item) + ",");
        }
        w.Indentation--;
        w.WriteLine("}" + end);
    }

    /// <summary>A NamedValue array; <paramref name="indent"/> is the indentation of the line it starts on, beyond the first level.</summary>
    private static string NamedValues(EquatableArray<ParameterSpec> parameters, string access, string indent = "")
    {
        var values = parameters.Select(p => $"new {TypeRefs.NamedValue}({Literals.String(p.Name)}, {access}.{Identifiers.Member(p.Name)})");
        return $"new {TypeRefs.NamedValue}[]\n{indent}    {{\n{indent}        " + string.Join($",\n{indent}        ", values) + $",\n{indent}    }}";
    }

    private static string StimSource(StimSourceSpec stim) => Source(stim, "p.Stims." + stim.Member, $"p.Stims.{stim.Member}.times");

    /// <summary>
    /// A NetStim, IClamp or VecStim source, its numbers read from <paramref name="access"/> (a stimulus's or a
    /// generator population's parameters) and its shared VecStim times from <paramref name="times"/>.
    /// </summary>
    public static string Source(StimSourceSpec stim, string access, string times)
    {
        string name = Literals.String(stim.Name);
        bool Has(string parameter) => stim.Parameters.Any(p => p.Name == parameter);
        // An expression or a draw (rate=50Hz+50Hz*post_ynorm, evaluated per target cell) replaces the number: the
        // constructor gets a placeholder and the initializer sets <property>Spec.
        bool Drawn(string parameter) => stim.Parameters.FirstOrDefault(q => q.Name == parameter)?.Type == ParameterType.Distribution;
        var perTarget = new List<string>();
        string Argument(string parameter, string property, string placeholder)
        {
            if (!Drawn(parameter)) return access + "." + parameter;
            perTarget.Add($"{property}Spec = {access}.{parameter},");
            return placeholder;
        }
        switch (stim.Kind)
        {
            case "NetStim":
                {
                    bool hasRate = Has("rate");
                    string rate = hasRate ? Argument("rate", "Rate", "null") : "null";
                    string interval = hasRate ? "null" : Argument("interval", "Interval", "null");
                    string noise = Argument("noise", "Noise", "0"), start = Argument("start", "Start", "0"), number = Argument("number", "Number", "0");
                    return $"new {TypeRefs.NetStimSource}({name}, " +
                           $"Rate: {rate}, Interval: {interval}, " +
                           $"Noise: {noise}, Start: {start}, Number: {number}, Seed: {(Has("seed") ? access + ".seed" : "null")})" + Initializer(perTarget);
                }
            case "IClamp":
                {
                    string delay = Argument("del", "Delay", "0"), duration = Argument("dur", "Duration", "0"), amplitude = Argument("amp", "Amplitude", "0");
                    return $"new {TypeRefs.IClampSource}({name}, Delay: {delay}, Duration: {duration}, Amplitude: {amplitude})" + Initializer(perTarget);
                }
            default:
                var settings = new List<string>();
                if (stim.HasTrains) settings.Add($"Trains = {Trains(stim.Trains)},");
                if (stim.File is not null) settings.Add($"File = new {TypeRefs.SpikeTrainFile}({Literals.String(stim.File)}),");
                foreach (var pattern in new[] { "rate", "interval", "noise", "start", "seed" })
                {
                    if (Has(pattern)) settings.Add($"{char.ToUpperInvariant(pattern[0])}{pattern.Substring(1)} = {access}.{pattern},");
                }
                if (stim.Pulses.Count > 0) settings.Add($"Pulses = {Pulses(stim.Pulses)},");
                return $"new {TypeRefs.VecStimSource}({name}, {times})" + Initializer(settings);
        }
    }

    /// <summary>One train per cell: <c>new double[][] { new double[] { 5, 12.5 }, global::System.Array.Empty&lt;double&gt;() }</c>.</summary>
    private static string Trains(EquatableArray<EquatableArray<double>> trains) =>
        "new double[][] { " + string.Join(", ", trains.Select(Times)) + " }";

    public static string Times(EquatableArray<double> times) =>
        times.Count == 0 ? "global::System.Array.Empty<double>()" : "new double[] { " + string.Join(", ", times.Select(Literals.Number)) + " }";

    private static string Pulses(EquatableArray<PulseSpec> pulses) =>
        $"new {TypeRefs.SpikePulse}[] {{ " + string.Join(", ", pulses.Select(pulse =>
            $"new {TypeRefs.SpikePulse}({Literals.Number(pulse.Start)}, {Literals.Number(pulse.End)}, " +
            $"Rate: {(pulse.Rate is { } rate ? Literals.Number(rate) : "null")}, Interval: {(pulse.Interval is { } interval ? Literals.Number(interval) : "null")}, " +
            $"Noise: {Literals.Number(pulse.Noise)})")) + " }";

    private static string Connection(ConnectionSpec conn)
    {
        string access = "p.Conns." + conn.Member;
        string? ruleParameter = conn.Rule switch
        {
            "Probability" or "FastProbability" => "p",
            "Convergence" => "conv",
            "Divergence" => "div",
            _ => null,
        };
        var settings = new List<string>();
        string ruleValue = ruleParameter is null ? "0" : access + "." + ruleParameter;
        if (ruleParameter is not null && conn.Parameters.FirstOrDefault(q => q.Name == ruleParameter)?.Type == ParameterType.Distribution)
        {
            // An expression or a draw (p=0.1*exp(-dist_3D/150um), conv=uniform(5, 15)) replaces the constant RuleValue.
            ruleValue = "0";
            settings.Add($"RuleValueSpec = {access}.{ruleParameter},");
        }
        if (conn.Parameters.Any(q => q.Name == "within")) settings.Add($"Within = {access}.within,");
        if (conn.Plasticity is not null) settings.Add($"Plasticity = {Plasticity(conn.Plasticity)},");
        string pairs = conn.Rule == "List"
            ? "new (int Pre, int Post)[] { " + string.Join(", ", conn.Pairs.Select(p => string.Format(CultureInfo.InvariantCulture, "({0}, {1})", p.Pre, p.Post))) + " }"
            : "null";
        return $"new {TypeRefs.ConnectionDefinition}(\n" +
               $"    {Literals.String(conn.Label)},\n" +
               $"    {Selector(conn.Pre)},\n" +
               $"    {Selector(conn.Post)},\n" +
               $"    {TypeRefs.ConnectionRuleKind}.{conn.Rule},\n" +
               $"    RuleValue: {ruleValue},\n" +
               $"    Weight: {access}.w,\n" +
               $"    Delay: {access}.d,\n" +
               $"    Synapse: {Literals.String(conn.Synapse)},\n" +
               $"    Pairs: {pairs},\n" +
               $"    AllowSelfConnections: {Literals.Bool(conn.AllowSelfConnections)})" +
               Initializer(settings);
    }

    /// <summary>An object initializer of <paramref name="settings"/> (each ending with ','), or nothing.</summary>
    private static string Initializer(List<string> settings) =>
        settings.Count == 0 ? string.Empty : "\n{\n" + string.Concat(settings.Select(line => "    " + line + "\n")) + "}";

    /// <summary>
    /// <c>plast=STDP(...)</c> or <c>plast=pairSTDP(...)</c>: NetPyNE's <c>'plast': {'mech': ..., 'params': {...}}</c> as
    /// the runtime's rule, built from the written parameters by name (the others keep the mechanism's defaults).
    /// </summary>
    private static string Plasticity(PlasticitySpec plasticity)
    {
        var values = plasticity.Parameters.Select(p => $"new {TypeRefs.NamedValue}({Literals.String(p.Name)}, {Literals.Number(p.Value)})");
        string list = plasticity.Parameters.Count == 0
            ? $"global::System.Array.Empty<{TypeRefs.NamedValue}>()"
            : $"new {TypeRefs.NamedValue}[] {{ {string.Join(", ", values)} }}";
        return $"{TypeRefs.PlasticityDefinition}.FromParameters({Literals.String(plasticity.Mechanism)}, {list})";
    }

    public static string Selector(SelectorSpec selector) => selector.Kind switch
    {
        "All" => $"{TypeRefs.CellSelector}.All",
        "Populations" => $"{TypeRefs.CellSelector}.Population({string.Join(", ", selector.Names.Select(Literals.String))})",
        "CellTypes" => $"{TypeRefs.CellSelector}.CellType({string.Join(", ", selector.Names.Select(Literals.String))})",
        _ => Include(selector),
    } + Conditions(selector.Conditions);

    /// <summary><c>.Where(new TagCondition(CellTag.Y, 100, 1000))</c>: NetPyNE's range conds, lo &lt;= tag &lt; hi.</summary>
    private static string Conditions(EquatableArray<ConditionSpec> conditions) =>
        conditions.Count == 0
            ? string.Empty
            : ".Where(" + string.Join(", ", conditions.Select(c => $"new {TypeRefs.TagCondition}({TypeRefs.CellTag}.{c.Tag}, {Literals.Number(c.Min)}, {Literals.Number(c.Max)})")) + ")";

    /// <summary>Include lists of plain gids or whole populations map directly; others are built as gid lists first.</summary>
    private static string Include(SelectorSpec include)
    {
        if (include.Items.All(i => i.Population is null))
            return $"{TypeRefs.CellSelector}.ForGids({string.Join(", ", include.Items.Select(i => i.Index.ToString(CultureInfo.InvariantCulture)))})";
        return $"{TypeRefs.CellSelector}.Population({string.Join(", ", include.Items.Select(i => Literals.String(i.Population!)))})";
    }

    private static bool NeedsGidList(SelectorSpec include) =>
        include.Kind == "Include" && include.Items.Any(i => i.Population is not null) && include.Items.Any(i => i.Population is null || i.Index >= 0);

    private static Dictionary<int, string> EmitIncludeLists(CodeWriter w, NetworkSpec spec)
    {
        var names = new Dictionary<int, string>();
        var handles = PopulationEmitter.HandleNames(spec);
        if (spec.Plots.Any(plot => plot.Include is not null && NeedsGidList(plot.Include)))
        {
            w.WriteLine("var pops = Populations;");
        }
        for (int index = 0; index < spec.Plots.Count; index++)
        {
            var include = spec.Plots[index].Include;
            if (include is null || !NeedsGidList(include)) continue;
            string list = "include" + index.ToString(CultureInfo.InvariantCulture);
            names[index] = list;
            w.WriteLine(Literals.Comment(spec.Plots[index].Origin));
            w.WriteLine($"var {list} = new {TypeRefs.List}<int>();");
            foreach (var item in include.Items)
            {
                string index2 = item.Index.ToString(CultureInfo.InvariantCulture);
                if (item.Population is null)
                {
                    w.WriteLine($"{list}.Add({index2});");
                    continue;
                }
                string member = handles[spec.Populations.Select(p => p.Name).ToList().IndexOf(item.Population)];
                w.WriteLine(item.Index < 0 ? $"{list}.AddRange(pops.{member}.Gids);" : $"{list}.Add(pops.{member}.Gid({index2}));");
            }
        }
        return names;
    }
}
