namespace NetDsl.Simulation;

/// <summary>
/// The weights of a run's plastic connections (<see cref="SimulationResult.Weights"/>): per connection its initial
/// and final weight and its samples at <see cref="SampleTimes"/>, and, when asked for, every change.
/// </summary>
public sealed class PlasticWeights
{
    /// <summary>The plastic connections in NetPyNE's connection order (post gid, then the cell's connection order).</summary>
    public required IReadOnlyList<PlasticConnectionWeights> Connections { get; init; }

    /// <summary>
    /// Times of the samples (ms): 0, step, 2·step, ... (accumulated by + step, as NEURON's
    /// <c>Vector.record(ref, step)</c>) up to the end of the run; empty when no
    /// <see cref="Definition.SimulationSettings.WeightRecordStep"/> was set.
    /// </summary>
    public required double[] SampleTimes { get; init; }

    /// <summary>The sampling interval (ms), or null when the weights were not sampled.</summary>
    public double? RecordStep { get; init; }

    /// <summary>
    /// Every update that changed a weight, in the order they happened, when
    /// <see cref="Definition.SimulationSettings.RecordWeightChanges"/> is set; empty otherwise.
    /// </summary>
    public required IReadOnlyList<WeightChange> Changes { get; init; }

    /// <summary>Whether <see cref="Changes"/> was recorded.</summary>
    public bool ChangesRecorded { get; init; }

    /// <summary>Number of updates that changed a weight (counted whether or not <see cref="Changes"/> was recorded).</summary>
    public long ChangeCount { get; init; }

    /// <summary>The weights of the connections of <paramref name="rules"/> only, numbered anew (their changes too).</summary>
    public PlasticWeights Only(Definition.RuleLabels rules)
    {
        var kept = new List<PlasticConnectionWeights>();
        var index = new int[Connections.Count];
        for (int p = 0; p < Connections.Count; p++)
        {
            index[p] = rules.Contains(Connections[p].Rule) ? kept.Count : -1;
            if (index[p] >= 0) kept.Add(Connections[p]);
        }
        var changes = new List<WeightChange>();
        long changeCount = 0;
        foreach (var change in Changes)
        {
            if (index[change.Connection] >= 0) changes.Add(change with { Connection = index[change.Connection] });
        }
        foreach (var connection in kept) changeCount += connection.UpdateCount;
        return new PlasticWeights
        {
            Connections = kept, SampleTimes = SampleTimes, RecordStep = RecordStep, Changes = changes, ChangesRecorded = ChangesRecorded,
            ChangeCount = changeCount,
        };
    }

    /// <summary>The plastic connection from <paramref name="preGid"/> to <paramref name="postGid"/> (the first one if there are several).</summary>
    public PlasticConnectionWeights Find(int preGid, int postGid) =>
        Connections.FirstOrDefault(c => c.PreGid == preGid && c.PostGid == postGid)
        ?? throw new ArgumentException($"No plastic connection {preGid} -> {postGid}.", nameof(preGid));
}

/// <summary>
/// One plastic connection's weights. <see cref="Samples"/>[i] is the weight at
/// <see cref="PlasticWeights.SampleTimes"/>[i]: the weight after every update due before that time (an update at
/// exactly the sample time comes after the sample when it was scheduled later than the sample, as NEURON orders them).
/// </summary>
/// <param name="ConnectionIndex">Index in <see cref="SimulationResult.Connections"/>.</param>
/// <param name="Rule">Label of the connection rule.</param>
/// <param name="Mechanism">The plasticity mechanism (<c>STDP</c>).</param>
/// <param name="FinalWeight">The weight when the run ended (after the events NEURON delivers at the last step's end).</param>
/// <param name="UpdateCount">Updates that changed this weight.</param>
public sealed record PlasticConnectionWeights(
    int ConnectionIndex,
    int PreGid,
    int PostGid,
    string Rule,
    string Synapse,
    string Mechanism,
    double InitialWeight,
    double FinalWeight,
    double[] Samples,
    long UpdateCount);

/// <summary>
/// A change of a plastic weight: connection <paramref name="Connection"/> (index in
/// <see cref="PlasticWeights.Connections"/>) went from <paramref name="Before"/> to <paramref name="After"/> at
/// <paramref name="Time"/> (NEURON's t when the mechanism ran: the event's time, or the time of a reward).
/// <paramref name="RecordedAt"/> is the first grid time whose per-step record (<c>Vector.record(ref)</c>, sampled
/// after each step's integration) shows the new value: t_{k+1} for a change made in the delivery at t_k.
/// </summary>
public readonly record struct WeightChange(int Connection, double Time, double RecordedAt, double Before, double After);
