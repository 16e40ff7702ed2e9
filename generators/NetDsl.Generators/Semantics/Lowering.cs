using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NetDsl.Generators.Catalog;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;
using NetDsl.Generators.Semantics.Expressions;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics;

/// <summary>
/// Turns a checked, error-free <see cref="BoundNetwork"/> into the location-free <see cref="NetworkSpec"/>,
/// filling in NetPyNE's defaults. Written parameters keep their file order; defaults follow.
/// </summary>
internal static class Lowering
{
    public static NetworkSpec Lower(BoundNetwork net, string @namespace, string fileName)
    {
        string className = Identifiers.Shorten(net.NetworkStatements.Count > 0
            ? net.NetworkStatements[0].Name.Name
            : Identifiers.ToPascalCase(System.IO.Path.GetFileNameWithoutExtension(fileName)));
        var lowering = new LoweringContext(net, fileName);
        return new NetworkSpec(
            @namespace,
            className,
            fileName,
            net.Cells.Select(lowering.Cell).ToEquatableArray(),
            net.Populations.Select(lowering.Population).ToEquatableArray(),
            net.Synapses.Select(lowering.Synapse).ToEquatableArray(),
            net.StimSources.Select(lowering.StimSource).ToEquatableArray(),
            lowering.StimTargets().ToEquatableArray(),
            lowering.Connections().ToEquatableArray(),
            lowering.Simulation(),
            net.Records.Select(lowering.Record).ToEquatableArray(),
            net.Plots.Select(lowering.Plot).ToEquatableArray())
        {
            Params = lowering.Params().ToEquatableArray(),
        };
    }

    /// <summary>
    /// The C# member names of one group of generated properties (cells, populations, ...): a name is shortened if very
    /// long, renamed with '_' if it would equal the class that holds it (CS0542) or a member inherited from object
    /// (CS0108), then numbered with further '_' until unique in the group; keywords get '@'.
    /// </summary>
    internal sealed class MemberNames
    {
        private readonly HashSet<string> used = new(System.StringComparer.Ordinal);
        private readonly string holder;

        public MemberNames(string holder) => this.holder = holder;

        public string Claim(string name)
        {
            string member = Identifiers.Shorten(name);
            if (member == holder || Identifiers.ObjectMembers.Contains(member)) member += "_";
            while (!used.Add(member)) member += "_";
            return Identifiers.Member(member);
        }
    }

    private sealed class LoweringContext
    {
        private readonly BoundNetwork net;
        private readonly string fileName;
        private readonly MemberNames cellMembers = new("CellGroup");
        private readonly MemberNames populationMembers = new("PopulationGroup");
        private readonly MemberNames synapseMembers = new("SynapseGroup");
        private readonly MemberNames stimMembers = new("StimGroup");
        private readonly MemberNames stimTargetMembers = new("StimTargetGroup");
        private readonly MemberNames connectionMembers = new("ConnectionGroup");

        public LoweringContext(BoundNetwork net, string fileName)
        {
            this.net = net;
            this.fileName = fileName;
        }

        /// <summary>
        /// The file name and the statement's text, quoted above its generated block. No line or column: moving a
        /// statement (a line inserted above it) must leave the model equal, so the source is not regenerated.
        /// </summary>
        private string Origin(Statement statement) => fileName + ": " + statement.Text;

        /// <summary>Written parameters in file order, then the table's defaults (only those in <paramref name="defaults"/>).</summary>
        private EquatableArray<ParameterSpec> Parameters(string prefix, BoundArguments? arguments, ParameterTable table, IEnumerable<string> defaults)
        {
            var result = new List<ParameterSpec>();
            var written = new HashSet<string>();
            if (arguments is not null)
            {
                foreach (var argument in arguments.Items)
                {
                    if (argument.Def is null || !written.Add(argument.Def.Name)) continue;
                    if (argument.Def.Kind is ParameterKind.Flag or ParameterKind.Synapse or ParameterKind.TimeList or ParameterKind.PairList or ParameterKind.Include or ParameterKind.SeedGroup or ParameterKind.Plasticity
                        or ParameterKind.TrainList or ParameterKind.File or ParameterKind.PulseList or ParameterKind.WordList) continue;
                    if (argument.Def.Name == "sampling") continue;
                    result.Add(Parameter(prefix, argument.Def, ValueConverter.Convert(argument.Node, argument.Def, net.Names)));
                }
            }
            foreach (var name in defaults)
            {
                if (written.Contains(name)) continue;
                var def = table.Find(name)!;
                result.Add(Parameter(prefix, def, null));
            }
            return result.ToEquatableArray();
        }

