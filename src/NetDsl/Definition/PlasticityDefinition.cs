using System.Globalization;
using NetDsl.Catalog;

namespace NetDsl.Definition;

/// <summary>
/// Plasticity of every connection a rule makes: NetPyNE's <c>connParams[...]['plast'] = {'mech': ..., 'params': {...}}</c>,
/// set with <see cref="ConnectionDefinition.Plasticity"/>. NetDsl runs NetPyNE's <c>STDP</c> mechanism
/// (<see cref="StdpRule"/>) and the standard pair-based STDP (<see cref="PairStdpRule"/>, <c>pairSTDP</c>);
/// <see cref="PlasticityMechanism"/> is the untyped form (a mechanism name and its
/// parameters by name), which the builder resolves and rejects when the mechanism is not one NetDsl runs.
/// See docs/plasticity.md.
/// </summary>
public abstract record PlasticityDefinition
{
    /// <summary>The mechanism's name, NetPyNE's <c>'mech'</c> (<c>STDP</c>, <c>pairSTDP</c>).</summary>
    public abstract string Mechanism { get; }

    /// <summary>
    /// The rule of a mechanism NetDsl runs (<see cref="PlasticityCatalog.Names"/>) from its parameters by name:
    /// <see cref="StdpRule.FromParameters"/> or <see cref="PairStdpRule.FromParameters"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown mechanism or parameter, or a value that is not a constant.</exception>
    public static PlasticityDefinition FromParameters(string mechanism, IEnumerable<NamedValue> parameters) => mechanism switch
    {
        PlasticityCatalog.StdpName => StdpRule.FromParameters(parameters),
        PlasticityCatalog.PairStdpName => PairStdpRule.FromParameters(parameters),
        _ => throw new ArgumentException($"Plasticity mechanism '{mechanism}' is not supported; NetDsl runs {string.Join(" and ", PlasticityCatalog.Names.Select(n => $"'{n}'"))}.", nameof(mechanism)),
    };
}

/// <summary>
/// NetPyNE's STDP mechanism (examples/RL_arm/stdp.mod) on a connection: nearest-pair spike-timing-dependent
/// plasticity with Hebbian (pre before post) and anti-Hebbian (post before pre) adjustments applied 1 ms after the
/// spike that completes the pair, optional soft thresholding, the weight clipped to [0, <see cref="WMax"/>], and
/// the eligibility traces of its reinforcement-learning part. Every property is the mod file's parameter of the
/// same name (NetPyNE's <c>'params'</c> keys, <see cref="Parameters"/>) with its default.
/// </summary>
public sealed record StdpRule : PlasticityDefinition
{
    public override string Mechanism => PlasticityCatalog.StdpName;

    /// <summary>tauhebb (ms): decay of the Hebbian adjustment with the pre-post interval.</summary>
    public double TauHebb { get; init; } = Default("tauhebb");
    /// <summary>tauanti (ms): decay of the anti-Hebbian adjustment with the post-pre interval.</summary>
    public double TauAnti { get; init; } = Default("tauanti");
    /// <summary>hebbwt: the Hebbian adjustment as the interval approaches 0 (positive for potentiation).</summary>
    public double HebbWt { get; init; } = Default("hebbwt");
    /// <summary>antiwt: the anti-Hebbian adjustment as the interval approaches 0 (negative for depression).</summary>
    public double AntiWt { get; init; } = Default("antiwt");
    /// <summary>RLwindhebb (ms): longest pre-post interval that starts a Hebbian eligibility trace.</summary>
    public double RLWindHebb { get; init; } = Default("RLwindhebb");
    /// <summary>RLwindanti (ms): longest post-pre interval that starts an anti-Hebbian eligibility trace.</summary>
    public double RLWindAnti { get; init; } = Default("RLwindanti");
    /// <summary>useRLexp: 0 for binary eligibility traces, 1 for exponentially decaying ones.</summary>
    public double UseRLExp { get; init; } = Default("useRLexp");
    /// <summary>RLlenhebb (ms): length (binary) or decay time (exponential) of the Hebbian eligibility trace.</summary>
    public double RLLenHebb { get; init; } = Default("RLlenhebb");
    /// <summary>RLlenanti (ms): length or decay time of the anti-Hebbian eligibility trace.</summary>
    public double RLLenAnti { get; init; } = Default("RLlenanti");
    /// <summary>RLhebbwt: gain of a reward through the Hebbian trace.</summary>
    public double RLHebbWt { get; init; } = Default("RLhebbwt");
    /// <summary>RLantiwt: gain of a reward through the anti-Hebbian trace.</summary>
    public double RLAntiWt { get; init; } = Default("RLantiwt");
    /// <summary>wmax (uS): the largest weight; every adjustment clips the weight to [0, wmax].</summary>
    public double WMax { get; init; } = Default("wmax");
    /// <summary>softthresh: 1 scales increases by 1 - w/wmax and decreases by w/wmax.</summary>
    public double SoftThresh { get; init; } = Default("softthresh");
    /// <summary>STDPon: 1 turns the spike-timing adjustments on.</summary>
    public double StdpOn { get; init; } = Default("STDPon");
    /// <summary>RLon: 1 turns the eligibility traces (and <c>reward_punish</c>) on.</summary>
    public double RLOn { get; init; } = Default("RLon");
    /// <summary>verbose: the mod file's debug prints; accepted and ignored (NetDsl prints nothing).</summary>
    public double Verbose { get; init; } = Default("verbose");

