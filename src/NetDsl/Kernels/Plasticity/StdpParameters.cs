using NetDsl.Catalog;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Kernels.Plasticity;

/// <summary>The checked parameters of one rule's STDP mechanism (stdp.mod's PARAMETER block), shared by its connections.</summary>
internal sealed class StdpParameters : PlasticRuleParameters
{
    public required double TauHebb { get; init; }
    public required double TauAnti { get; init; }
    public required double HebbWt { get; init; }
    public required double AntiWt { get; init; }
    public required double RLWindHebb { get; init; }
    public required double RLWindAnti { get; init; }
    public required double UseRLExp { get; init; }
    public required double RLLenHebb { get; init; }
    public required double RLLenAnti { get; init; }
    public required double RLHebbWt { get; init; }
    public required double RLAntiWt { get; init; }
    public required double WMax { get; init; }
    public required double SoftThresh { get; init; }
    public required double StdpOn { get; init; }
    public required double RLOn { get; init; }

    /// <summary>The rule as the definition gives it.</summary>
    public required StdpRule Rule { get; init; }

    public override PlasticityDefinition Definition => Rule;

    /// <summary>The rule's parameters, checked.</summary>
    /// <exception cref="NetDslModelException">A value outside its range.</exception>
    public static StdpParameters Check(StdpRule rule, string context)
    {
        foreach (var (name, value) in rule.Parameters())
        {
            var info = PlasticityCatalog.StdpParameters[PlasticityCatalog.IndexOfStdp(name)];
            string where = $"{context}: STDP {name}";
            if (name is "useRLexp" or "softthresh" or "STDPon" or "RLon")
            {
                if (value != 0 && value != 1) throw NetworkBuilder.Invalid(name, $"{where} is a flag: it must be 0 or 1 (got {NetworkBuilder.Num(value)}).");
                continue;
            }
            CheckRange(info, name, value, where);
        }
        if (rule.SoftThresh == 1 && rule.WMax == 0)
            throw NetworkBuilder.Invalid("wmax", $"{context}: STDP wmax must be > 0 with softthresh = 1 (soft thresholding divides by wmax).");
        return new StdpParameters
        {
            TauHebb = rule.TauHebb, TauAnti = rule.TauAnti, HebbWt = rule.HebbWt, AntiWt = rule.AntiWt,
            RLWindHebb = rule.RLWindHebb, RLWindAnti = rule.RLWindAnti, UseRLExp = rule.UseRLExp,
            RLLenHebb = rule.RLLenHebb, RLLenAnti = rule.RLLenAnti, RLHebbWt = rule.RLHebbWt, RLAntiWt = rule.RLAntiWt,
            WMax = rule.WMax, SoftThresh = rule.SoftThresh, StdpOn = rule.StdpOn, RLOn = rule.RLOn, Rule = rule,
        };
    }
}