        private static ParameterSpec Parameter(string prefix, ParameterDef def, ConvertedValue? value)
        {
            bool expression = value is { Kind: DistributionKind.Expression };
            // p=0.1*exp(-dist_3D/150um) is a ValueSpec like a per-connection weight; p=0.1 stays a number.
            var type = def.Kind switch
            {
                _ when expression => ParameterType.Distribution,
                ParameterKind.Distribution => ParameterType.Distribution,
                ParameterKind.Integer or ParameterKind.Choice => ParameterType.Integer,
                _ => ParameterType.Real,
            };
            var range = def.Range;
            return new ParameterSpec(def.Name, prefix + "." + def.Name, type,
                value is null ? 0 : (int)value.Kind,
                expression ? 0 : value?.A ?? def.Default,
                expression ? 0 : value?.B ?? 0,
                range.Min, range.MinInclusive, range.Max, range.MaxInclusive, range.Description,
                expression ? value!.Expression : null,
                def.Kind == ParameterKind.Choice ? def.ChoiceSet?.CatalogName : null)
            {
                Pair = expression && def.Expressions!.CompilesToPairFunction,
            };
        }

        /// <summary>The params of the file, in file order, as the model's constants.</summary>
        public IEnumerable<ParamSpec> Params()
        {
            var members = new MemberNames("Params");
            foreach (var param in net.Names.Params)
            {
                yield return new ParamSpec(param.Name, members.Claim(param.Name), param.Value, param.Unit.IsNone ? string.Empty : param.Unit.UnitText(), Origin(param.Declaration!));
            }
        }

        /// <summary>
        /// Geometry first, then the cell model: Izhi2007b's parameters, or the density mechanisms in file order
        /// (NetPyNE draws a cell's random values in the order geometry, mechs, pointps).
        /// </summary>
        public CellSpec Cell(BoundCell cell)
        {
            string prefix = "cell." + cell.Name.Name;
            var geometry = Parameters(prefix, cell.Geometry, ParameterTables.Geometry, new[] { "diam", "L", "cm" });
            var threshold = Parameters(prefix, cell.Settings, ParameterTables.CellSettings, new[] { "threshold" })[0];
            if (cell.MechanismItems.Count > 0 || cell.DensityItems.Count == 0)
            {
                return new CellSpec(cell.Name.Name, cellMembers.Claim(cell.Name.Name), Origin(cell.Statement), geometry,
                    ParameterTables.Izhi2007b,
                    Parameters(prefix, cell.Mechanism, ParameterTables.Izhikevich, ParameterTables.Izhikevich.Names),
                    threshold, EquatableArray<MechanismSpec>.Empty);
            }
            var mechs = cell.Mechs()
                .Select(d => new MechanismSpec(d.Name, Parameters(prefix, d.Arguments, d.Arguments.Table, d.Arguments.Table.Names)))
                .ToEquatableArray();
            return new CellSpec(cell.Name.Name, cellMembers.Claim(cell.Name.Name), Origin(cell.Statement), geometry,
                string.Empty, EquatableArray<ParameterSpec>.Empty, threshold, mechs);
        }

        public PopulationSpec Population(PopStatement pop)
        {
            var size = ValueRange.PopulationSize;
            var count = pop.Count is null ? null : new ParameterSpec("n", "pop." + pop.Name.Name + ".n", ParameterType.Integer, 0, pop.Count.Value, 0,
                size.Min, size.MinInclusive, size.Max, size.MaxInclusive, size.Description);
            var generator = net.GeneratorOf(pop);
            string member = populationMembers.Claim(pop.Name.Name);
            return new PopulationSpec(pop.Name.Name, member, Origin(pop), pop.Cell.Name, count)
            {
                Placement = Semantics.Placement.Read(pop, (_, _, _) => { }, generator?.Arguments.Table),
                Generator = generator is null ? null : Generator(generator, member),
            };
        }

