using System.Globalization;
using NetDsl.Definition;

namespace NetDsl.Tests;

/// <summary>
/// The spatial reference cases tests/reference/D_spatial_seeds, D_abs_ranges, D_density_grid, D_conv_drawn,
/// D_random_exprs, D_funcs and S_stim_exprs as NetworkDefinitions equivalent to their model_netpyne.py. Placement keys, selectors and
/// rules are written out by hand; the string functions are NetPyNE's strings, copied from the model and read by
/// <see cref="PythonExpression"/> into the <see cref="ValueExpression"/> tree NetPyNE's Python evaluates.
/// </summary>
public static class SpatialReferenceCases
{
    public static IReadOnlyList<string> Names { get; } =
        ["D_spatial_seeds", "D_abs_ranges", "D_density_grid", "D_conv_drawn", "D_random_exprs", "D_funcs", "S_stim_exprs"];

    public static NetworkDefinition Get(string name) => name switch
    {
        "D_spatial_seeds" => SpatialSeeds(name),
        "D_abs_ranges" => AbsoluteRanges(name),
        "D_density_grid" => DensityGrid(name),
        "D_conv_drawn" => DrawnConvergence(name),
        "D_random_exprs" => RandomExpressions(name),
        "D_funcs" => Functions(name),
        "S_stim_exprs" => StimulusExpressions(name),
        _ => throw new ArgumentException($"Unknown spatial reference case '{name}'."),
    };

    // ---- cells, synapses, stimulation: the same in every case (D_spatial's) ----

    private static NamedValue[] Geometry() => [new("diam", 10), new("L", 10), new("cm", 31.831)];

