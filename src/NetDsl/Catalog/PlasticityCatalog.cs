// The plasticity mechanisms NetDsl runs on connections (NetPyNE's connParams 'plast'), with their parameters as
// their mod files declare them. Plain C# that builds for netstandard2.0, like MechanismCatalog.cs, so that the
// source generator can link it next to the mechanism catalog.
using System;
using System.Collections.Generic;

#if NETDSL_GENERATOR
namespace NetDsl.Generators.Catalog
#else
namespace NetDsl.Catalog
#endif
{
    /// <summary>Plasticity mechanisms of connections: NetPyNE's <c>'plast': {'mech': ..., 'params': {...}}</c>.</summary>
    public static class PlasticityCatalog
    {
        private const double Inf = double.PositiveInfinity;

        /// <summary>NetPyNE's STDP mechanism (examples/RL_arm/stdp.mod, the one NetPyNE wires for <c>'mech': 'STDP'</c>).</summary>
        public const string StdpName = "STDP";

        /// <summary>
        /// stdp.mod's PARAMETER block in declaration order, with its defaults (<c>skip</c>, which NET_RECEIVE resets
        /// on every event, is left out). The flags (useRLexp, softthresh, STDPon, RLon) are numbers as in the mod
        /// file: STDPon, RLon and softthresh are on when exactly 1, useRLexp selects the exponential traces when not 0.
        /// </summary>
        public static readonly ParameterInfo[] StdpParameters =
        {
            new ParameterInfo("tauhebb", Quantity.Time, 10, 0, Inf, minExclusive: true, description: "decay of the Hebbian (pre before post) adjustment"),
            new ParameterInfo("tauanti", Quantity.Time, 10, 0, Inf, minExclusive: true, description: "decay of the anti-Hebbian (post before pre) adjustment"),
            new ParameterInfo("hebbwt", Quantity.None, 1.0, description: "Hebbian adjustment as the interval approaches 0"),
            new ParameterInfo("antiwt", Quantity.None, -1.0, description: "anti-Hebbian adjustment as the interval approaches 0"),
            new ParameterInfo("RLwindhebb", Quantity.Time, 10, 0, Inf, description: "longest pre-post interval that starts a Hebbian eligibility trace"),
            new ParameterInfo("RLwindanti", Quantity.Time, 10, 0, Inf, description: "longest post-pre interval that starts an anti-Hebbian eligibility trace"),
            new ParameterInfo("useRLexp", Quantity.None, 0, 0, 1, description: "0: binary eligibility traces; 1: exponentially decaying ones"),
            new ParameterInfo("RLlenhebb", Quantity.Time, 100, 0, Inf, minExclusive: true, description: "length (or decay time) of the Hebbian eligibility trace"),
            new ParameterInfo("RLlenanti", Quantity.Time, 100, 0, Inf, minExclusive: true, description: "length (or decay time) of the anti-Hebbian eligibility trace"),
            new ParameterInfo("RLhebbwt", Quantity.None, 1.0, description: "gain of the reward signal through the Hebbian trace"),
            new ParameterInfo("RLantiwt", Quantity.None, -1.0, description: "gain of the reward signal through the anti-Hebbian trace"),
            new ParameterInfo("wmax", Quantity.Conductance, 15.0, 0, Inf, description: "largest weight; weights are clipped to [0, wmax]"),
            new ParameterInfo("softthresh", Quantity.None, 0, 0, 1, description: "1: scale increases by 1 - w/wmax and decreases by w/wmax"),
            new ParameterInfo("STDPon", Quantity.None, 1, 0, 1, description: "1: spike-timing adjustments on"),
            new ParameterInfo("RLon", Quantity.None, 1, 0, 1, description: "1: eligibility traces and reward_punish on"),
            new ParameterInfo("verbose", Quantity.None, 0, description: "the mod file's debug prints (NetDsl prints nothing)"),
        };

        /// <summary>The standard pair-based STDP of NEST's stdp_synapse and Brian2's STDP example (docs/plasticity.md).</summary>
        public const string PairStdpName = "pairSTDP";

        /// <summary>
        /// pairSTDP's parameters, NEST's stdp_synapse names with its defaults, except <c>Wmax</c>, which has none (NaN:
        /// it must be given; NEST's 100 is in its own weight unit). The exponents are numbers, not flags: 0 additive,
        /// 1 multiplicative, anything between a power law.
        /// </summary>
        public static readonly ParameterInfo[] PairStdpParameters =
        {
            new ParameterInfo("tau_plus", Quantity.Time, 20, 0, Inf, minExclusive: true, description: "decay of the presynaptic trace (potentiation window)"),
            new ParameterInfo("tau_minus", Quantity.Time, 20, 0, Inf, minExclusive: true, description: "decay of the postsynaptic trace (depression window)"),
            new ParameterInfo("lambda", Quantity.None, 0.01, 0, Inf, description: "step size of potentiation, relative to Wmax"),
            new ParameterInfo("alpha", Quantity.None, 1.0, 0, Inf, description: "depression step relative to potentiation (alpha * lambda)"),
            new ParameterInfo("mu_plus", Quantity.None, 1.0, 0, Inf, description: "weight dependence of potentiation: 0 additive, 1 multiplicative"),
            new ParameterInfo("mu_minus", Quantity.None, 1.0, 0, Inf, description: "weight dependence of depression: 0 additive, 1 multiplicative"),
            new ParameterInfo("Wmax", Quantity.Conductance, double.NaN, 0, Inf, minExclusive: true, description: "largest weight (required); weights stay in [0, Wmax]"),
        };

        /// <summary>
        /// Every plasticity mechanism NetDsl runs: the names of <c>plast=</c> in .netdsl files (the source generator builds
        /// its parameter tables from this list) and of a definition's <c>ConnectionDefinition.Plasticity</c>.
        /// </summary>
        public static readonly string[] Names = { StdpName, PairStdpName };

        /// <summary>The parameters of a plasticity mechanism, or null when NetDsl does not run it.</summary>
        public static IReadOnlyList<ParameterInfo>? ParametersOf(string mechanism) =>
            string.Equals(mechanism, StdpName, StringComparison.Ordinal) ? StdpParameters
            : string.Equals(mechanism, PairStdpName, StringComparison.Ordinal) ? PairStdpParameters
            : null;

        /// <summary>Index of a parameter of <see cref="PairStdpParameters"/> by its exact (case-sensitive) name, or -1.</summary>
        public static int IndexOfPairStdp(string name)
        {
            for (int i = 0; i < PairStdpParameters.Length; i++)
            {
                if (PairStdpParameters[i].Name == name) return i;
            }
            return -1;
        }

        /// <summary>Index of a parameter of <see cref="StdpParameters"/> by its exact (case-sensitive) name, or -1.</summary>
        public static int IndexOfStdp(string name)
        {
            for (int i = 0; i < StdpParameters.Length; i++)
            {
                if (StdpParameters[i].Name == name) return i;
            }
            return -1;
        }
    }
}
