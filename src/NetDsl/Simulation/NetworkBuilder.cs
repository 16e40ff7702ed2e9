using System.Diagnostics;
using System.Globalization;
using NetDsl.Catalog;
using NetDsl.Construction;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Plasticity;
using NetDsl.Random;

namespace NetDsl.Simulation;

/// <summary>Builds a <see cref="Network"/> from a definition exactly as NetPyNE 1.1.0 creates it.</summary>
public static class NetworkBuilder
{
    public static Network Build(NetworkDefinition definition) => Build(definition, perSynapseIncrement: false);

    /// <summary>
    /// The share of the network that rank <see cref="Distributed.Communicator.Rank"/> of a distributed run simulates:
    /// every cell's gid and position, the parameters and state arrays of its own cells only
    /// (<see cref="Distributed.RankCells"/>; <see cref="Network.Cells"/> lists every cell without parameters, which
    /// rank 0's result gets when it gathers), and only the connections and stimuli onto its own cells, from the same
    /// random streams as <see cref="Build(NetworkDefinition)"/>, so that the ranks together hold that network.
    /// </summary>
    public static Network Build(NetworkDefinition definition, Distributed.Communicator communicator) =>
        Build(definition, perSynapseIncrement: false, communicator.Rank, communicator.Size);

    /// <param name="definition">The network.</param>
    /// <param name="perSynapseIncrement">Keep increments per synapse even when no rule draws weights (the reference layout the compact one must match).</param>
    /// <param name="ownRank">The rank whose share is built (see <see cref="Build(NetworkDefinition, Distributed.Communicator)"/>).</param>
    /// <param name="ranks">Ranks of the run; 1 builds the whole network.</param>
    internal static Network Build(NetworkDefinition definition, bool perSynapseIncrement, int ownRank = 0, int ranks = 1)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var sim = definition.Simulation ?? throw new NetDslModelException("simulation", "The network has no simulation settings.");
        ValidateSettings(definition);
        ResourceGuard.CheckRunLength(sim);
        var counts = new int[definition.Populations.Count];
        for (int p = 0; p < counts.Length; p++) counts[p] = PopulationPlacement.Count(definition.Populations[p], definition);
        ResourceGuard.CheckCells(counts);
        var seeds = sim.EffectiveSeeds;
        double dt = sim.Dt;
        var clock = Stopwatch.StartNew();

        // Synapse kinds.
        var synapseIndex = new Dictionary<string, int>();
        var factors = new double[definition.Synapses.Count];
        var addsToA = new bool[definition.Synapses.Count];
        var typeOrder = new int[definition.Synapses.Count];
        for (int s = 0; s < definition.Synapses.Count; s++)
        {
            var syn = definition.Synapses[s];
            if (SynapseModels.Problem(syn) is { } problem) throw Invalid(problem.Parameter, problem.Message);
            if (!synapseIndex.TryAdd(syn.Name, s)) throw Invalid("synapse", $"Synapse '{syn.Name}' is defined twice.");
            addsToA[s] = SynapseModels.EventsAddToA(syn.Model);
            typeOrder[s] = SynapseModels.TypeOrder(syn.Model);
            factors[s] = SynapseModels.Factor(syn);
        }
        // With more than one model, a cell's synapses are summed model by model (NEURON's mechanism types).
        var modelOrders = typeOrder.Distinct().Order().ToArray();
        bool mixedSynapseModels = modelOrders.Length > 1;

        // Populations and gids, in population order.
        var cellTypes = new Dictionary<string, CellDefinition>();
        foreach (var cell in definition.Cells)
        {
            if (!cellTypes.TryAdd(cell.Name, cell)) throw Invalid("cell", $"Cell type '{cell.Name}' is defined twice.");
            CellModels.Validate(cell);
        }
        var populations = new List<PopulationInfo>();
        int gidCount = 0;
        for (int p = 0; p < counts.Length; p++)
        {
            var pop = definition.Populations[p];
            if (pop.Generator is not null) ValidateGenerator(pop, cellTypes);
            else if (!cellTypes.ContainsKey(pop.CellType)) throw Invalid("cellType", $"Population '{pop.Name}': cellType '{pop.CellType}' is not a defined cell type.");
            foreach (var other in populations)
            {
                if (other.Name == pop.Name) throw Invalid("population", $"Population '{pop.Name}' is defined twice.");
            }
            populations.Add(new PopulationInfo(pop.Name, pop.CellType, gidCount, counts[p]));
            gidCount += counts[p];
        }
        int n = gidCount;
        var own = Distributed.RankCells.Of(ownRank, ranks, n);
        bool shared = ranks > 1;

        var cellInfos = new CellInfo[n];
        // The simulated cells' arrays hold this rank's cells only (cell = gid - own.From); every rank knows every
        // cell's gid, position and model (the rules and checks select cells anywhere).
        int cells = own.Count;
        var c = new double[cells]; var k = new double[cells]; var vr = new double[cells]; var vt = new double[cells]; var vpeak = new double[cells];
        var a = new double[cells]; var b = new double[cells]; var cReset = new double[cells]; var d = new double[cells]; var iin = new double[cells];
        var alive = new double[cells]; var threshold = new double[cells];
        var recovery = new RecoveryKind[cells]; var reset = new ResetKind[cells]; var watchSlope = new double[cells];
        var scale = new double[cells]; var capTerm = new double[cells]; var endFactor = new double[cells]; var endProduct = new double[cells];
        var axA1 = new double[cells]; var axB1 = new double[cells]; var axA2 = new double[cells]; var axB2 = new double[cells];

