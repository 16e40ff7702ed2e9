using NetDsl.Catalog;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Kernels.Plasticity;

/// <summary>
/// The checked parameters of one connection rule's plasticity, shared by its connections: <see cref="StdpParameters"/>
/// (NetPyNE's STDP mechanism) or <see cref="PairStdpParameters"/> (the pair-based STDP).
/// </summary>
internal abstract class PlasticRuleParameters
{
    /// <summary>The rule as the definition gives it.</summary>
    public abstract PlasticityDefinition Definition { get; }

    /// <summary>The mechanism's name (<c>STDP</c>, <c>pairSTDP</c>).</summary>
    public string Mechanism => Definition.Mechanism;

    /// <summary>A parameter finite and inside its catalog range; <paramref name="where"/> names it in the message.</summary>
    /// <exception cref="NetDslModelException">The value is not finite or outside the range.</exception>
    protected static void CheckRange(ParameterInfo info, string name, double value, string where)
    {
        if (!double.IsFinite(value)) throw NetworkBuilder.Invalid(name, $"{where} must be finite (got {NetworkBuilder.Num(value)}).");
        if (info.Allows(value)) return;
        string bound = info.MinExclusive ? $"> {NetworkBuilder.Num(info.Min)}" : $">= {NetworkBuilder.Num(info.Min)}";
        throw NetworkBuilder.Invalid(name, $"{where} must be {bound} (got {NetworkBuilder.Num(value)}).");
    }

    /// <summary>The checked parameters of a connection rule's plasticity; null when the rule has none.</summary>
    /// <exception cref="NetDslModelException">An unknown mechanism or parameter, or a value outside its range.</exception>
    public static PlasticRuleParameters? Resolve(PlasticityDefinition? plasticity, string context)
    {
        switch (plasticity)
        {
            case null:
                return null;
            case StdpRule rule:
                return StdpParameters.Check(rule, context);
            case PairStdpRule pair:
                return PairStdpParameters.Check(pair, context);
            case PlasticityMechanism mechanism when mechanism.Name == PlasticityCatalog.StdpName:
                if (!StdpRule.TryFromParameters(mechanism.Parameters ?? [], out var stdp, out string? stdpError))
                    throw NetworkBuilder.Invalid("plast", $"{context}: {stdpError}");
                return StdpParameters.Check(stdp!, context);
            case PlasticityMechanism mechanism when mechanism.Name == PlasticityCatalog.PairStdpName:
                if (!PairStdpRule.TryFromParameters(mechanism.Parameters ?? [], out var typed, out string? pairError))
                    throw NetworkBuilder.Invalid("plast", $"{context}: {pairError}");
                return PairStdpParameters.Check(typed!, context);
            default:
                string name = plasticity is PlasticityMechanism untyped ? untyped.Name : plasticity.Mechanism;
                string? sameLetters = PlasticityCatalog.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                string hint = sameLetters is not null ? $" (did you mean '{sameLetters}'?)" : string.Empty;
                throw NetworkBuilder.Invalid("plast", $"{context}: plasticity mechanism '{name}' is not supported{hint}; NetDsl runs " +
                    $"'{PlasticityCatalog.StdpName}' (NetPyNE's examples/RL_arm/stdp.mod) and '{PlasticityCatalog.PairStdpName}' (pair-based STDP, docs/plasticity.md).");
        }
    }
}
