using NetDsl.Catalog;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Kernels.Plasticity;

/// <summary>The checked parameters of one rule's pair-based STDP (<see cref="PairStdpRule"/>), shared by its connections.</summary>
internal sealed class PairStdpParameters : PlasticRuleParameters
{
    public required double TauPlus { get; init; }
    public required double TauMinus { get; init; }
    public required double Lambda { get; init; }
    public required double Alpha { get; init; }
    public required double MuPlus { get; init; }
    public required double MuMinus { get; init; }
    public required double WMax { get; init; }

    /// <summary>The rule as the definition gives it.</summary>
    public required PairStdpRule Rule { get; init; }

    /// <summary>What error messages call the connection rule (<c>Connection 'E->E'</c>).</summary>
    public required string Context { get; init; }

    public override PlasticityDefinition Definition => Rule;

    /// <summary>The rule's parameters, checked.</summary>
    /// <exception cref="NetDslModelException">A value outside its range, or no Wmax.</exception>
    public static PairStdpParameters Check(PairStdpRule rule, string context)
    {
        foreach (var (name, value) in rule.Parameters())
        {
            var info = PlasticityCatalog.PairStdpParameters[PlasticityCatalog.IndexOfPairStdp(name)];
            string where = $"{context}: pairSTDP {name}";
            if (name == "Wmax" && double.IsNaN(value))
                throw NetworkBuilder.Invalid(name, $"{where} is required: the largest weight, in the connection's weight unit (e.g. pairSTDP(Wmax=0.01, ...)).");
            CheckRange(info, name, value, where);
        }
        return new PairStdpParameters
        {
            TauPlus = rule.TauPlus, TauMinus = rule.TauMinus, Lambda = rule.Lambda, Alpha = rule.Alpha,
            MuPlus = rule.MuPlus, MuMinus = rule.MuMinus, WMax = rule.WMax, Rule = rule, Context = context,
        };
    }
}