        var model = new CellModel[n];
        var mechanisms = CellModels.Mechanisms(populations, cellTypes, cells, sim.Celsius);
        var spikeTrainFiles = new SpikeTrainFiles.Cache();
        var trains = new List<EventSource>();
        bool anyGenerator = false;
        for (int p = 0; p < populations.Count; p++)
        {
            var pop = populations[p];
            if (definition.Populations[p].Generator is { } generator)
            {
                anyGenerator = true;
                CreateGeneratorCells(definition, definition.Populations[p], generator, pop, seeds, own, cellInfos, model, c, vpeak, threshold, recovery, scale, trains, spikeTrainFiles);
                continue;
            }
            var cellDef = cellTypes[pop.CellType];
            var plan = CellModels.Plan(cellDef);
            // Positions (PopulationPlacement): numCells / density draw from Random123(numCells, firstGid, loc seed),
            // one uniform discarded, then x0 y0 z0 x1 ...; gridSpacing and cellsList draw nothing.
            var loc = PopulationPlacement.Start(definition.Populations[p], definition, pop.FirstGid, pop.Count, seeds.Loc);
            for (int i = 0; i < pop.Count; i++)
            {
                int gid = pop.FirstGid + i;
                var tags = loc.Next();
                model[gid] = plan.Model;
                // One rank's share keeps every cell's position and no cell's parameters: rank 0 evaluates those when
                // it gathers the results (WithCellParameters), so that no rank holds a second copy of its cells' values.
                if (shared && !own.Owns(gid))
                {
                    cellInfos[gid] = new CellInfo(gid, pop.Name, pop.CellType, tags.X, tags.Y, tags.Z, tags.XNorm, tags.YNorm, tags.ZNorm, NoParameters);
                    continue;
                }
                var values = CellValues(plan, cellDef, gid, tags, seeds);
                double diam = values[CellParameters.Diam], length = values[CellParameters.Length];
                double cm = values[CellParameters.Cm], ra = values[CellParameters.Ra], area = values[CellParameters.Area];
                cellInfos[gid] = new CellInfo(gid, pop.Name, pop.CellType, tags.X, tags.Y, tags.Z, tags.XNorm, tags.YNorm, tags.ZNorm,
                    shared ? NoParameters : new CellParameters(plan.Keys, values));

                int cell = gid - own.From;
                threshold[cell] = cellDef.Threshold;
                if (plan.Model == CellModel.Izhikevich)
                {
                    int at = CellParameters.FirstModel;
                    c[cell] = values[at]; k[cell] = values[at + 1]; vr[cell] = values[at + 2]; vt[cell] = values[at + 3]; vpeak[cell] = values[at + 4];
                    a[cell] = values[at + 5]; b[cell] = values[at + 6]; cReset[cell] = values[at + 7]; d[cell] = values[at + 8]; iin[cell] = values[at + 9];
                    alive[cell] = values[at + 11];
                    recovery[cell] = Izhi2007b.RecoveryFor(values[at + 10]);
                    reset[cell] = Izhi2007b.ResetFor(values[at + 10]);
                    watchSlope[cell] = Izhi2007b.WatchSlope(reset[cell]);
                }
                else
                {
                    // No point process: no WATCH (its line never crosses), no recovery variable, no reset events.
                    c[cell] = 1; vpeak[cell] = double.PositiveInfinity;
                    recovery[cell] = RecoveryKind.None;
                    plan.StoreMechanisms(mechanisms!, cell, values);
                }

                // NEURON treeset.cpp: half-segment resistances of the one-segment cylinder in MOhm.
                double rLeft = 1e-2 * ra * (length / 2) / (Math.PI * diam * diam / 4.0);
                double rinv = 1.0 / (rLeft + 0.0);
                double rinvEnd = 1.0 / rLeft;
                const double zeroAreaNode = 1e2;
                axA1[cell] = -1e2 * 1.0 * rinv / zeroAreaNode;
                axB1[cell] = -1e2 * rinv / area;
                axA2[cell] = -1e2 * rinvEnd / area;
                axB2[cell] = -1e2 * rinvEnd / zeroAreaNode;
                endFactor[cell] = axA2[cell] / (0.0 - axB2[cell]);
                endProduct[cell] = endFactor[cell] * axB2[cell];
                scale[cell] = 1e2 / area;
                capTerm[cell] = 0.001 * (1.0 / dt) * cm;
            }
        }
        double createTime = clock.Elapsed.TotalSeconds;
        clock.Restart();

        // Connections: every rule in order, each appending in its own (NetPyNE) order.
        if (definition.Connections.Count > ushort.MaxValue + 1)
            throw Invalid("connections", $"The network has {definition.Connections.Count} connection rules; at most {ushort.MaxValue + 1} are supported.");
        bool valuesDrawn = false, weightsDrawn = false;
        foreach (var rule in definition.Connections)
        {
            valuesDrawn |= !rule.Weight.IsConstant || !rule.Delay.IsConstant;
            weightsDrawn |= !rule.Weight.IsConstant;
        }
        // A rank keeps the connections onto its own cells; the rules still draw every pair (their streams run over all pairs).
        var buffer = shared ? new ConnectionBuffer(valuesDrawn, own.From, own.To, n == 0 ? 1 : own.Count / (double)n) : new ConnectionBuffer(valuesDrawn);
        var cellTags = new CellTags[n];
        for (int gid = 0; gid < n; gid++) cellTags[gid] = cellInfos[gid].Tags;
        var checks = new ConnectionChecks();
        var ruleInfos = new ConnectionTable.RuleInfo[definition.Connections.Count];
        var ruleSynapse = new int[definition.Connections.Count];
        // Plasticity per rule (null: fixed weights); only networks with a plastic rule build the plastic structures.
        var rulePlasticity = new PlasticRuleParameters?[definition.Connections.Count];
        bool anyPlastic = false;
        for (int r = 0; r < definition.Connections.Count; r++)
        {
            var rule = definition.Connections[r];
            ValidateConnection(rule);
            rulePlasticity[r] = PlasticRuleParameters.Resolve(rule.Plasticity, $"Connection '{rule.Label}'");
            anyPlastic |= rulePlasticity[r] is not null;
            int syn = ResolveSynapse(rule.Synapse, synapseIndex, definition, $"Connection '{rule.Label}'");
            var pre = CellSelection.Resolve(rule.Pre, populations, cellInfos, $"Connection '{rule.Label}' pre");
            var post = CellSelection.Resolve(rule.Post, populations, cellInfos, $"Connection '{rule.Label}' post");
            if (anyGenerator) RejectGeneratorTargets(post, model, cellInfos, $"Connection '{rule.Label}'", "receive connections", "postConds");
            ResourceGuard.CheckConnections(rule, pre.Length, post.Length, buffer.Count);
            if (rule.Delay.IsConstant) ResourceGuard.CheckDelay(rule.Delay.A, dt, $"Connection '{rule.Label}'");
            ConnectivityRules.Apply(rule, pre, post, seeds.Conn, cellTags, dt, buffer, checks);
            // The rule's hits are in the buffer now.
            BuildMemory.ReleaseTemporaries(buffer.Count);
            ruleSynapse[r] = syn;
            ruleInfos[r] = new ConnectionTable.RuleInfo(rule.Weight.A, rule.Delay.A, definition.Synapses[syn].Name, !rule.Weight.IsConstant || !rule.Delay.IsConstant);
        }
        // The buffer in rule order is gone once grouped.
        var connections = ConnectionsByPost.Group(buffer, n, keepCreation: anyPlastic);
        buffer = null;
        BuildMemory.ReleaseTemporaries(connections.Pre.Length);
        double connectTime = clock.Elapsed.TotalSeconds;
        clock.Restart();

