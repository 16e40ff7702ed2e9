using NetDsl.Catalog;
using NetDsl.Definition;

namespace NetDsl.Kernels;

/// <summary>
/// The synapse models as the engines store them: every model is a pair (A, B) per synapse with g = B − A, both
/// decaying by cnexp's exact exponential step, the current g·(v − e) at the half step, and an event adding
/// weight·factor to B and, for models that have it, to A. Exp2Syn uses both; ExpSyn keeps its g as B and never
/// touches A (which stays 0, so B − A is its g bit for bit). Adding a model with this shape is a catalog entry,
/// a <see cref="SynapseModel"/> member and its cases here.
/// </summary>
internal static class SynapseModels
{
    public static MechanismInfo Info(SynapseModel model) => model switch
    {
        SynapseModel.ExpSyn => MechanismCatalog.ExpSyn,
        _ => MechanismCatalog.Exp2Syn,
    };

    /// <summary>NEURON sums a node's point-process currents by mechanism type: the catalog's order.</summary>
    public static int TypeOrder(SynapseModel model) => Array.IndexOf(MechanismCatalog.All, Info(model));

    /// <summary>Whether an event adds to A (Exp2Syn) or only to B (ExpSyn).</summary>
    public static bool EventsAddToA(SynapseModel model) => model != SynapseModel.ExpSyn;

    /// <summary>What an event's weight is multiplied by: Exp2Syn's peak normalisation, 1 for ExpSyn.</summary>
    public static double Factor(SynapseDefinition synapse) =>
        synapse.Model == SynapseModel.ExpSyn ? 1.0 : Exp2Syn.PeakFactor(synapse.Tau1, synapse.Tau2);

    /// <summary>cnexp's decay coefficients of A and B over dt (ExpSyn's unused A decays like its g, so it stays finite).</summary>
    public static (double A, double B) Decay(SynapseDefinition synapse, double dt) => synapse.Model == SynapseModel.ExpSyn
        ? (Exp2Syn.DecayCoefficient(dt, synapse.Tau2), Exp2Syn.DecayCoefficient(dt, synapse.Tau2))
        : (Exp2Syn.DecayCoefficient(dt, Exp2Syn.EffectiveTau1(synapse.Tau1, synapse.Tau2)), Exp2Syn.DecayCoefficient(dt, synapse.Tau2));

    /// <summary>The definition's parameters by their catalog names, in catalog order (NetPyNE's synMechParams keys).</summary>
    public static (string Name, double Value)[] Parameters(SynapseDefinition synapse) => synapse.Model switch
    {
        SynapseModel.ExpSyn => [("tau", synapse.Tau2), ("e", synapse.E)],
        _ => [("tau1", synapse.Tau1), ("tau2", synapse.Tau2), ("e", synapse.E)],
    };

    /// <summary>
    /// A synapse of the catalog's model <paramref name="model"/> from parameters named as in the catalog; the ones
    /// left out take its defaults.
    /// </summary>
    public static SynapseDefinition Create(string model, string name, IReadOnlyList<(string Name, double Value)> parameters)
    {
        var synapseModel = Enum.GetValues<SynapseModel>().FirstOrDefault(m => Info(m).Name == model);
        var info = Info(synapseModel);
        if (info.Name != model) throw new ArgumentException($"Unknown synapse model '{model}'.", nameof(model));
        var values = info.Parameters.Select(p => p.Default).ToArray();
        foreach (var (parameter, value) in parameters)
        {
            int at = info.IndexOf(parameter);
            if (at < 0) throw new ArgumentException($"'{parameter}' is not a parameter of {model}.", nameof(parameters));
            values[at] = value;
        }
        return synapseModel == SynapseModel.ExpSyn
            ? SynapseDefinition.ExpSyn(name, values[0], values[1])
            : new SynapseDefinition(name, values[0], values[1], values[2]);
    }

    /// <summary>The definition's time constants and reversal, checked: the catalog's parameter at fault and the message.</summary>
    public static (string Parameter, string Message)? Problem(SynapseDefinition synapse)
    {
        string ctx = $"Synapse '{synapse.Name}' ({Info(synapse.Model).Name})";
        static bool Positive(double tau) => tau > 0 && double.IsFinite(tau);
        if (synapse.Model == SynapseModel.ExpSyn)
        {
            if (!Positive(synapse.Tau2)) return ("tau", $"{ctx}: tau must be > 0 ms (got {Format(synapse.Tau2)}).");
        }
        else
        {
            if (!Positive(synapse.Tau1)) return ("tau1", $"{ctx}: tau1 must be > 0 ms (got {Format(synapse.Tau1)}).");
            if (!Positive(synapse.Tau2)) return ("tau2", $"{ctx}: tau2 must be > 0 ms (got {Format(synapse.Tau2)}).");
        }
        return double.IsFinite(synapse.E) ? null : ("e", $"{ctx}: reversal e must be finite.");
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
