using NetDsl.Kernels;
using NetDsl.Kernels.Membrane;

namespace NetDsl.Simulation;

/// <summary>
/// The built network as flat arrays (structure of arrays), indexed by cell, synapse slot or stimulus.
/// Everything the simulator needs is allocated here once; the simulator only owns state.
/// A cell is an index into the per-cell arrays: the cells this network simulates are the gids
/// [<see cref="FirstGid"/>, FirstGid + <see cref="CellCount"/>), all of them on one process, one rank's share
/// in a distributed run (cell = gid - FirstGid). Arrays indexed by the sending cell (<see cref="OutSegmentStart"/>)
/// cover every gid: spikes arrive from the whole network.
/// </summary>
internal sealed class CompiledNetwork
{
    /// <summary>The cells simulated here: the length of the per-cell arrays.</summary>
    public required int CellCount { get; init; }
    /// <summary>The gid of cell 0.</summary>
    public int FirstGid { get; init; }
    /// <summary>Every cell of the network (gids [0, GidCount)); <see cref="CellCount"/> unless this is one rank's share.</summary>
    public required int GidCount { get; init; }
    public required double Dt { get; init; }
    public required double VInit { get; init; }

    /// <summary>Per cell: the kernel that advances it.</summary>
    public required CellModel[] Model { get; init; }
    /// <summary>The density mechanisms (hh, pas) of the cells whose model is <see cref="CellModel.Membrane"/>; null when there are none.</summary>
    public DensityMechanisms? Mechanisms { get; init; }

    // Izhi2007b parameters per cell (the arrays from here to the IClamps are indexed by cell, see above).
    public required double[] C { get; init; }
    public required double[] K { get; init; }
    public required double[] Vr { get; init; }
    public required double[] Vt { get; init; }
    public required double[] Vpeak { get; init; }
    public required double[] A { get; init; }
    public required double[] B { get; init; }
    public required double[] ResetC { get; init; }
    public required double[] D { get; init; }
    public required double[] Iin { get; init; }
    public required double[] Alive { get; init; }
    public required RecoveryKind[] Recovery { get; init; }
    public required ResetKind[] Reset { get; init; }
    /// <summary>See <see cref="Izhi2007b.WatchSlope"/>.</summary>
    public required double[] WatchSlope { get; init; }
    public required double[] Threshold { get; init; }

    // Soma section (3 nodes: root x=0, centre x=0.5, end x=1) per cell.
    /// <summary>1e2/area: nA of a point process to mA/cm2 at the centre node.</summary>
    public required double[] Scale { get; init; }
    /// <summary>0.001*(1/dt)*cm, the capacitance term of the centre node's diagonal.</summary>
    public required double[] CapTerm { get; init; }
    public required double[] AxialA1 { get; init; }
    public required double[] AxialB1 { get; init; }
    public required double[] AxialA2 { get; init; }
    public required double[] AxialB2 { get; init; }
    /// <summary>a2 / (0 - b2): triang's factor for the end node (constant, same bits as computed per step).</summary>
    public required double[] EndFactor { get; init; }
    /// <summary>EndFactor * b2.</summary>
    public required double[] EndProduct { get; init; }

    // Exp2Syn slots; a cell's slots are contiguous, in NEURON's summation order (reverse creation).
    /// <summary>Per cell (CellCount + 1 entries): the cell's synapse slots are [CellSlotStart[cell], CellSlotStart[cell + 1]).</summary>
    public required int[] CellSlotStart { get; init; }
    /// <summary>Per slot: its synapse kind (index into the Kind* arrays).</summary>
    public required int[] SlotKind { get; init; }
    // Per synapse kind: reversal potential and the cnexp decay coefficients of A (tau1) and B (tau2).
    public required double[] KindE { get; init; }
    public required double[] KindDecayA { get; init; }
    public required double[] KindDecayB { get; init; }
    /// <summary>Per synapse kind: whether its events add to A (Exp2Syn) or leave it at 0 (ExpSyn keeps its g as B); <see cref="SynapseModels"/>.</summary>
    public required bool[] KindEventsAddToA { get; init; }
    /// <summary>Some synapse kind's events leave A alone (delivery then looks at each slot's kind).</summary>
    public bool SomeKindSkipsA { get; init; }