        /// <summary>A spike-generator population's source: its parameters under <c>pop.&lt;name&gt;</c>, its trains and pulses.</summary>
        private StimSourceSpec Generator(BoundGenerator generator, string member)
        {
            var args = generator.Arguments;
            string prefix = "pop." + generator.Statement.Name.Name;
            bool hasRate = args.Get("rate") is not null;
            var defaults = generator.Model == ParameterTables.NetStim
                ? new List<string> { hasRate ? "rate" : "interval", "noise", "start", "number" }
                : hasRate || args.Get("interval") is not null ? new List<string> { "noise", "start" } : new List<string>();
            var source = new StimSourceSpec(generator.Statement.Name.Name, member, Origin(generator.Statement), generator.Model,
                Parameters(prefix, args, args.Table, defaults), Times(args));
            return Trains(source, args) with { Pulses = Pulses(args) };
        }

        private static EquatableArray<double> Times(BoundArguments args)
        {
            var list = args.Get("times");
            return list is null ? EquatableArray<double>.Empty : ValueConverter.Convert(list.Node, list.Def!).Times.Select(t => t.Value).ToEquatableArray();
        }

        /// <summary>VecStim <c>trains=</c> and <c>file=</c>; a relative file is resolved against the .netdsl file's folder.</summary>
        private StimSourceSpec Trains(StimSourceSpec source, BoundArguments args)
        {
            var trains = args.Get("trains");
            var file = args.Get("file");
            return source with
            {
                HasTrains = trains is not null,
                Trains = trains is null ? EquatableArray<EquatableArray<double>>.Empty
                    : ValueConverter.Convert(trains.Node, trains.Def!).Trains.Select(t => t.ToEquatableArray()).ToEquatableArray(),
                File = file is null ? null : SpikeTrainPaths.Resolve(net.File.Path, ValueConverter.Convert(file.Node, file.Def!).Name!),
            };
        }

        private static EquatableArray<PulseSpec> Pulses(BoundArguments args)
        {
            var pulses = args.Get("pulses");
            return pulses is null ? EquatableArray<PulseSpec>.Empty
                : ValueConverter.Convert(pulses.Node, pulses.Def!).Pulses.Select(p => new PulseSpec(p.Start, p.End, p.Rate, p.Interval, p.Noise)).ToEquatableArray();
        }

        public SynapseSpec Synapse(BoundSynapse syn)
        {
            var name = syn.Statement.Name.Name;
            var table = syn.Arguments!.Table;
            return new SynapseSpec(name, synapseMembers.Claim(name), Origin(syn.Statement), syn.Statement.Kind.Name,
                Parameters("syn." + name, syn.Arguments, table, table.Names));
        }

        public StimSourceSpec StimSource(BoundStimSource stim)
        {
            string name = stim.Statement.Name.Name;
            string kind = stim.Statement.Kind.Name;
            string prefix = "stim." + name;
            var times = new List<double>();
            EquatableArray<ParameterSpec> parameters;
            if (kind == ParameterTables.NetStim)
            {
                bool hasRate = stim.Arguments!.Get("rate") is not null;
                var defaults = new List<string> { hasRate ? "rate" : "interval", "noise", "start", "number" };
                parameters = Parameters(prefix, stim.Arguments, ParameterTables.NetStimSource, defaults);
            }
            else if (kind == ParameterTables.IClamp)
            {
                parameters = Parameters(prefix, stim.Arguments, ParameterTables.IClampSource, new[] { "del", "dur", "amp" });
            }
            else
            {
                parameters = EquatableArray<ParameterSpec>.Empty;
                var list = stim.Arguments!.Get("times");
                if (list is not null) times.AddRange(ValueConverter.Convert(list.Node, list.Def!).Times.Select(t => t.Value));
                var vecStim = new StimSourceSpec(name, stimMembers.Claim(name), Origin(stim.Statement), kind, parameters, times.ToEquatableArray());
                return Trains(vecStim, stim.Arguments);
            }
            return new StimSourceSpec(name, stimMembers.Claim(name), Origin(stim.Statement), kind, parameters, times.ToEquatableArray());
        }

