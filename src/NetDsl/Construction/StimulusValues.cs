using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// What one stim target gives each of its cells: the source with its per-target parameters evaluated for the cell,
/// the weight and the delay. Null arrays mean every cell gets the definition's own values.
/// </summary>
internal readonly record struct StimulusTargetValues(StimSourceDefinition[]? Sources, double[]? Weights, double[]? Delays);

/// <summary>
/// NetPyNE's string stim parameters (network/stim.py:329-380, _stimStrToFunc): for one stim target, every parameter
/// given as an expression or a distribution is evaluated for every target cell in gid order, one parameter after the
/// other in NetPyNE's list order (network/network.py:26-46: del, dur, amp, interval, rate, number, start, noise, then
/// the target's weight and delay), all from the one stream NetPyNE sets before it (stim.py:103-105),
/// Random123(hashStr('stim_' + source type), hashList(sorted target gids), stim seed).
/// </summary>
internal static class StimulusValues
{
    /// <summary>The source's and target's values per cell of <paramref name="gids"/> (sorted), each checked where NetPyNE passes it on unchecked.</summary>
    public static StimulusTargetValues Evaluate(StimTargetDefinition target, StimSourceDefinition source, int[] gids, CellTags[] tags, int stimSeed)
    {
        bool spikes = source is not IClampSource;
        var weight = spikes && !target.WeightValue.IsConstant ? target.WeightValue : (ValueSpec?)null;
        var delay = spikes && !target.DelayValue.IsConstant ? target.DelayValue : (ValueSpec?)null;
        if (!source.PerTarget && weight is null && delay is null) return default;

        var stream = new Random123Stream(NetPyneHash.HashString("stim_" + TypeName(source)), NetPyneHash.HashList(gids), (uint)stimSeed);
        var cells = new PerTarget(gids, tags, $"Stim target '{target.Source}'");
        StimSourceDefinition[]? sources = null;
        switch (source)
        {
            case IClampSource clamp when clamp.PerTarget:
                {
                    var delays = cells.Values(clamp.DelaySpec, ref stream, "del");
                    var durations = cells.Values(clamp.DurationSpec, ref stream, "dur");
                    var amplitudes = cells.Values(clamp.AmplitudeSpec, ref stream, "amp");
                    sources = new StimSourceDefinition[gids.Length];
                    for (int i = 0; i < gids.Length; i++)
                    {
                        sources[i] = clamp with
                        {
                            Delay = delays?[i] ?? clamp.Delay,
                            Duration = durations?[i] ?? clamp.Duration,
                            Amplitude = amplitudes?[i] ?? clamp.Amplitude,
                            DelaySpec = null, DurationSpec = null, AmplitudeSpec = null,
                        };
                    }
                    break;
                }
            case NetStimSource netStim when netStim.PerTarget:
                {
                    var intervals = cells.Values(netStim.IntervalSpec, ref stream, "interval");
                    var rates = cells.Values(netStim.RateSpec, ref stream, "rate");
                    var numbers = cells.Values(netStim.NumberSpec, ref stream, "number");
                    var starts = cells.Values(netStim.StartSpec, ref stream, "start");
                    var noises = cells.Values(netStim.NoiseSpec, ref stream, "noise");
                    sources = new StimSourceDefinition[gids.Length];
                    for (int i = 0; i < gids.Length; i++)
                    {
                        // A rate, written or evaluated, takes precedence over an interval, as in NetPyNE (compartCell.py:1272).
                        double? rate = rates?[i] ?? netStim.Rate;
                        sources[i] = netStim with
                        {
                            Rate = rate,
                            Interval = rate is null ? intervals?[i] ?? netStim.Interval : null,
                            Number = numbers?[i] ?? netStim.Number,
                            Start = starts?[i] ?? netStim.Start,
                            Noise = noises?[i] ?? netStim.Noise,
                            RateSpec = null, IntervalSpec = null, NumberSpec = null, StartSpec = null, NoiseSpec = null,
                        };
                    }
                    break;
                }
        }
        var weights = cells.Values(weight, ref stream, "weight");
        var delaysOfTarget = cells.Values(delay, ref stream, "delay");
        return new StimulusTargetValues(sources, weights, delaysOfTarget);
    }

    /// <summary>NetPyNE's source type, which names the stream.</summary>
    private static string TypeName(StimSourceDefinition source) => source switch
    {
        NetStimSource => "NetStim",
        VecStimSource => "VecStim",
        _ => "IClamp",
    };

    /// <summary>The target cells and how a value that cannot be used is reported.</summary>
    private readonly struct PerTarget(int[] gids, CellTags[] tags, string context)
    {
        /// <summary>The value of <paramref name="spec"/> for every target cell, in gid order; null when not given.</summary>
        public double[]? Values(ValueSpec? spec, ref Random123Stream random, string name)
        {
            if (spec is not { } value) return null;
            var values = new double[gids.Length];
            for (int i = 0; i < gids.Length; i++)
            {
                ref readonly var cell = ref tags[gids[i]];
                values[i] = ValueDraw.Draw(value, ref random, new CellPair(in cell, in cell));
                if (Problem(name, values[i]) is { } problem)
                    throw NetworkBuilder.Invalid(name, System.FormattableString.Invariant($"{context}: the {name} {value} is {values[i]:R} for cell {gids[i]}; {problem}."));
            }
            return values;
        }

        /// <summary>What NEURON would do wrong with the value (NetPyNE passes it on unchecked); null when it is usable.</summary>
        private static string? Problem(string name, double value) => name switch
        {
            "delay" when !(value >= 0) || !double.IsFinite(value) => "it must be finite and >= 0 ms",
            _ when !double.IsFinite(value) => "it must be finite",
            "dur" when value < 0 => "a duration must be >= 0 ms",
            "rate" when !(value > 0) => "a rate must be > 0 Hz",
            "interval" when !(value > 0) => "an interval must be > 0 ms",
            "noise" when value is < 0 or > 1 => "noise must be between 0 and 1",
            "number" when value < 0 => "a number of events must be >= 0",
            _ => null,
        };
    }
}