    // IClamps per cell, reverse creation order.
    public required int[] ClampStart { get; init; }
    public required double[] ClampDelay { get; init; }
    public required double[] ClampEnd { get; init; }
    public required double[] ClampAmp { get; init; }

    // Outgoing connections. A spike of a pre cell puts one entry per segment on the event queue; a segment is a
    // run of the cell's synapses that share the delay and (unless PerSynapseIncrement) the increment, so in the
    // common case a synapse costs only its 4-byte target slot. Delivery adds increments segment by segment, then
    // in slot-array order, which keeps every slot's additions in NEURON's connection order.
    /// <summary>Per pre gid (GidCount + 1 entries): the cell's segments are [OutSegmentStart[gid], OutSegmentStart[gid + 1]).</summary>
    public required int[] OutSegmentStart { get; init; }
    /// <summary>Per segment: the connection delay (ms) of all its synapses.</summary>
    public required double[] SegmentDelay { get; init; }
    /// <summary>Per segment plus an end entry (CSR into synapses): the segment's synapses are [SegmentConnStart[seg], SegmentConnStart[seg + 1]).</summary>
    public required int[] SegmentConnStart { get; init; }
    /// <summary>Per synapse: the target synapse slot (index into the slot arrays; see <see cref="CellSlotStart"/>).</summary>
    public required int[] OutSlot { get; init; }
    /// <summary>
    /// Per segment, when <see cref="PerSynapseIncrement"/> is false: weight * factor of the target synapse kind
    /// (what NET_RECEIVE adds to A and B), shared by all the segment's synapses. Empty otherwise.
    /// </summary>
    public required double[] SegmentIncrement { get; init; }
    /// <summary>Per synapse, when <see cref="PerSynapseIncrement"/> is true: weight * factor. Empty otherwise.</summary>
    public required double[] OutIncrement { get; init; }
    /// <summary>True when some rule draws weights per connection: increments are then kept per synapse.</summary>
    public required bool PerSynapseIncrement { get; init; }
    /// <summary>Largest delay of any connection or stimulus (ms).</summary>
    public required double MaxDelay { get; init; }

    // Event sources that do not depend on the network state: NetStims and VecStims, one per target.
    public required EventSource[] Sources { get; init; }
    /// <summary>Index into <see cref="Network.Stims"/> of each source (for its recorded event times).</summary>
    public required int[] SourceStimIndex { get; init; }

    /// <summary>
    /// The spike trains of the cells of spike-generator populations (NetStim, VecStim), one per such cell: its
    /// <see cref="EventSource.Gid"/> is the cell whose spikes they are (Slot -1: a train targets no synapse itself);
    /// each event is a spike of that cell, delivered through the cell's outgoing connections and recorded.
    /// </summary>
    public EventSource[] SpikeTrains { get; init; } = [];

    /// <summary>
    /// The plastic connections (rules with a plasticity mechanism), delivered through their own queue and not through
    /// the delivery segments above; null when no connection is plastic, so that such networks pay nothing for them.
    /// </summary>
    public Construction.PlasticConnections? Plasticity { get; init; }
}

/// <summary>Which kernel advances a cell.</summary>
internal enum CellModel : byte
{
    /// <summary>The Izhi2007b point process on a passive soma.</summary>
    Izhikevich,
    /// <summary>Density mechanisms only (hh and / or pas): NEURON's current balance on the soma.</summary>
    Membrane,
    /// <summary>A spike generator (NetStim or VecStim population): no membrane; its spikes come from its train.</summary>
    SpikeGenerator,
}

/// <summary>
/// A NetStim or VecStim driving one synapse slot of one cell, or (<see cref="Slot"/> -1) the spike train of a
/// spike-generator cell, whose NetStim stream is keyed by that cell's gid.
/// </summary>
internal sealed class EventSource
{
    public required int Gid { get; init; }
    public required int Slot { get; init; }
    /// <summary>weight * factor of the target synapse kind (what NET_RECEIVE adds to A and B).</summary>
    public required double Increment { get; init; }
    public required double Delay { get; init; }
    public bool IsNetStim { get; init; }
    public double Interval { get; init; }
    public double Noise { get; init; }
    public double Start { get; init; }
    public double Number { get; init; }
    public int Seed { get; init; }
    public double[] Times { get; init; } = [];
}