        private string? FirstSynapse => net.Synapses.Count > 0 ? net.Synapses[0].Statement.Name.Name : null;

        private static string TargetText(TargetNode target) =>
            target.All ? "all" : target.Names.Count == 1 ? target.Names[0].Name : "[" + string.Join(",", target.Names.Select(n => n.Name)) + "]";

        public IEnumerable<StimTargetSpec> StimTargets()
        {
            var labels = new Labels();
            foreach (var target in net.StimTargets)
            {
                var statement = target.Statement;
                var source = net.FindStimSource(statement.Source.Name)!;
                string kind = source.Statement.Kind.Name;
                string label = labels.Unique(statement.Source.Name + "->" + TargetText(statement.Target));
                bool spikes = kind != ParameterTables.IClamp;
                var parameters = spikes
                    ? Parameters("stim." + label, target.Arguments, ParameterTables.StimTarget, new[] { "w", "d" })
                    : EquatableArray<ParameterSpec>.Empty;
                string? synapse = spikes ? SynapseName(target.Arguments) ?? FirstSynapse : null;
                yield return new StimTargetSpec(label, stimTargetMembers.Claim(Labels.Member(label)), Origin(statement), statement.Source.Name, kind,
                    Selector(statement.Target), parameters, synapse);
            }
        }

        private static string? SynapseName(BoundArguments arguments)
        {
            var syn = arguments.Get("syn");
            return syn is null ? null : ValueConverter.Convert(syn.Node, syn.Def!).Name;
        }

        public IEnumerable<ConnectionSpec> Connections()
        {
            var labels = new Labels();
            foreach (var conn in net.Connections)
            {
                var statement = conn.Statement;
                string label = labels.Unique(statement.Label?.Name ?? TargetText(statement.Pre) + "->" + TargetText(statement.Post));
                var args = conn.Arguments;
                string rule;
                var defaults = new List<string>();
                if (args.Get("p") is not null)
                {
                    var sampling = args.Get("sampling");
                    // The rule kind each sampling name stands for is in the shared table (NamedChoices.Sampling).
                    var choice = sampling is null ? NamedChoices.Sampling.Default : NamedChoices.Sampling.Find(ValueConverter.Convert(sampling.Node, sampling.Def!).Name!)!;
                    rule = choice.Member;
                }
                else if (args.Get("conv") is not null) rule = "Convergence";
                else if (args.Get("div") is not null) rule = "Divergence";
                else if (args.Get("all") is not null) rule = "Full";
                else rule = "List";
                defaults.Add("w");
                defaults.Add("d");
                var parameters = Parameters("conn." + label, args, ParameterTables.Connection, defaults);
                var pairs = new List<PairSpec>();
                var list = args.Get("list");
                if (list is not null)
                {
                    pairs.AddRange(ValueConverter.Convert(list.Node, list.Def!).Pairs.Select(p => new PairSpec((int)p.Pre, (int)p.Post)));
                }
                yield return new ConnectionSpec(label, connectionMembers.Claim(Labels.Member(label)), Origin(statement), Selector(statement.Pre), Selector(statement.Post), rule,
                    parameters, SynapseName(args) ?? FirstSynapse!, pairs.ToEquatableArray(), args.Get("self") is not null, Plasticity(args));
            }
        }

        /// <summary><c>plast=STDP(...)</c>: the mechanism and its written parameters, converted to the catalog's units.</summary>
        private static PlasticitySpec? Plasticity(BoundArguments args)
        {
            var plast = args.Get("plast");
            if (plast is null) return null;
            string mechanism = ValueConverter.Convert(plast.Node, plast.Def!).Name!;
            var parameters = new List<PlasticParameterSpec>();
            if (plast.Group is not null)
            {
                foreach (var item in plast.Group.Items.Where(i => i.Def is not null))
                {
                    parameters.Add(new PlasticParameterSpec(item.Def!.Name, ValueConverter.Convert(item.Node, item.Def).A));
                }
            }
            return new PlasticitySpec(mechanism, parameters.ToEquatableArray());
        }

