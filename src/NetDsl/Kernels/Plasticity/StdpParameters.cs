using NetDsl.Catalog;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Kernels.Plasticity;

/// <summary>The checked parameters of one rule's STDP mechanism (stdp.mod's PARAMETER block), shared by its connections.</summary>
internal sealed class StdpParameters
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

    /// <summary>
    /// The STDP parameters of a connection rule's plasticity, checked; null when the rule has none.
    /// </summary>
    /// <exception cref="NetDslModelException">An unknown mechanism or parameter, or a value outside its range.</exception>
    public static StdpParameters? Resolve(PlasticityDefinition? plasticity, string context)
    {
        switch (plasticity)
        {
            case null:
                return null;
            case StdpRule rule:
                return Check(rule, context);
            case PlasticityMechanism mechanism:
                if (mechanism.Name != PlasticityCatalog.StdpName)
                {
                    string hint = string.Equals(mechanism.Name, PlasticityCatalog.StdpName, StringComparison.OrdinalIgnoreCase) ? $" (did you mean '{PlasticityCatalog.StdpName}'?)" : string.Empty;
                    throw NetworkBuilder.Invalid("plast", $"{context}: plasticity mechanism '{mechanism.Name}' is not supported{hint}; NetDsl runs " +
                        $"'{PlasticityCatalog.StdpName}' (NetPyNE's examples/RL_arm/stdp.mod).");
                }
                if (!StdpRule.TryFromParameters(mechanism.Parameters ?? [], out var typed, out string? error))
                    throw NetworkBuilder.Invalid("plast", $"{context}: {error}");
                return Check(typed!, context);
            default:
                throw NetworkBuilder.Invalid("plast", $"{context}: plasticity '{plasticity.Mechanism}' is not supported; NetDsl runs '{PlasticityCatalog.StdpName}'.");
        }
    }

    private static StdpParameters Check(StdpRule rule, string context)
    {
        foreach (var (name, value) in rule.Parameters())
        {
            var info = PlasticityCatalog.StdpParameters[PlasticityCatalog.IndexOfStdp(name)];
            string where = $"{context}: STDP {name}";
            if (!double.IsFinite(value)) throw NetworkBuilder.Invalid(name, $"{where} must be finite (got {NetworkBuilder.Num(value)}).");
            if (name is "useRLexp" or "softthresh" or "STDPon" or "RLon")
            {
                if (value != 0 && value != 1) throw NetworkBuilder.Invalid(name, $"{where} is a flag: it must be 0 or 1 (got {NetworkBuilder.Num(value)}).");
                continue;
            }
            if (!info.Allows(value))
            {
                string bound = info.MinExclusive ? $"> {NetworkBuilder.Num(info.Min)}" : $">= {NetworkBuilder.Num(info.Min)}";
                throw NetworkBuilder.Invalid(name, $"{where} must be {bound} (got {NetworkBuilder.Num(value)}).");
            }
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