        // Stimuli: per rule, per selected cell; stored per cell in creation order.
        var sourceByName = new Dictionary<string, StimSourceDefinition>();
        foreach (var source in definition.StimSources)
        {
            ValidateSource(source);
            if (!sourceByName.TryAdd(source.Name, source)) throw Invalid("source", $"Stim source '{source.Name}' is defined twice.");
        }
        var stimsPerCell = new List<(StimTargetDefinition Target, StimSourceDefinition Source, int Synapse, double Weight, double Delay, double[]? Train)>[cells];
        double stimulusEvents = 0;
        foreach (var target in definition.StimTargets)
        {
            if (!sourceByName.TryGetValue(target.Source, out var source))
                throw Invalid("source", $"Stim target: source '{target.Source}' is not a defined stim source.");
            int syn = -1;
            if (source is not IClampSource)
            {
                if (!(target.Delay >= 0) || !double.IsFinite(target.Delay)) throw Invalid("delay", $"Stim target '{target.Source}': delay must be >= 0 ms (got {Num(target.Delay)}).");
                if (!double.IsFinite(target.Weight)) throw Invalid("weight", $"Stim target '{target.Source}': weight must be finite.");
                syn = ResolveSynapse(target.Synapse, synapseIndex, definition, $"Stim target '{target.Source}'");
            }
            var targetGids = CellSelection.Resolve(target.Target, populations, cellInfos, $"Stim target '{target.Source}'");
            if (anyGenerator) RejectGeneratorTargets(targetGids, model, cellInfos, $"Stim target '{target.Source}'", "receive stimuli", "conds");
            var targetTrains = source is VecStimSource vecStimSource
                ? SpikeTrainFiles.ForTargets(vecStimSource, targetGids, $"Stim source '{source.Name}'", "the stim target", spikeTrainFiles)
                : null;
            var (targetSources, weights, delays) = StimulusValues.Evaluate(target, source, targetGids, cellTags, seeds.Stim);
            if (source is NetStimSource netStim)
            {
                stimulusEvents += targetSources is null
                    ? ResourceGuard.CheckNetStimEvents(netStim, sim.Duration, targetGids.Length, stimulusEvents)
                    : ResourceGuard.CheckNetStimEvents(targetSources, sim.Duration, stimulusEvents);
            }
            for (int i = 0; i < targetGids.Length; i++)
                if (own.Owns(targetGids[i]))
                (stimsPerCell[targetGids[i] - own.From] ??= []).Add((target, targetSources?[i] ?? source, syn, weights?[i] ?? target.WeightValue.A, delays?[i] ?? target.DelayValue.A, targetTrains?[i]));
        }