        public SimulationSpec Simulation()
        {
            var all = new BoundArguments(ParameterTables.Simulation, net.SimArguments());
            var settings = Parameters("sim", all, ParameterTables.Simulation, SimulationCatalog.Settings.Select(s => s.Name));
            var seedValues = new Dictionary<string, double> { ["conn"] = 1, ["stim"] = 1, ["loc"] = 1, ["cell"] = 1 };
            var seed = all.Get("seed");
            if (seed is not null)
            {
                double value = ValueConverter.Convert(seed.Node, seed.Def!).A;
                foreach (var key in seedValues.Keys.ToList()) seedValues[key] = value;
            }
            var group = all.Get("seeds")?.Group;
            if (group is not null)
            {
                foreach (var item in group.Items.Where(i => i.Def is not null))
                {
                    seedValues[item.Def!.Name] = ValueConverter.Convert(item.Node, item.Def).A;
                }
            }
            var seeds = ParameterTables.Seeds.Parameters
                .Select(def => Parameter("sim.seeds", def, new ConvertedValue { A = seedValues[def.Name] }))
                .ToEquatableArray();
            // record w ... every 10ms: the weight record step (the checks make sure there is one step at most).
            var every = net.WeightRecords.Select(r => r.Every).FirstOrDefault(e => e is not null);
            if (every is not null)
            {
                var def = ParameterTables.Simulation.Find("weightRecordStep")!;
                double step = ValueConverter.Number(every, def).A;
                settings = settings.Select(s => s.Name == def.Name ? s with { A = step } : s).ToEquatableArray();
            }
            // record w of conn A, B: only those rules' weights in the results, unless a record names none (every rule).
            bool everyRule = net.WeightRecords.Count == 0 || net.WeightRecords.Any(r => r.Rules.Count == 0);
            var ruleLabels = everyRule ? new List<string>() : net.WeightRecords.SelectMany(r => r.Rules).Select(r => r.Label).Distinct().ToList();
            var save = all.Get("saveDataInclude");
            return new SimulationSpec(net.Sims.Count > 0 ? Origin(net.Sims[0].Statement) : null, settings, seeds)
            {
                SaveDataInclude = save is null ? EquatableArray<string>.Empty : ValueConverter.Convert(save.Node, save.Def!).Name!.Split(',').ToEquatableArray(),
                WeightRecordOrigin = every is null ? null : Origin(net.WeightRecords.First(r => r.Every is not null)),
                WeightRecordRules = ruleLabels.ToEquatableArray(),
                WeightRulesOrigin = everyRule ? null : Origin(net.WeightRecords.First(r => r.Rules.Count > 0)),
            };
        }

        public RecordSpec Record(RecordStatement record)
        {
            string variable = "V";
            string? synapse = null;
            switch (record.Variable)
            {
                case NameNode name:
                    // v, u, m, h, n: RecordVariable.V, U, M, H, N.
                    variable = name.Name.ToUpperInvariant();
                    break;
                case CallNode call:
                    variable = "G";
                    synapse = ((NameNode)call.Arguments[0].Value!).Name;
                    break;
            }
            return new RecordSpec(record.Name.Name, Origin(record), variable, synapse, record.Of is null ? null : Selector(record.Of));
        }