    /// <summary>The parameters by their stdp.mod (NetPyNE) names, in the mod file's order.</summary>
    public IReadOnlyList<(string Name, double Value)> Parameters() =>
    [
        ("tauhebb", TauHebb), ("tauanti", TauAnti), ("hebbwt", HebbWt), ("antiwt", AntiWt),
        ("RLwindhebb", RLWindHebb), ("RLwindanti", RLWindAnti), ("useRLexp", UseRLExp), ("RLlenhebb", RLLenHebb),
        ("RLlenanti", RLLenAnti), ("RLhebbwt", RLHebbWt), ("RLantiwt", RLAntiWt), ("wmax", WMax),
        ("softthresh", SoftThresh), ("STDPon", StdpOn), ("RLon", RLOn), ("verbose", Verbose),
    ];

    /// <summary>
    /// The rule NetPyNE's <c>'params'</c> dictionary describes: each name is a stdp.mod parameter, case as in the mod
    /// file (<c>hebbwt</c>, <c>RLon</c>); the ones left out keep their defaults. Values must be constants.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a parameter of STDP, or a value is not a constant.</exception>
    public static StdpRule FromParameters(IEnumerable<NamedValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return TryFromParameters(parameters, out var rule, out string? error) ? rule! : throw new ArgumentException(error, nameof(parameters));
    }

    /// <summary><see cref="FromParameters"/> that reports the first problem instead of throwing.</summary>
    internal static bool TryFromParameters(IEnumerable<NamedValue> parameters, out StdpRule? rule, out string? error)
    {
        var values = PlasticityCatalog.StdpParameters.Select(p => p.Default).ToArray();
        rule = null;
        foreach (var parameter in parameters)
        {
            int at = PlasticityCatalog.IndexOfStdp(parameter.Name);
            if (at < 0)
            {
                error = UnknownParameter(parameter.Name);
                return false;
            }
            if (!parameter.Value.IsConstant)
            {
                error = $"STDP parameter '{parameter.Name}' must be a number (got {parameter.Value}).";
                return false;
            }
            values[at] = parameter.Value.A;
        }
        error = null;
        rule = new StdpRule
        {
            TauHebb = values[0], TauAnti = values[1], HebbWt = values[2], AntiWt = values[3],
            RLWindHebb = values[4], RLWindAnti = values[5], UseRLExp = values[6], RLLenHebb = values[7],
            RLLenAnti = values[8], RLHebbWt = values[9], RLAntiWt = values[10], WMax = values[11],
            SoftThresh = values[12], StdpOn = values[13], RLOn = values[14], Verbose = values[15],
        };
        return true;
    }

    internal static string UnknownParameter(string name)
    {
        string names = string.Join(", ", PlasticityCatalog.StdpParameters.Select(p => p.Name));
        var sameLetters = PlasticityCatalog.StdpParameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        string hint = sameLetters is not null ? $" Did you mean '{sameLetters.Name}'? (names are case-sensitive)" : string.Empty;
        return $"'{name}' is not a parameter of STDP.{hint} Its parameters are {names}.";
    }

    private static double Default(string name) => PlasticityCatalog.StdpParameters[PlasticityCatalog.IndexOfStdp(name)].Default;

    public override string ToString() =>
        "STDP(" + string.Join(", ", Parameters().Select(p => p.Name + "=" + p.Value.ToString("R", CultureInfo.InvariantCulture))) + ")";
}

/// <summary>
/// The standard pair-based STDP rule of NEST's <c>stdp_synapse</c> (and Brian2's STDP example), with NEST's parameter
/// names: all-to-all exponential traces of the presynaptic arrivals (<see cref="TauPlus"/>) and of the postsynaptic
/// spikes (<see cref="TauMinus"/>); a postsynaptic spike potentiates, a presynaptic arrival depresses, each by NEST's
/// update of the weight normalized by <see cref="WMax"/> (<see cref="MuPlus"/> / <see cref="MuMinus"/> 0: additive,
/// 1: multiplicative), and the weight stays in [0, <see cref="WMax"/>]. A presynaptic spike arrives at the synapse at
/// its time plus the connection's delay; a postsynaptic spike counts at its time. The exact semantics (the order of
/// updates, the event at the same time, ties) are in docs/plasticity.md.
/// </summary>
public sealed record PairStdpRule : PlasticityDefinition
{
    public override string Mechanism => PlasticityCatalog.PairStdpName;