    private static CellDefinition Rs() => new("RS", Geometry(), "Izhi2007b",
    [
        new("C", 1), new("k", ValueSpec.Normal(0.7, 0.05)), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03),
        new("b", -2), new("c", -50), new("d", 100), new("celltype", 1),
    ]);

    private static CellDefinition Fs() => new("FS", Geometry(), "Izhi2007b",
    [
        new("C", 0.2), new("k", 1), new("vr", -55), new("vt", -40), new("vpeak", 25), new("a", 0.2),
        new("b", -2), new("c", -45), new("d", -55), new("celltype", 5),
    ]);

    private static SynapseDefinition[] Synapses() => [new("exc", 1.0, 5.0, 0), new("inh", 2.0, 10.0, -70)];

    private static NetStimSource Bkg() => new("bkg", Rate: 100, Interval: null, Noise: 0.5);

    private static StimTargetDefinition BkgToAll() => new("bkg", CellSelector.CellType("RS", "FS"), Weight: 0.01, Delay: 5, Synapse: "exc");

    private static NetworkDefinition Network(string name, double sizeX, double sizeY, double sizeZ, PopulationDefinition[] pops,
        StimSourceDefinition[] sources, StimTargetDefinition[] targets, ConnectionDefinition[] rules, double duration, Seeds? seeds = null) =>
        new(name, [Rs(), Fs()], pops, Synapses(), sources, targets, rules,
            new SimulationSettings(Duration: duration, Dt: 0.025, Seeds: seeds, RecordStep: 1), [], [])
        {
            SizeX = sizeX, SizeY = sizeY, SizeZ = sizeZ,
        };

    // ---- rule helpers ----

    private static ValueSpec S(string text, IReadOnlyDictionary<string, double> named) => ValueSpec.Of(PythonExpression.Parse(text, named));

    private static TagCondition X(double lo, double hi) => new(CellTag.X, lo, hi);
    private static TagCondition Y(double lo, double hi) => new(CellTag.Y, lo, hi);
    private static TagCondition Z(double lo, double hi) => new(CellTag.Z, lo, hi);
    private static TagCondition XNorm(double lo, double hi) => new(CellTag.XNorm, lo, hi);
    private static TagCondition YNorm(double lo, double hi) => new(CellTag.YNorm, lo, hi);
    private static TagCondition ZNorm(double lo, double hi) => new(CellTag.ZNorm, lo, hi);

    /// <summary>A probability rule whose probability is a string function.</summary>
    private static ConnectionDefinition Prob(string label, CellSelector pre, CellSelector post, ValueSpec probability, ValueSpec weight, ValueSpec delay, string synapse) =>
        probability.IsConstant
            ? new(label, pre, post, ConnectionRuleKind.Probability, probability.A, weight, delay, synapse)
            : new(label, pre, post, ConnectionRuleKind.Probability, 0, weight, delay, synapse) { RuleValueSpec = probability };

    private static ConnectionDefinition Drawn(string label, ConnectionRuleKind kind, CellSelector pre, CellSelector post, ValueSpec count, ValueSpec weight, ValueSpec delay, string synapse) =>
        new(label, pre, post, kind, 0, weight, delay, synapse) { RuleValueSpec = count };

    private static Dictionary<string, double> NetParams(double sizeX, double sizeY, double sizeZ, double propVelocity, params (string Name, double Value)[] more)
    {
        var named = new Dictionary<string, double>
        {
            ["sizeX"] = sizeX, ["sizeY"] = sizeY, ["sizeZ"] = sizeZ, ["propVelocity"] = propVelocity, ["pi"] = Math.PI,
        };
        foreach (var (n, v) in more) named[n] = v;
        return named;
    }

    // ---- the cases ----

    /// <summary>D_spatial (Tutorial 5) with seeds conn 3, stim 7, loc 5, cell 2 and 500 ms.</summary>
    private static NetworkDefinition SpatialSeeds(string name)
    {
        var n = NetParams(100, 1000, 100, 100.0, ("probLengthConst", 150.0));
        static PopulationDefinition Pop(string pop, string cell, double lo, double hi) => new(pop, cell, 50) { YNormRange = new PlacementRange(lo, hi) };
        return Network(name, 100, 1000, 100,
            [Pop("E2", "RS", 0.1, 0.4), Pop("I2", "FS", 0.1, 0.4), Pop("E4", "RS", 0.4, 0.7), Pop("I4", "FS", 0.4, 0.7), Pop("E5", "RS", 0.7, 1.0)],
            [Bkg()], [BkgToAll()],
            [
                Prob("E->all", CellSelector.CellType("RS"), CellSelector.All.Where(Y(100, 1000)),
                    S("0.1*exp(-dist_3D/probLengthConst)", n), S("0.005*post_ynorm", n), S("dist_3D/propVelocity", n), "exc"),
                Prob("I->E", CellSelector.CellType("FS"), CellSelector.Population("E2", "E4", "E5"),
                    S("0.4*exp(-dist_3D/probLengthConst)", n), 0.001, S("dist_3D/propVelocity", n), "inh"),
            ],
            500, new Seeds(Conn: 3, Stim: 7, Loc: 5, Cell: 2));
    }

    /// <summary>xRange / yRange / zRange (µm) mixed with xnormRange; conditions on x and z; log, log10, sqrt, abs, min, max, **.</summary>
    private static NetworkDefinition AbsoluteRanges(string name)
    {
        var n = NetParams(200, 400, 150, 150.0);
        return Network(name, 200, 400, 150,
            [
                new PopulationDefinition("E", "RS", 90) { XRange = new PlacementRange(0, 150), YRange = new PlacementRange(20, 380) },
                new PopulationDefinition("I", "FS", 40) { XRange = new PlacementRange(50, 200), YRange = new PlacementRange(100, 300) },
                new PopulationDefinition("S", "RS", 40) { ZRange = new PlacementRange(30, 120), XNormRange = new PlacementRange(0.2, 0.8) },
            ],
            [Bkg()], [BkgToAll()],
            [
                Prob("E->E", CellSelector.Population("E").Where(X(0, 100)), CellSelector.Population("E").Where(Z(25, 125)),
                    S("0.5*exp(-dist_2D/80.0)", n), S("0.001*sqrt(post_x) + 0.0001*log(1 + pre_z)", n),
                    S("max(0.5, dist_2D/propVelocity) + min(pre_z, post_z)/100.0", n), "exc"),
                Prob("E->I", CellSelector.Population("E").Where(Z(0, 100)), CellSelector.Population("I").Where(X(60, 180)),
                    S("min(0.4, 20.0/(dist_2D + 40.0))", n), S("0.003*(pre_z/sizeZ)**2 + 0.001", n), S("1 + abs(pre_x - post_x)**0.5/4", n), "exc"),
                Prob("I->E", CellSelector.CellType("FS"), CellSelector.Population("E").Where(Y(50, 350)),
                    S("0.3*exp(-(dist_x**2 + dist_z**2)/5000.0)", n), S("max(0.0005, 0.002 - 0.00001*dist_3D)", n),
                    S("dist_3D/propVelocity + 0.5*log10(1 + dist_y)", n), "inh"),
                Prob("S->all", CellSelector.Population("S").Where(X(50, 150)), CellSelector.All.Where(Z(0, 75)),
                    0.15, S("0.0005 + 0.004*(post_z/sizeZ)**2", n), S("2 - post_x/sizeX + abs(pre_y - post_y)/200", n), "exc"),
            ],
            500);
    }

    /// <summary>gridSpacing, density, cellsList and numCells pops; conditions on xnorm, ynorm, znorm; a second NetStim by ynorm.</summary>
    private static NetworkDefinition DensityGrid(string name)
    {
        var n = NetParams(100, 200, 100, 80.0);
        CellLocation[] list =
        [
            new(X: 20, Y: 150, Z: 30),
            new() { XNorm = 0.5, YNorm = 0.9, ZNorm = 0.2 },
            new(X: 80.5) { YNorm = 0.75 },
            new(X: 5, Y: 10.25, Z: 95),
            new(Y: 120) { XNorm = 0.33, ZNorm = 0.66 },
            new(Y: 60),
            new(X: 45, Y: 199, Z: 50),
            new(X: 99.5, Z: 0.5) { YNorm = 0.05 },
        ];
        return Network(name, 100, 200, 100,
            [
                new PopulationDefinition("G", "RS", 0) { GridSpacing = 25, XNormRange = new PlacementRange(0.1, 0.9), YRange = new PlacementRange(0, 50) },
                new PopulationDefinition("D", "FS", 0) { Density = 1.23e5, YRange = new PlacementRange(100, 180), ZNormRange = new PlacementRange(0, 0.75) },
                new PopulationDefinition("L", "RS", 0) { CellsList = list },
                new PopulationDefinition("R", "RS", 40) { YNormRange = new PlacementRange(0.5, 1.0) },
                // A float grid: np.arange(2.5, 98.5, 35), np.arange(150.2, 201, 35), np.arange(10, 91.3, 35).
                new PopulationDefinition("H", "FS", 0)
                {
                    GridSpacing = 35, XRange = new PlacementRange(2.5, 97.5), YRange = new PlacementRange(150.2, 200), ZRange = new PlacementRange(10, 90.3),
                },
            ],
            [Bkg(), new NetStimSource("bkg2", Rate: 40, Interval: null, Noise: 1.0)],
            [BkgToAll(), new StimTargetDefinition("bkg2", CellSelector.All.Where(YNorm(0.5, 1.0)), Weight: 0.004, Delay: 2, Synapse: "exc")],
            [
                Prob("G->D", CellSelector.Population("G").Where(XNorm(0.3, 0.9)), CellSelector.Population("D").Where(ZNorm(0.1, 0.6)),
                    S("0.6*exp(-dist_3D/60.0)", n), S("0.004*post_znorm + 0.001", n), S("dist_3D/propVelocity + 1", n), "exc"),
                Prob("D->G", CellSelector.Population("D"), CellSelector.All.Where(ZNorm(0.0, 0.5), YNorm(0, 0.2)),
                    0.25, 0.002, S("1 + dist_xnorm*2 + dist_znorm", n), "inh"),
                Prob("L->all", CellSelector.Population("L"), CellSelector.All.Where(XNorm(0.2, 0.8)),
                    0.3, S("0.003*(1 - pre_ynorm) + 0.001", n), 2, "exc"),
                Prob("R->G", CellSelector.Population("R").Where(ZNorm(0.25, 1.0)), CellSelector.Population("G", "L"),
                    S("0.3*exp(-dist_y/100.0)", n), S("0.002 + 0.002*post_xnorm", n), S("dist_3D/propVelocity + 0.5", n), "exc"),
                // G's y and z are numpy integers in NetPyNE (np.arange of ints): pre_z**2 is an integer power, exact either way.
                Prob("G->R", CellSelector.Population("G"), CellSelector.Population("R"),
                    S("0.2*exp(-dist_3D/150.0)", n), S("0.001 + 1e-7*pre_z**2 + 1e-6*pre_y", n), S("1 + (pre_y + pre_z)/200", n), "exc"),
                Prob("H->all", CellSelector.Population("H"), CellSelector.CellType("RS").Where(XNorm(0.0, 0.6)),
                    0.2, 0.001, S("dist_2D/propVelocity + 0.5", n), "inh"),
            ],
            500);
    }

    /// <summary>Convergence and divergence drawn per cell ('uniform(5, 15)', 'discunif(3, 7)', with pre_/post_ variables); random weights and delays.</summary>
    private static NetworkDefinition DrawnConvergence(string name)
    {
        var n = NetParams(100, 500, 100, 100.0);
        return Network(name, 100, 500, 100,
            [
                new PopulationDefinition("E", "RS", 100) { YNormRange = new PlacementRange(0.0, 0.6) },
                new PopulationDefinition("I", "FS", 50) { YNormRange = new PlacementRange(0.4, 1.0) },
                new PopulationDefinition("E2", "RS", 50) { YRange = new PlacementRange(250, 500) },
            ],
            [Bkg()], [BkgToAll()],
            [
                Drawn("E->I", ConnectionRuleKind.Convergence, CellSelector.Population("E"), CellSelector.Population("I"),
                    S("uniform(5, 15)", n), S("normal(0.005, 1e-6)", n), S("dist_3D/propVelocity + 1", n), "exc"),
                Drawn("I->E", ConnectionRuleKind.Divergence, CellSelector.Population("I"), CellSelector.Population("E", "E2"),
                    S("2 + uniform(0, 4)*pre_ynorm", n), 0.002, S("uniform(1, 3)", n), "inh"),
                Drawn("E->E2", ConnectionRuleKind.Convergence, CellSelector.Population("E"), CellSelector.Population("E2"),
                    S("uniform(3, 6) + 4*post_ynorm", n), S("0.004*post_ynorm", n), 3, "exc"),
                Drawn("E2->E", ConnectionRuleKind.Divergence, CellSelector.Population("E2"), CellSelector.CellType("RS").Where(YNorm(0.2, 0.8)),
                    S("discunif(3, 7)", n), S("normal(0.003, 1e-6)*post_xnorm", n), S("negexp(2) + 0.5", n), "exc"),
                // Pre cells among the post cells: a drawn index equal to the post cell is replaced by the extra draw.
                Drawn("E->E", ConnectionRuleKind.Convergence, CellSelector.Population("E"), CellSelector.CellType("RS").Where(Y(0, 200)),
                    S("uniform(2, 6)", n), 0.001, S("dist_3D/propVelocity + 0.5", n), "exc"),
            ],
            500);
    }

    /// <summary>Random calls inside probabilities, weights and delays, combined with distances and positions.</summary>
    private static NetworkDefinition RandomExpressions(string name)
    {
        var n = NetParams(150, 600, 150, 120.0);
        return Network(name, 150, 600, 150,
            [
                new PopulationDefinition("E", "RS", 80) { YNormRange = new PlacementRange(0.1, 0.6) },
                new PopulationDefinition("I", "FS", 40) { YNormRange = new PlacementRange(0.3, 0.9) },
                new PopulationDefinition("E6", "RS", 60) { YNormRange = new PlacementRange(0.6, 1.0) },
            ],
            [Bkg()], [BkgToAll()],
            [
                Prob("E->all", CellSelector.Population("E"), CellSelector.CellType("RS", "FS"),
                    S("0.08*exp(-dist_3D/200.0) + uniform(0, 0.05)", n), S("uniform(0.003, 0.006)*post_ynorm", n),
                    S("dist_3D/propVelocity + normal(1.5, 0.04)", n), "exc"),
                Prob("I->E", CellSelector.Population("I"), CellSelector.Population("E", "E6"),
                    S("uniform(0.2, 0.5)*exp(-dist_y/150.0)", n), S("normal(0.002, 1e-8) + 0.0005*pre_znorm", n),
                    S("uniform(0.5, 1.5) + dist_3D/propVelocity", n), "inh"),
                Prob("E6->I", CellSelector.Population("E6"), CellSelector.Population("I"),
                    0.2, S("0.001 + negexp(0.002)", n), S("1 + discunif(0, 3)*0.5 + dist_z/propVelocity", n), "exc"),
                // No probability, convergence, divergence or connList: NetPyNE's fullConn, its values from the rule's stream.
                new ConnectionDefinition("I->I", CellSelector.Population("I").Where(YNorm(0.3, 0.6)), CellSelector.Population("I").Where(YNorm(0.5, 0.9)),
                    ConnectionRuleKind.Full, 0, S("uniform(0.0005, 0.001)", n), S("dist_3D/propVelocity + uniform(0.2, 0.4)", n), "inh"),
                // connList with a self pair (dropped, its values drawn) and a repeated pair (both get the last draw).
                new ConnectionDefinition("E6->E6", CellSelector.Population("E6"), CellSelector.Population("E6"),
                    ConnectionRuleKind.List, 0, S("normal(0.003, 1e-7)*post_ynorm", n), S("uniform(1, 2)", n), "exc",
                    Pairs: [(0, 1), (2, 3), (5, 5), (10, 0), (3, 7), (0, 1), (59, 12)]),
            ],
            500);
    }

    /// <summary>
    /// Stimulus source parameters as string functions evaluated per target cell: a NetStim's rate, noise, start and
    /// number, another's interval and start, an IClamp's del, dur and amp, with string weights and delays.
    /// </summary>
    private static NetworkDefinition StimulusExpressions(string name)
    {
        var n = NetParams(100, 500, 100, 500.0);
        var rs = Rs() with { Parameters = [.. Rs().Parameters.Select(p => p.Name == "k" ? new NamedValue("k", 0.7) : p)] };
        return new NetworkDefinition(name, [rs, Fs()],
            [new PopulationDefinition("E", "RS", 30), new PopulationDefinition("I", "FS", 20)],
            Synapses(),
            [
                new NetStimSource("bkg", Rate: null, Interval: null)
                {
                    RateSpec = S("50 + 50*post_ynorm", n), NoiseSpec = S("uniform(0.2, 0.8)", n), StartSpec = S("uniform(0, 20)", n),
                    NumberSpec = S("20 + 30*post_xnorm", n),
                },
                new NetStimSource("slow", Rate: null, Interval: null, Noise: 0.3) { IntervalSpec = S("uniform(20, 40)", n), StartSpec = S("5 + 10*post_znorm", n) },
                new IClampSource("ic", 0, 0, 0)
                {
                    DelaySpec = S("uniform(50, 150)", n), DurationSpec = S("200 + 100*post_ynorm", n), AmplitudeSpec = S("0.2 + 0.5*post_xnorm + normal(0, 0.0004)", n),
                },
            ],
            [
                new StimTargetDefinition("bkg", CellSelector.CellType("RS", "FS"), Synapse: "exc")
                {
                    WeightSpec = S("0.005 + 0.005*post_ynorm", n), DelaySpec = S("uniform(2, 6)", n),
                },
                new StimTargetDefinition("slow", CellSelector.Population("I"), Weight: 0.01, Synapse: "exc") { DelaySpec = S("max(1, normal(4, 1))", n) },
                new StimTargetDefinition("ic", CellSelector.Population("E").Where(YNorm(0.5, 1.0))),
            ],
            [
                new ConnectionDefinition("E->all", CellSelector.Population("E"), CellSelector.CellType("RS", "FS"), ConnectionRuleKind.Probability, 0.1, 0.004, 5, "exc"),
                new ConnectionDefinition("I->E", CellSelector.Population("I"), CellSelector.Population("E"), ConnectionRuleKind.Probability, 0.3, 0.003, 3, "inh"),
            ],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1), [], [])
        {
            SizeX = 100, SizeY = 500, SizeZ = 100,
        };
    }

    /// <summary>sin, cos, tan, pi, pow, log10, exp, abs, sqrt over the norm variables and distances; a divergence from pre_znorm.</summary>
    private static NetworkDefinition Functions(string name)
    {
        var n = NetParams(100, 300, 200, 200.0);
        return Network(name, 100, 300, 200,
            [
                new PopulationDefinition("A", "RS", 70) { XNormRange = new PlacementRange(0.0, 0.7) },
                new PopulationDefinition("B", "FS", 40) { ZNormRange = new PlacementRange(0.3, 1.0) },
                new PopulationDefinition("C", "RS", 50) { YNormRange = new PlacementRange(0.6, 1.0) },
            ],
            [Bkg()], [BkgToAll()],
            [
                Prob("A->B", CellSelector.Population("A"), CellSelector.Population("B"),
                    S("0.3*(1 + sin(pi*pre_xnorm))/2 + 0.1*cos(post_znorm*pi)", n), S("0.003*(1 + tan(dist_xnorm))", n),
                    S("1 + log10(1 + dist_z) + dist_ynorm*2", n), "exc"),
                Prob("B->A", CellSelector.Population("B"), CellSelector.Population("A").Where(ZNorm(0.1, 0.9)),
                    S("0.4*exp(-dist_znorm*3)*abs(cos(pre_x/30.0))", n), S("pow(0.5, 1 + dist_ynorm*4)*0.004", n),
                    S("0.5 + post_y/sizeY + dist_xnorm", n), "inh"),
                Drawn("C->all", ConnectionRuleKind.Divergence, CellSelector.Population("C"), CellSelector.CellType("RS"),
                    S("3 + 6*pre_znorm", n), S("0.002*sqrt(pre_ynorm*post_ynorm) + 0.0005", n),
                    S("dist_3D/propVelocity + 0.3*abs(sin(post_z))", n), "exc"),
            ],
            500);
    }
}