        public PlotSpec Plot(BoundPlot plot)
        {
            string kind = plot.Statement.Kind.Name switch
            {
                "raster" => "Raster",
                "traces" => "Traces",
                "net2d" => "Net2D",
                "spikehist" => "SpikeHist",
                "conn" => "Connectivity",
                _ => "Rates",
            };
            SelectorSpec? include = null;
            var argument = plot.Arguments.Get("include");
            if (argument is not null)
            {
                var items = ValueConverter.Convert(argument.Node, argument.Def!).Include;
                include = new SelectorSpec("Include", EquatableArray<string>.Empty,
                    items.SelectMany(CellTypeAsPopulations).ToEquatableArray());
                if (items.Count == 1 && items[0].Conditions is { } conditions)
                {
                    include = new SelectorSpec("Populations", new[] { items[0].Population! }.ToEquatableArray(), EquatableArray<IncludeSpec>.Empty)
                    {
                        Conditions = SelectorConditions.Read(conditions, net, (_, _, _) => { }),
                    };
                }
            }
            // A cell type named in an include list stands for its populations, in file order.
            IEnumerable<IncludeSpec> CellTypeAsPopulations(IncludeItem item)
            {
                if (item.Population is null || item.Index != -1 || net.Populations.Any(p => p.Name.Name == item.Population))
                    return new[] { new IncludeSpec(item.Population, item.Index) };
                return net.Populations.Where(p => p.Cell.Name == item.Population).Select(p => new IncludeSpec(p.Name.Name, -1));
            }
            string? Word(string key)
            {
                var word = plot.Arguments.Get(key);
                return word is null ? null : ValueConverter.Convert(word.Node, word.Def!).Name;
            }
            string? orderBy = Word("orderBy"), feature = Word("feature");
            return new PlotSpec(kind, Origin(plot.Statement), include)
            {
                OrderBy = orderBy is null ? null : SelectorConditions.Member(orderBy),
                Feature = feature is null ? null : char.ToUpperInvariant(feature[0]) + feature.Substring(1),
            };
        }

        /// <summary>
        /// One population or cell-type name keeps its kind (NetPyNE's pop / cellType conds); a list mixing
        /// both is expanded into populations.
        /// </summary>
        private SelectorSpec Selector(TargetNode target) =>
            Kind(target) with { Conditions = SelectorConditions.Read(target.Conditions, net, (_, _, _) => { }) };

        private SelectorSpec Kind(TargetNode target)
        {
            if (target.All) return new SelectorSpec("All", EquatableArray<string>.Empty, EquatableArray<IncludeSpec>.Empty);
            var names = target.Names.Select(n => n.Name).ToList();
            if (names.All(n => net.FindPopulation(n) is not null))
                return new SelectorSpec("Populations", names.ToEquatableArray(), EquatableArray<IncludeSpec>.Empty);
            if (names.All(n => net.FindPopulation(n) is null))
                return new SelectorSpec("CellTypes", names.ToEquatableArray(), EquatableArray<IncludeSpec>.Empty);
            var pops = net.Populations
                .Where(p => names.Contains(p.Name.Name) || names.Any(n => net.FindPopulation(n) is null && p.Cell.Name == n))
                .Select(p => p.Name.Name);
            return new SelectorSpec("Populations", pops.ToEquatableArray(), EquatableArray<IncludeSpec>.Empty);
        }
    }

    /// <summary>Unique labels for rules ("E->I", "E->I#2") and their C# member names ("E_to_I", "E_to_I_2").</summary>
    private sealed class Labels
    {
        private readonly Dictionary<string, int> seen = new();
        private readonly HashSet<string> members = new();

        public string Unique(string label)
        {
            seen.TryGetValue(label, out int count);
            string unique = count == 0 ? label : label + "#" + (count + 1).ToString(CultureInfo.InvariantCulture);
            while (!members.Add(Member(unique)))
            {
                // Two labels that read the same as C# names: number the later one.
                count++;
                unique = label + "#" + (count + 1).ToString(CultureInfo.InvariantCulture);
            }
            seen[label] = count + 1;
            return unique;
        }

        public static string Member(string label)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < label.Length; i++)
            {
                char c = label[i];
                if (c == '-' && i + 1 < label.Length && label[i + 1] == '>')
                {
                    sb.Append("_to_");
                    i++;
                }
                else if (char.IsLetterOrDigit(c) || c == '_') sb.Append(c);
                else if (sb.Length == 0 || sb[sb.Length - 1] != '_') sb.Append('_');
            }
            string member = sb.ToString().Trim('_');
            if (member.Length == 0 || char.IsDigit(member[0])) member = "Rule_" + member;
            return member;
        }
    }
}