    /// <summary>tau_plus (ms): decay of the presynaptic trace, the potentiation window.</summary>
    public double TauPlus { get; init; } = Default("tau_plus");
    /// <summary>tau_minus (ms): decay of the postsynaptic trace, the depression window (in NEST a neuron parameter).</summary>
    public double TauMinus { get; init; } = Default("tau_minus");
    /// <summary>lambda: the potentiation step, relative to <see cref="WMax"/>.</summary>
    public double Lambda { get; init; } = Default("lambda");
    /// <summary>alpha: the depression step relative to the potentiation step (depression scales with alpha * lambda).</summary>
    public double Alpha { get; init; } = Default("alpha");
    /// <summary>mu_plus: weight dependence of potentiation, (1 - w/Wmax)^mu_plus (0: additive, 1: multiplicative).</summary>
    public double MuPlus { get; init; } = Default("mu_plus");
    /// <summary>mu_minus: weight dependence of depression, (w/Wmax)^mu_minus (0: additive, 1: multiplicative).</summary>
    public double MuMinus { get; init; } = Default("mu_minus");
    /// <summary>Wmax (uS, the connection's weight unit): the largest weight. It has no default and must be set.</summary>
    public double WMax { get; init; } = Default("Wmax");

    /// <summary>Additive updates (mu_plus = mu_minus = 0), the rule of Song, Miller and Abbott and of Brian2's example.</summary>
    public static PairStdpRule Additive(double lambda, double alpha, double wmax, double tauPlus = 20, double tauMinus = 20) =>
        new() { Lambda = lambda, Alpha = alpha, WMax = wmax, TauPlus = tauPlus, TauMinus = tauMinus, MuPlus = 0, MuMinus = 0 };

    /// <summary>Multiplicative updates (mu_plus = mu_minus = 1), NEST's default.</summary>
    public static PairStdpRule Multiplicative(double lambda, double alpha, double wmax, double tauPlus = 20, double tauMinus = 20) =>
        new() { Lambda = lambda, Alpha = alpha, WMax = wmax, TauPlus = tauPlus, TauMinus = tauMinus, MuPlus = 1, MuMinus = 1 };

    /// <summary>The parameters by their NEST names, in the catalog's order.</summary>
    public IReadOnlyList<(string Name, double Value)> Parameters() =>
    [
        ("tau_plus", TauPlus), ("tau_minus", TauMinus), ("lambda", Lambda), ("alpha", Alpha),
        ("mu_plus", MuPlus), ("mu_minus", MuMinus), ("Wmax", WMax),
    ];

    /// <summary>
    /// The rule from its parameters by name (<c>tau_plus</c>, <c>tau_minus</c>, <c>lambda</c>, <c>alpha</c>,
    /// <c>mu_plus</c>, <c>mu_minus</c>, <c>Wmax</c>; case-sensitive); the ones left out keep their defaults.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a parameter of pairSTDP, or a value is not a constant.</exception>
    public static PairStdpRule FromParameters(IEnumerable<NamedValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return TryFromParameters(parameters, out var rule, out string? error) ? rule! : throw new ArgumentException(error, nameof(parameters));
    }

    /// <summary><see cref="FromParameters"/> that reports the first problem instead of throwing.</summary>
    internal static bool TryFromParameters(IEnumerable<NamedValue> parameters, out PairStdpRule? rule, out string? error)
    {
        var values = PlasticityCatalog.PairStdpParameters.Select(p => p.Default).ToArray();
        rule = null;
        foreach (var parameter in parameters)
        {
            int at = PlasticityCatalog.IndexOfPairStdp(parameter.Name);
            if (at < 0)
            {
                error = UnknownParameter(parameter.Name);
                return false;
            }
            if (!parameter.Value.IsConstant)
            {
                error = $"pairSTDP parameter '{parameter.Name}' must be a number (got {parameter.Value}).";
                return false;
            }
            values[at] = parameter.Value.A;
        }
        error = null;
        rule = new PairStdpRule
        {
            TauPlus = values[0], TauMinus = values[1], Lambda = values[2], Alpha = values[3],
            MuPlus = values[4], MuMinus = values[5], WMax = values[6],
        };
        return true;
    }

    internal static string UnknownParameter(string name)
    {
        string names = string.Join(", ", PlasticityCatalog.PairStdpParameters.Select(p => p.Name));
        var sameLetters = PlasticityCatalog.PairStdpParameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        string hint = sameLetters is not null ? $" Did you mean '{sameLetters.Name}'? (names are case-sensitive, as in NEST)" : string.Empty;
        return $"'{name}' is not a parameter of pairSTDP.{hint} Its parameters are {names}.";
    }

    private static double Default(string name) => PlasticityCatalog.PairStdpParameters[PlasticityCatalog.IndexOfPairStdp(name)].Default;

    public override string ToString() =>
        "pairSTDP(" + string.Join(", ", Parameters().Select(p => p.Name + "=" + p.Value.ToString("R", CultureInfo.InvariantCulture))) + ")";
}

/// <summary>
/// NetPyNE's untyped <c>{'mech': Name, 'params': {...}}</c>: the builder turns an <c>STDP</c> one into a
/// <see cref="StdpRule"/>, a <c>pairSTDP</c> one into a <see cref="PairStdpRule"/> and rejects any other mechanism.
/// </summary>
public sealed record PlasticityMechanism(string Name, IReadOnlyList<NamedValue> Parameters) : PlasticityDefinition
{
    public override string Mechanism => Name;
}