        // Synapse instances per cell in creation order: connections first, then stimuli (NetPyNE order).
        // Each connection's slot is written straight into its row of the by-pre grouping.
        var aggregate = sim.AggregateSynapses;
        int kindCount = definition.Synapses.Count;
        // Plastic connections are delivered through their own queue (their weights change): they get no delivery rows.
        bool[]? rulePlastic = anyPlastic ? Array.ConvertAll(rulePlasticity, p => p is not null) : null;
        int plasticCount = 0;
        int[]? plasticIndex = rulePlastic is null ? null : PlasticConnections.Number(connections.Rule, rulePlastic, out plasticCount);
        var plasticSlot = new int[plasticCount];
        var rows = ByPreRows(connections, n, valuesDrawn || perSynapseIncrement, ruleSynapse, ruleInfos, factors, rulePlastic);
        var rowSlot = rows.Slot;
        var rowRule = rows.Rule;
        var preKey = rows.PreKey;
        var nextRow = (int[])rows.PreStart.Clone();
        var cellSlotStart = new int[cells + 1];
        var slotKind = new List<int>();
        var stimSlot = new List<int>[cells];
        // Per-cell scratch, reused from cell to cell.
        var stimInstances = new List<int>();   // creation index of each stimulus synapse
        var stimKinds = new List<int>();
        var kindRank = new int[kindCount];
        var kindStamp = new int[kindCount];
        var rankKind = new int[kindCount];
        var slotOfInstance = new int[16];
        var postStart = connections.PostStart; var connPre = connections.Pre; var connRule = connections.Rule;
        for (int cell = 0; cell < cells; cell++)
        {
            int gid = own.From + cell;
            int start = slotKind.Count;
            cellSlotStart[cell] = start;
            int firstConn = postStart[gid], endConn = postStart[gid + 1];
            int connCount = endConn - firstConn;
            stimInstances.Clear(); stimKinds.Clear();
            if (stimsPerCell[cell] is { } stims)
            {
                foreach (var (_, source, syn, _, _, _) in stims)
                {
                    if (source is IClampSource) continue;
                    stimInstances.Add(connCount + stimKinds.Count);
                    stimKinds.Add(syn);
                }
            }
            if (aggregate)
            {
                // One slot per synapse kind present on the cell, summed in reverse order of first creation.
                int kinds = 0;
                // A cell's connections come in rule order: its kinds can only change where the rule does.
                for (int j = firstConn; j < endConn; j++)
                {
                    if (j == firstConn || connRule[j] != connRule[j - 1]) AddKind(ruleSynapse[connRule[j]]);
                }
                foreach (int kind in stimKinds) AddKind(kind);
                for (int rank = kinds - 1; rank >= 0; rank--) slotKind.Add(rankKind[rank]);
                for (int j = firstConn; j < endConn; j++)
                {
                    int rule = connRule[j];
                    if (plasticIndex is not null && plasticIndex[j] >= 0)
                    {
                        plasticSlot[plasticIndex[j]] = start + (kinds - 1 - kindRank[ruleSynapse[rule]]);
                        continue;
                    }
                    int at = nextRow[connPre[j]]++;
                    rowSlot[at] = start + (kinds - 1 - kindRank[ruleSynapse[rule]]);
                    if (rowRule is not null && preKey[connPre[j]] == DeliverySegments.MixedKeys) rowRule[at] = (ushort)rule;
                }
                if (stimKinds.Count > 0)
                {
                    stimSlot[cell] = new List<int>(stimKinds.Count);
                    foreach (int kind in stimKinds) stimSlot[cell].Add(start + (kinds - 1 - kindRank[kind]));
                }

                void AddKind(int kind)
                {
                    if (kindStamp[kind] == gid + 1) return;
                    kindStamp[kind] = gid + 1;
                    kindRank[kind] = kinds;
                    rankKind[kinds++] = kind;
                }
            }
            else
            {
                // One slot per synapse instance, in NEURON's summation order: mechanism type (ExpSyn before
                // Exp2Syn, SynapseModels.TypeOrder), then reverse creation.
                int created = connCount + stimKinds.Count;
                if (mixedSynapseModels)
                {
                    OrderByModel(created, c => c < connCount ? ruleSynapse[connRule[firstConn + c]] : stimKinds[c - connCount]);
                }
                else
                {
                    for (int j = stimKinds.Count - 1; j >= 0; j--) slotKind.Add(stimKinds[j]);
                    for (int j = endConn - 1; j >= firstConn; j--) slotKind.Add(ruleSynapse[connRule[j]]);
                }
                for (int j = firstConn; j < endConn; j++)
                {
                    if (plasticIndex is not null && plasticIndex[j] >= 0)
                    {
                        plasticSlot[plasticIndex[j]] = mixedSynapseModels ? slotOfInstance[j - firstConn] : start + (created - 1 - (j - firstConn));
                        continue;
                    }
                    int at = nextRow[connPre[j]]++;
                    rowSlot[at] = mixedSynapseModels ? slotOfInstance[j - firstConn] : start + (created - 1 - (j - firstConn));
                    if (rowRule is not null && preKey[connPre[j]] == DeliverySegments.MixedKeys) rowRule[at] = connRule[j];
                }
                if (stimKinds.Count > 0)
                {
                    stimSlot[cell] = new List<int>(stimKinds.Count);
                    foreach (int instance in stimInstances) stimSlot[cell].Add(mixedSynapseModels ? slotOfInstance[instance] : start + (created - 1 - instance));
                }

                void OrderByModel(int count, Func<int, int> kindOf)
                {
                    if (slotOfInstance.Length < count) slotOfInstance = new int[Math.Max(count, 2 * slotOfInstance.Length)];
                    foreach (int order in modelOrders)
                    {
                        for (int instance = count - 1; instance >= 0; instance--)
                        {
                            int kind = kindOf(instance);
                            if (typeOrder[kind] != order) continue;
                            slotOfInstance[instance] = slotKind.Count;
                            slotKind.Add(kind);
                        }
                    }
                }
            }
        }
        cellSlotStart[cells] = slotKind.Count;
        var kindE = new double[kindCount]; var decayA = new double[kindCount]; var decayB = new double[kindCount];
        for (int kind = 0; kind < kindCount; kind++)
        {
            var syn = definition.Synapses[kind];
            kindE[kind] = syn.E;
            (decayA[kind], decayB[kind]) = SynapseModels.Decay(syn, dt);
        }

        // Outgoing connections by pre gid, cut into delivery segments (one event-queue entry per segment).
        var delivery = DeliverySegments.Build(rows, perSynapseIncrement: weightsDrawn || perSynapseIncrement, orderedSlots: aggregate ? slotKind.Count : 0);
        double maxDelay = delivery.MaxDelay;
        // The rows by pre cell are the delivery segments now.
        rows = null!; rowSlot = null!; rowRule = null;
        BuildMemory.ReleaseTemporaries(connections.Pre.Length);
        var plastic = plasticIndex is null ? null
            : PlasticConnections.Build(connections, plasticIndex, plasticSlot, rulePlasticity, ruleSynapse, ruleInfos, factors, addsToA, n,
                NeuronWiring.Build(connections, plasticIndex, ruleInfos, rulePlasticity, n));

        // Stim list (per cell, creation order), IClamps and event sources.
        var stimInfos = new List<StimInfo>();
        var clampStart = new int[cells + 1];
        var clampDelay = new List<double>(); var clampEnd = new List<double>(); var clampAmp = new List<double>();
        var sources = new List<EventSource>(); var sourceStim = new List<int>();
        var clamps = new List<IClampSource>();
        for (int cell = 0; cell < cells; cell++)
        {
            int gid = own.From + cell;
            clampStart[cell] = clampDelay.Count;
            if (stimsPerCell[cell] is not { } stims) continue;
            int synCursor = 0;
            clamps.Clear();
            foreach (var (target, source, syn, stimWeight, stimDelay, train) in stims)
            {
                switch (source)
                {
                    case IClampSource clamp:
                        clamps.Add(clamp);
                        stimInfos.Add(new StimInfo(gid, clamp.Name, "IClamp", null, 0, 0, []) { Values = PerTargetValues(clamp, sourceByName) });
                        break;
                    case NetStimSource netStim:
                        sourceStim.Add(stimInfos.Count);
                        stimInfos.Add(new StimInfo(gid, netStim.Name, "NetStim", definition.Synapses[syn].Name, stimWeight, stimDelay, []) { Values = PerTargetValues(netStim, sourceByName) });
                        sources.Add(new EventSource
                        {
                            Gid = gid, Slot = stimSlot[cell][synCursor++], Increment = stimWeight * factors[syn], Delay = stimDelay,
                            IsNetStim = true,
                            // NetPyNE keeps a rate, 1000 / interval when an interval is given, and sets interval = rate^-1 * 1e3 (compartCell.py:1272, cell.py:188).
                            Interval = 1.0 / (netStim.Rate ?? 1000.0 / netStim.Interval!.Value) * 1e3,
                            Noise = netStim.Noise, Start = netStim.Start, Number = netStim.Number, Seed = netStim.Seed ?? seeds.Stim,
                        });
                        maxDelay = Math.Max(maxDelay, stimDelay);
                        break;
                    case VecStimSource vecStim:
                        sourceStim.Add(stimInfos.Count);
                        stimInfos.Add(new StimInfo(gid, vecStim.Name, "VecStim", definition.Synapses[syn].Name, stimWeight, stimDelay, []));
                        sources.Add(new EventSource
                        {
                            Gid = gid, Slot = stimSlot[cell][synCursor++], Increment = stimWeight * factors[syn], Delay = stimDelay, Times = train ?? [],
                        });
                        maxDelay = Math.Max(maxDelay, stimDelay);
                        break;
                }
            }
            for (int j = clamps.Count - 1; j >= 0; j--)
            {
                clampDelay.Add(clamps[j].Delay);
                clampEnd.Add(clamps[j].Delay + clamps[j].Duration);
                clampAmp.Add(clamps[j].Amplitude);
            }
        }
        clampStart[cells] = clampDelay.Count;
        ResourceGuard.CheckDelay(maxDelay, dt, "The network");
        double stimsTime = clock.Elapsed.TotalSeconds;

