using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// Checks of the values a rule computes per connection, where NetPyNE 1.1.0 runs on silently: a NaN weight (its
/// <c>dist_norm2D</c> formula) or a delay below dt stops the build with the rule, the cells and the value; a weight
/// below zero is kept, as NetPyNE keeps it, and counted for a warning.
/// </summary>
internal sealed class ConnectionChecks
{
    private readonly List<string> _warnings = [];
    private string? _rule;
    private int _negativeWeights;
    private double _lowestWeight;

    /// <summary>One line per rule that made connections NetPyNE would make but that deserve a look.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            Flush();
            return _warnings;
        }
    }

    public void Weight(ConnectionDefinition rule, int preGid, int postGid, double weight)
    {
        if (double.IsNaN(weight) || double.IsInfinity(weight))
            throw new NetDslModelException("weight", FormattableString.Invariant(
                $"Connection '{rule.Label}': the weight {rule.Weight} is {weight:R} for {preGid}->{postGid}. {NaNHint(rule.Weight)}"));
        if (weight >= 0) return;
        if (_rule != rule.Label) Flush();
        _rule = rule.Label;
        if (_negativeWeights == 0 || weight < _lowestWeight) _lowestWeight = weight;
        _negativeWeights++;
    }

    public void Delay(ConnectionDefinition rule, int preGid, int postGid, double delay, double dt)
    {
        if (double.IsNaN(delay) || double.IsInfinity(delay))
            throw new NetDslModelException("delay", FormattableString.Invariant(
                $"Connection '{rule.Label}': the delay {rule.Delay} is {delay:R} ms for {preGid}->{postGid}. {NaNHint(rule.Delay)}"));
        if (delay < dt)
            throw new NetDslModelException("delay", FormattableString.Invariant(
                $"Connection '{rule.Label}': the delay {rule.Delay} is {delay:R} ms for {preGid}->{postGid}, below dt = {dt:R} ms (NetPyNE would deliver it within the same step, before the spike could have caused it). Keep every delay at least dt: add a fixed part (d=0.5ms+dist_3D/propVelocity), or use a distribution that stays above it."));
    }

    public void NaNProbability(ConnectionDefinition rule, int preGid, int postGid)
    {
        var spec = rule.RuleSpec;
        throw new NetDslModelException("probability", FormattableString.Invariant(
            $"Connection '{rule.Label}': the probability {spec} is NaN for {preGid}->{postGid} (NetPyNE would silently never connect the pair). {NaNHint(spec)}"));
    }

    private static string NaNHint(ValueSpec spec) =>
        spec.Expression?.ToString() is { } text && text.Contains("dist_norm", StringComparison.Ordinal)
            ? "NetPyNE 1.1.0's dist_norm2D and dist_norm3D take the square root of a signed difference (pre - post), NaN whenever the presynaptic cell lies below the postsynaptic one; for the Euclidean normalized distance write sqrt(dist_xnorm**2 + dist_ynorm**2 + dist_znorm**2)."
            : "Keep the expression finite for every pair (a division by zero, log of a value <= 0 or a negative number under sqrt gives NaN or infinity).";

    private void Flush()
    {
        if (_negativeWeights > 0)
            _warnings.Add(FormattableString.Invariant(
                $"Connection '{_rule}': {_negativeWeights} connection(s) got a weight below zero (lowest {_lowestWeight:R}); NetPyNE keeps them, and so does NetDsl: a negative weight reverses the synapse's conductance."));
        _negativeWeights = 0;
        _rule = null;
    }
}