/// <summary>
/// Reads a NetPyNE string function (Python syntax) into a <see cref="ValueExpression"/> with Python's precedence and
/// evaluation order: <c>**</c> (right-associative, binding tighter than a unary minus on its left), unary minus,
/// <c>* /</c>, <c>+ -</c>, left to right; calls of the functions <see cref="ExpressionFunction"/> names; the pair
/// variables (pre_x, post_ynorm, dist_3D, ...); and named netParams values.
/// </summary>
public static class PythonExpression
{
    private static readonly Dictionary<string, ExpressionVariable> Variables =
        Enum.GetValues<ExpressionVariable>().ToDictionary(v => ValueExpression.Name(v), v => v);

    private static readonly Dictionary<string, ExpressionFunction> Functions =
        Enum.GetValues<ExpressionFunction>().ToDictionary(f => f.ToString().ToLowerInvariant(), f => f);

    public static ValueExpression Parse(string text, IReadOnlyDictionary<string, double> named)
    {
        var parser = new Parser(text, named);
        var expression = parser.Expression();
        parser.SkipSpace();
        if (!parser.AtEnd) throw new FormatException($"Unexpected '{text[parser.Position..]}' in '{text}'.");
        return expression;
    }

    private sealed class Parser(string text, IReadOnlyDictionary<string, double> named)
    {
        public int Position;
        public bool AtEnd => Position >= text.Length;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position])) Position++;
        }

        private bool Accept(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, Position, token, 0, token.Length) != 0) return false;
            // '*' must not take the first half of '**'.
            if (token == "*" && Position + 1 < text.Length && text[Position + 1] == '*') return false;
            Position += token.Length;
            return true;
        }

        private void Expect(string token)
        {
            if (!Accept(token)) throw new FormatException($"Expected '{token}' at {Position} in '{text}'.");
        }

        public ValueExpression Expression()
        {
            var left = Term();
            while (true)
            {
                if (Accept("+")) left = ValueExpression.Binary(ExpressionOperator.Add, left, Term());
                else if (Accept("-")) left = ValueExpression.Binary(ExpressionOperator.Subtract, left, Term());
                else return left;
            }
        }

        private ValueExpression Term()
        {
            var left = Factor();
            while (true)
            {
                if (Accept("*")) left = ValueExpression.Binary(ExpressionOperator.Multiply, left, Factor());
                else if (Accept("/")) left = ValueExpression.Binary(ExpressionOperator.Divide, left, Factor());
                else return left;
            }
        }

        private ValueExpression Factor()
        {
            if (Accept("-")) return ValueExpression.Negate(Factor());
            if (Accept("+")) return Factor();
            var atom = Atom();
            return Accept("**") ? ValueExpression.Binary(ExpressionOperator.Power, atom, Factor()) : atom;
        }

        private ValueExpression Atom()
        {
            SkipSpace();
            if (Accept("("))
            {
                var inner = Expression();
                Expect(")");
                return inner;
            }
            int start = Position;
            if (!AtEnd && (char.IsDigit(text[Position]) || text[Position] == '.'))
            {
                while (!AtEnd && (char.IsDigit(text[Position]) || text[Position] == '.')) Position++;
                if (!AtEnd && (text[Position] == 'e' || text[Position] == 'E'))
                {
                    Position++;
                    if (!AtEnd && (text[Position] == '-' || text[Position] == '+')) Position++;
                    while (!AtEnd && char.IsDigit(text[Position])) Position++;
                }
                return ValueExpression.Number(double.Parse(text[start..Position], NumberStyles.Float, CultureInfo.InvariantCulture));
            }
            while (!AtEnd && (char.IsLetterOrDigit(text[Position]) || text[Position] == '_')) Position++;
            string name = text[start..Position];
            if (name.Length == 0) throw new FormatException($"Unexpected '{text[start..]}' in '{text}'.");
            if (Functions.TryGetValue(name, out var function) && Accept("("))
            {
                var args = new List<ValueExpression> { Expression() };
                while (Accept(",")) args.Add(Expression());
                Expect(")");
                return ValueExpression.Call(function, [.. args]);
            }
            if (Variables.TryGetValue(name, out var variable)) return ValueExpression.Of(variable);
            if (named.TryGetValue(name, out double value)) return ValueExpression.Named(name, value);
            throw new FormatException($"Unknown name '{name}' in '{text}'.");
        }
    }
}