        // Records and plots name cells and synapses: check them now rather than when a run starts.
        var plottedTraces = new List<int>();
        // The cells a record without its own cells traces: those the traces plots name (TraceSet records the same).
        var tracedCells = new SortedSet<int>();
        foreach (var plot in definition.Plots)
        {
            if (plot.Kind != PlotKind.Traces) continue;
            var included = CellSelection.Resolve(plot.Include, populations, cellInfos, $"{plot.Kind} plot");
            plottedTraces.AddRange(included);
            if (plot.Include is not null) tracedCells.UnionWith(included);
        }
        foreach (var record in definition.Records)
        {
            if (record.Variable == RecordVariable.G && (record.Synapse is null || !synapseIndex.ContainsKey(record.Synapse)))
                throw Invalid("synMech", $"Record '{record.Name}': synMech '{record.Synapse}' is not a defined synapse.");
            var recorded = CellSelection.Resolve(record.Cells, populations, cellInfos, $"Record '{record.Name}'");
            if (anyGenerator) RejectGeneratorTargets(record.Cells is null ? [.. plottedTraces] : recorded, model, cellInfos, $"Record '{record.Name}'", "be recorded (they have no membrane; their spikes are recorded)", "recordCells");
            foreach (int gid in record.Cells is null ? [.. tracedCells] : recorded) CheckRecordable(record, gid, model, cellInfos, cellTypes);
        }
        foreach (var plot in definition.Plots) CellSelection.Resolve(plot.Include, populations, cellInfos, $"{plot.Kind} plot");

        var compiled = new CompiledNetwork
        {
            CellCount = cells, FirstGid = own.From, GidCount = n, Dt = dt, VInit = sim.VInit,
            Model = cells == n ? model : model.AsSpan(own.From, cells).ToArray(), Mechanisms = mechanisms,
            C = c, K = k, Vr = vr, Vt = vt, Vpeak = vpeak, A = a, B = b, ResetC = cReset, D = d, Iin = iin, Alive = alive,
            Recovery = recovery, Reset = reset, WatchSlope = watchSlope, Threshold = threshold,
            Scale = scale, CapTerm = capTerm, AxialA1 = axA1, AxialB1 = axB1, AxialA2 = axA2, AxialB2 = axB2, EndFactor = endFactor, EndProduct = endProduct,
            CellSlotStart = cellSlotStart, SlotKind = slotKind.ToArray(), KindE = kindE, KindDecayA = decayA, KindDecayB = decayB,
            KindEventsAddToA = addsToA, SomeKindSkipsA = Array.IndexOf(addsToA, false) >= 0,
            ClampStart = clampStart, ClampDelay = clampDelay.ToArray(), ClampEnd = clampEnd.ToArray(), ClampAmp = clampAmp.ToArray(),
            OutSegmentStart = delivery.OutSegmentStart, SegmentDelay = delivery.SegmentDelay, SegmentConnStart = delivery.SegmentConnStart,
            OutSlot = delivery.OutSlot, SegmentIncrement = delivery.SegmentIncrement, OutIncrement = delivery.OutIncrement,
            PerSynapseIncrement = delivery.PerSynapseIncrement, MaxDelay = maxDelay,
            Sources = sources.ToArray(), SourceStimIndex = sourceStim.ToArray(), SpikeTrains = trains.ToArray(),
            Plasticity = plastic,
        };
        // The connections by post cell, encoded into the table, are gone before the engine allocates its state.
        var table = connections.ToTable(ruleInfos);
        connections = null!;
        BuildMemory.ReleaseTemporaries(table.Count);
        return new Network(definition, populations, cellInfos, table, stimInfos, compiled, new BuildTiming(createTime, connectTime, stimsTime))
        {
            Warnings = checks.Warnings,
            Ownership = own,
        };
    }

    /// <summary>
    /// The cells of a spike-generator population: a gid and a position (the same placement stream as any population's),
    /// no membrane (never integrated, never above threshold), and the event source that fires their spikes.
    /// </summary>
    private static void CreateGeneratorCells(NetworkDefinition definition, PopulationDefinition population, StimSourceDefinition generator, PopulationInfo pop,
        Seeds seeds, Distributed.RankCells own, CellInfo[] cellInfos, CellModel[] model, double[] c, double[] vpeak, double[] threshold, RecoveryKind[] recovery, double[] scale,
        List<EventSource> trains, SpikeTrainFiles.Cache files)
    {
        var sim = definition.Simulation;
        string ctx = $"Population '{pop.Name}'";
        double[][]? vecStimTrains = generator is VecStimSource vecStim
            ? SpikeTrainFiles.ForPopulation(vecStim, pop.FirstGid, pop.Count, ctx, "the population", seeds.Stim, sim.Duration, files)
            : null;
        if (generator is NetStimSource netStim) ResourceGuard.CheckNetStimEvents(netStim, sim.Duration, pop.Count, 0);
        var loc = PopulationPlacement.Start(population, definition, pop.FirstGid, pop.Count, seeds.Loc);
        for (int i = 0; i < pop.Count; i++)
        {
            int gid = pop.FirstGid + i;
            var tags = loc.Next();
            model[gid] = CellModel.SpikeGenerator;
            if (own.Owns(gid))
            {
                int cell = gid - own.From;
                c[cell] = 1; scale[cell] = 1;
                vpeak[cell] = double.PositiveInfinity;
                threshold[cell] = double.PositiveInfinity;
                recovery[cell] = RecoveryKind.None;
            }
            cellInfos[gid] = new CellInfo(gid, pop.Name, pop.CellType, tags.X, tags.Y, tags.Z, tags.XNorm, tags.YNorm, tags.ZNorm, NoParameters);
            trains.Add(generator switch
            {
                // NetPyNE's PointCell sets interval = 1000 / rate (a stimulus NetStim takes rate^-1 * 1e3).
                NetStimSource s => new EventSource
                {
                    Gid = gid, Slot = -1, Increment = 0, Delay = 0, IsNetStim = true,
                    Interval = s.Rate is { } rate ? 1000.0 / rate : s.Interval!.Value,
                    Noise = s.Noise, Start = s.Start, Number = s.Number, Seed = s.Seed ?? seeds.Stim,
                },
                _ => new EventSource { Gid = gid, Slot = -1, Increment = 0, Delay = 0, Times = vecStimTrains![i] },
            });
        }
    }

    private static readonly IReadOnlyDictionary<string, double> NoParameters = new Dictionary<string, double>();

    /// <summary>A cell's parameter values as its per-cell stream draws them, with its area and threshold.</summary>
    private static double[] CellValues(CellModels.CellPlan plan, CellDefinition cellDef, int gid, CellTags tags, Seeds seeds)
    {
        // Per-cell stream for random parameters, shared in NetPyNE's evaluation order (geometry, mechs, point process).
        var cellStream = new Random123Stream(NetPyneHash.CellParams, (uint)gid, (uint)seeds.Cell);
        var values = plan.Evaluate(ref cellStream, tags);
        if (plan.Model == CellModel.Izhikevich && values[CellParameters.FirstModel] == 0)
            throw Invalid("C", $"Cell type '{cellDef.Name}': C must not be 0 (it divides the intrinsic current).");
        // NEURON treeset.cpp: nseg = 1 cylinder, area pi*diam*L.
        values[CellParameters.Area] = Math.PI * values[CellParameters.Diam] * values[CellParameters.Length];
        values[CellParameters.Threshold] = cellDef.Threshold;
        return values;
    }

    /// <summary>
    /// The cells of a distributed run's share (positions only) with every cell's parameters, as one process builds
    /// them: what rank 0 reports when it gathers the results. Each cell's values come from its own stream, so they
    /// are the ones the rank that simulated it drew.
    /// </summary>
    internal static CellInfo[] WithCellParameters(NetworkDefinition definition, IReadOnlyList<PopulationInfo> populations, IReadOnlyList<CellInfo> cells)
    {
        var seeds = definition.Simulation.EffectiveSeeds;
        var result = new CellInfo[cells.Count];
        for (int gid = 0; gid < cells.Count; gid++) result[gid] = cells[gid];
        foreach (var pop in populations)
        {
            var cellDef = definition.Cells.FirstOrDefault(c => c.Name == pop.CellType);
            if (cellDef is null) continue;   // spike generators have no parameters
            var plan = CellModels.Plan(cellDef);
            for (int gid = pop.FirstGid; gid < pop.EndGid; gid++)
            {
                var cell = cells[gid];
                result[gid] = cell with { Parameters = new CellParameters(plan.Keys, CellValues(plan, cellDef, gid, cell.Tags, seeds)) };
            }
        }
        return result;
    }

    private static void ValidateGenerator(PopulationDefinition pop, Dictionary<string, CellDefinition> cellTypes)
    {
        string ctx = $"Population '{pop.Name}'";
        string modelName = pop.Generator switch
        {
            NetStimSource => SpikeGeneratorModels.NetStim,
            VecStimSource => SpikeGeneratorModels.VecStim,
            _ => throw Invalid("cellModel", $"{ctx}: a population's cellModel is NetStim or VecStim; an {pop.Generator!.GetType().Name.Replace("Source", "")} is a stimulus (stim), not a population."),
        };
        if (cellTypes.ContainsKey(pop.CellType))
            throw Invalid("cellType", $"{ctx} is a {modelName} spike generator and takes no cell parameters, but names the cell type '{pop.CellType}'. Remove the cell type, or make it a population of '{pop.CellType}' cells without the {modelName}.");
        if (pop.CellType.Length > 0 && pop.CellType != modelName)
            throw Invalid("cellModel", $"{ctx}: its cellModel is '{pop.CellType}' but its generator is a {modelName}; give it the cell type '{modelName}' (PopulationDefinition.{modelName}).");
        ValidateSource(pop.Generator, ctx, population: true);
    }

    /// <summary>
    /// u exists only on Izhi2007b cells, m, h and n only on cells with hh: checked here for every recorded cell, so that
    /// every rank of a distributed run reports a record of another rank's cells alike.
    /// </summary>
    private static void CheckRecordable(RecordDefinition record, int gid, CellModel[] model, CellInfo[] cells, Dictionary<string, CellDefinition> cellTypes)
    {
        string? state = Recording.TraceSet.StateName(record.Variable);
        bool ok = record.Variable switch
        {
            RecordVariable.U => model[gid] == CellModel.Izhikevich,
            RecordVariable.V or RecordVariable.G => true,
            _ => cellTypes.TryGetValue(cells[gid].CellType, out var type)
                && type.Mechs.Any(m => MechanismCatalog.Find(m.Name)?.Recordables.Contains(state!) == true),
        };
        if (ok) return;
        string variable = record.Variable.ToString().ToLowerInvariant();
        string mechanism = record.Variable == RecordVariable.U ? "Izhi2007b"
            : MechanismCatalog.OfRole(MechanismRole.Density).FirstOrDefault(m => m.Recordables.Contains(variable))?.Name ?? "density";
        throw Invalid("var", $"Record '{record.Name}': cell {gid} ({cells[gid].CellType}) has no {mechanism} mechanism, so it has no '{variable}' to record.");
    }

    /// <summary>Spike generators only send spikes: as targets of connections, stimuli or recordings they are an error naming their population.</summary>
    private static void RejectGeneratorTargets(int[] gids, CellModel[] model, CellInfo[] cells, string context, string what, string parameter)
    {
        foreach (int gid in gids)
        {
            if (model[gid] != CellModel.SpikeGenerator) continue;
            var cell = cells[gid];
            throw Invalid(parameter, $"{context}: population '{cell.Population}' is a {cell.CellType} spike generator (gid {gid}); its cells cannot {what}. Select populations of cells instead.");
        }
    }

    /// <summary>
    /// The connections grouped by pre gid with a stable counting sort (connection order kept within a pre cell):
    /// what delivery needs per row (the rule, or with <paramref name="rowValues"/> the delay and increment);
    /// slots and rules are filled in by the slot assignment.
    /// </summary>
    /// <param name="rulePlastic">Per rule, whether its connections are plastic (they get no rows); null when none is.</param>
    private static DeliverySegments.Rows ByPreRows(ConnectionsByPost connections, int n, bool rowValues, int[] ruleSynapse,
        ConnectionTable.RuleInfo[] rules, double[] factors, bool[]? rulePlastic)
    {
        var pre = connections.Pre;
        int connectionCount = pre.Length;
        var preStart = new int[n + 1];
        if (rulePlastic is null)
        {
            foreach (int gid in pre) preStart[gid + 1]++;
        }
        else
        {
            for (int j = 0; j < connectionCount; j++)
            {
                if (!rulePlastic[connections.Rule[j]]) preStart[pre[j] + 1]++;
            }
        }
        for (int gid = 0; gid < n; gid++) preStart[gid + 1] += preStart[gid];
        int count = preStart[n];
        var ruleDelay = new double[rules.Length];
        var ruleIncrement = new double[rules.Length];
        for (int r = 0; r < rules.Length; r++)
        {
            ruleDelay[r] = rules[r].Delay;
            ruleIncrement[r] = rules[r].Weight * factors[ruleSynapse[r]];
        }
        if (!rowValues)
        {
            // A pre cell whose rows all share one key needs no per-row rule; the others get theirs with the slots.
            var ruleKey = DeliverySegments.RuleKeys(ruleDelay, ruleIncrement);
            var preKey = new int[n];
            Array.Fill(preKey, DeliverySegments.NoRows);
            var rule = connections.Rule;
            for (int j = 0; j < connectionCount; j++)
            {
                if (rulePlastic is not null && rulePlastic[rule[j]]) continue;
                int key = ruleKey[rule[j]];
                ref int current = ref preKey[pre[j]];
                if (current == key) continue;
                current = current == DeliverySegments.NoRows ? key : DeliverySegments.MixedKeys;
            }
            bool mixed = Array.IndexOf(preKey, DeliverySegments.MixedKeys) >= 0;
            return new DeliverySegments.Rows
            {
                PreStart = preStart, Slot = new int[count], Rule = new ushort[mixed ? count : 0], RuleDelay = ruleDelay, RuleIncrement = ruleIncrement,
                RuleKey = ruleKey, PreKey = preKey,
            };
        }
        var delay = new double[count];
        var increment = new double[count];
        var cursor = (int[])preStart.Clone();
        for (int j = 0; j < connectionCount; j++)
        {
            int rule = connections.Rule[j];
            if (rulePlastic is not null && rulePlastic[rule]) continue;
            int at = cursor[pre[j]]++;
            delay[at] = connections.Delay?[j] ?? rules[rule].Delay;
            increment[at] = (connections.Weight?[j] ?? rules[rule].Weight) * factors[ruleSynapse[rule]];
        }
        return new DeliverySegments.Rows { PreStart = preStart, Slot = new int[count], Delay = delay, Increment = increment };
    }

    private static int ResolveSynapse(string? name, Dictionary<string, int> synapseIndex, NetworkDefinition definition, string context)
    {
        if (name is null)
        {
            if (definition.Synapses.Count == 0) throw Invalid("synMech", $"{context}: no synMech is defined to receive it.");
            return 0;
        }
        return synapseIndex.TryGetValue(name, out int index) ? index : throw Invalid("synMech", $"{context}: synMech '{name}' is not a defined synapse.");
    }

    private static void ValidateSettings(NetworkDefinition definition)
    {
        var sim = definition.Simulation;
        if (!(sim.Dt > 0) || !double.IsFinite(sim.Dt)) throw Invalid("dt", $"Simulation: dt must be > 0 ms (got {Num(sim.Dt)}).");
        if (!(sim.Duration >= 0) || !double.IsFinite(sim.Duration)) throw Invalid("duration", $"Simulation: duration must be >= 0 ms (got {Num(sim.Duration)}).");
        if (!(sim.RecordStep > 0) || !double.IsFinite(sim.RecordStep)) throw Invalid("recordStep", $"Simulation: recordStep must be > 0 ms (got {Num(sim.RecordStep)}).");
        if (!double.IsFinite(sim.VInit)) throw Invalid("v_init", "Simulation: v_init must be finite.");
        if (!double.IsFinite(sim.Celsius)) throw Invalid("celsius", "Simulation: celsius must be finite.");
        if (sim.Threads < 1) throw Invalid("threads", $"Simulation: threads must be at least 1, not {sim.Threads}.");
        if (sim.WeightRecordStep is { } weightStep && (!(weightStep > 0) || !double.IsFinite(weightStep)))
            throw Invalid("weightRecordStep", $"Simulation: the weight record step must be > 0 ms (got {Num(weightStep)}).");
        var seeds = sim.EffectiveSeeds;
        if (seeds.Conn < 0) throw Invalid("seeds.conn", "Simulation: seeds must be >= 0.");
        if (seeds.Stim < 0) throw Invalid("seeds.stim", "Simulation: seeds must be >= 0.");
        if (seeds.Loc < 0) throw Invalid("seeds.loc", "Simulation: seeds must be >= 0.");
        if (seeds.Cell < 0) throw Invalid("seeds.cell", "Simulation: seeds must be >= 0.");
        if (!(definition.SizeX >= 0 && definition.SizeY >= 0 && definition.SizeZ >= 0)) throw Invalid("sizeX", "Network size must be >= 0 um.");
    }

    private static void ValidateConnection(ConnectionDefinition rule)
    {
        string ctx = $"Connection '{rule.Label}'";
        double v = rule.RuleSpec.A;
        bool drawn = !rule.RuleSpec.IsConstant;
        if (drawn && rule.Rule is not (ConnectionRuleKind.Probability or ConnectionRuleKind.FastProbability or ConnectionRuleKind.Convergence or ConnectionRuleKind.Divergence))
            throw Invalid("rule", $"{ctx}: only probability, convergence and divergence rules take an expression or distribution as their value.");
        if (rule.Within is double within)
        {
            if (rule.Rule != ConnectionRuleKind.Probability)
                throw Invalid("within", $"{ctx}: a cutoff (within=) applies to probability rules only.");
            if (!(within > 0) || !double.IsFinite(within))
                throw Invalid("within", $"{ctx}: the cutoff must be a distance > 0 um (got {Num(within)}).");
        }
        if (drawn) v = 0;
        switch (rule.Rule)
        {
            case ConnectionRuleKind.Probability:
            case ConnectionRuleKind.FastProbability:
                if (!(v >= 0 && v <= 1)) throw Invalid("probability", $"{ctx}: probability {Num(v)} is outside [0, 1].");
                break;
            case ConnectionRuleKind.Convergence:
                if (!(v >= 0) || !double.IsFinite(v)) throw Invalid("convergence", $"{ctx}: convergence must be a count >= 0 (got {Num(v)}).");
                break;
            case ConnectionRuleKind.Divergence:
                if (!(v >= 0) || !double.IsFinite(v)) throw Invalid("divergence", $"{ctx}: divergence must be a count >= 0 (got {Num(v)}).");
                break;
            case ConnectionRuleKind.List:
                if (rule.Pairs is null) throw Invalid("pairs", $"{ctx}: a list rule needs its (pre, post) pairs.");
                break;
        }
        CheckSpec(rule.Weight, "weight", ctx);
        CheckSpec(rule.Delay, "delay", ctx);
        if (rule.Delay.IsConstant && !(rule.Delay.A >= 0)) throw Invalid("delay", $"{ctx}: delay must be >= 0 ms (got {Num(rule.Delay.A)}).");
    }

    /// <summary>The values a cell's stimulus got, where its source evaluates some per target cell; null otherwise.</summary>
    private static StimSourceDefinition? PerTargetValues(StimSourceDefinition cellSource, Dictionary<string, StimSourceDefinition> sourceByName) =>
        sourceByName[cellSource.Name].PerTarget ? cellSource : null;

    private static void ValidateSource(StimSourceDefinition source) => ValidateSource(source, $"Stim source '{source.Name}'", population: false);

    private static void ValidateSource(StimSourceDefinition source, string ctx, bool population)
    {
        switch (source)
        {
            case NetStimSource s:
                if (s.Rate is null && s.Interval is null && s.RateSpec is null && s.IntervalSpec is null) throw Invalid("rate", $"{ctx}: a NetStim needs a rate (Hz) or an interval (ms).");
                if (population && s.PerTarget) throw Invalid("rate", $"{ctx}: a NetStim population's parameters are numbers; expressions evaluated per cell belong to a stim source.");
                if (s.Rate is { } rate && (!(rate > 0) || !double.IsFinite(rate))) throw Invalid("rate", $"{ctx}: rate must be > 0 Hz (got {Num(rate)}).");
                if (s.Rate is null && s.Interval is { } interval && (!(interval > 0) || !double.IsFinite(interval))) throw Invalid("interval", $"{ctx}: interval must be > 0 ms (got {Num(interval)}).");
                if (!(s.Noise >= 0 && s.Noise <= 1)) throw Invalid("noise", $"{ctx}: noise {Num(s.Noise)} is outside [0, 1].");
                if (!(s.Number >= 0)) throw Invalid("number", $"{ctx}: number must be >= 0 (got {Num(s.Number)}).");
                if (!double.IsFinite(s.Start)) throw Invalid("start", $"{ctx}: start must be finite.");
                if (s.Seed is < 0) throw Invalid("seed", $"{ctx}: seed must be >= 0.");
                break;
            case IClampSource c:
                if (!(c.Duration >= 0) || !double.IsFinite(c.Duration)) throw Invalid("dur", $"{ctx}: dur must be >= 0 ms (got {Num(c.Duration)}).");
                if (!double.IsFinite(c.Delay)) throw Invalid("del", $"{ctx}: del must be finite.");
                if (!double.IsFinite(c.Amplitude)) throw Invalid("amp", $"{ctx}: amp must be finite.");
                break;
            case VecStimSource v:
                foreach (double t in v.Times)
                {
                    if (!(t >= 0) || !double.IsFinite(t)) throw Invalid("times", $"{ctx}: spike time {Num(t)} must be >= 0 ms.");
                }
                if (!population && (v.Rate is not null || v.Interval is not null || v.Pulses.Count > 0))
                    throw Invalid(v.Pulses.Count > 0 ? "pulses" : "rate", $"{ctx}: a VecStim stimulus fires its given times; a rate, an interval and pulses belong to VecStim populations.");
                if (v.File is not null && v.Trains is not null)
                    throw Invalid("file", $"{ctx}: give the spike trains either inline or in a file, not both.");
                if (!double.IsFinite(v.Start)) throw Invalid("start", $"{ctx}: start must be finite.");
                if (v.Seed is < 0) throw Invalid("seed", $"{ctx}: seed must be >= 0.");
                break;
        }
    }

    internal static void CheckSpec(ValueSpec spec, string name, string context)
    {
        if (!double.IsFinite(spec.A) || !double.IsFinite(spec.B)) throw Invalid(name, $"{context}: {name} must be finite.");
        if (spec.Kind == ValueKind.Normal && spec.B < 0) throw Invalid(name, $"{context}: {name} = normal(mean, variance) needs a variance >= 0 (got {Num(spec.B)}).");
        if (spec.Kind == ValueKind.Uniform && spec.B < spec.A) throw Invalid(name, $"{context}: {name} = uniform(low, high) needs low <= high.");
    }

    internal static NetDslModelException Invalid(string parameter, string message) => new(parameter, message);

    internal static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

internal readonly record struct BuildTiming(double CreateTime, double ConnectTime, double StimsTime);
