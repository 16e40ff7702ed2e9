using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Semantics.Expressions;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics;

/// <summary>Converts written values to NetPyNE units according to a <see cref="ParameterDef"/>. Never reports by itself.</summary>
internal static class ValueConverter
{
    private static readonly string[] Distributions = { "normal", "uniform" };

    public static string Expected(ParameterDef def) => def.Kind switch
    {
        ParameterKind.Real => (Units.Describe(def.Dimension) == "a plain number" ? "a number" : Units.Describe(def.Dimension) + " (" + Units.BaseUnit(def.Dimension) + ")")
                              + (def.Expressions is null ? string.Empty : " or an expression"),
        ParameterKind.Integer => def.Expressions is null ? "a whole number" : "a whole number or an expression",
        ParameterKind.NamedValue => "a number (with a unit or without) or an expression of other params",
        ParameterKind.Word => "one of " + string.Join(", ", def.Words ?? new string[0]),
        ParameterKind.WordList => "a list of " + string.Join(", ", def.Words ?? new string[0]) + " (such as [simData, simConfig]), or all",
        ParameterKind.Distribution => def.Expressions is null
            ? "a number, normal(mean, variance) or uniform(low, high)"
            : "a number, normal(mean, variance), uniform(low, high) or an expression",
        ParameterKind.Choice => "one of " + string.Join(", ", def.Choices ?? new string[0]),
        ParameterKind.Flag => "no value",
        ParameterKind.Synapse => "a synapse name",
        ParameterKind.TimeList => "a list of times such as [5, 12.5]",
        ParameterKind.TrainList => "one list of times per cell, such as [[5, 12.5], [], [30]]",
        ParameterKind.File => "a file name in quotes, such as \"trains.csv\"",
        ParameterKind.PulseList => "a list of pulses such as [pulse(start=400ms, end=500ms, rate=50Hz, noise=0)]",
        ParameterKind.PairList => "a list of pairs such as [(0, 1), (2, 3)]",
        ParameterKind.Include => "a list such as [0, IZH_exc, (IZH_inh, 2)]",
        ParameterKind.SeedGroup => "seeds(conn=1, stim=1, loc=1, cell=1)",
        ParameterKind.Plasticity => "a plasticity mechanism with named parameters, e.g. STDP(hebbwt=0.01, antiwt=-0.01, wmax=50)",
        _ => "a value",
    };

    public static string Describe(ValueNode? node) => node switch
    {
        null => "a bare name",
        NumberNode => "a number",
        NameNode name => "the name '" + name.Name + "'",
        CallNode call => call.Function.Name + "(...)",
        ListNode => "a list",
        TupleNode => "a pair",
        StringNode => "a string",
        BinaryNode or NegateNode or ParenNode => "an expression",
        _ => "this value",
    };

    /// <summary>
    /// The written value converted for <paramref name="def"/>; expressions read <paramref name="names"/> (the file's
    /// params and the built-ins, <see cref="BoundNetwork.Names"/>).
    /// </summary>
    public static ConvertedValue Convert(Argument argument, ParameterDef def, NamedValues? names = null)
    {
        var node = argument.Value;
        if (def.Kind == ParameterKind.Flag)
        {
            return node is null && argument.Group is null ? new ConvertedValue() : WrongKind(argument, def);
        }
        if (def.Kind == ParameterKind.SeedGroup)
        {
            return argument.Group is not null ? new ConvertedValue() : WrongKind(argument, def);
        }
        if (node is null) return WrongKind(argument, def);
        switch (def.Kind)
        {
            case ParameterKind.Real:
            case ParameterKind.Integer:
                if (node is NumberNode number) return Number(number, def);
                // p, conv, div and a stimulus target's w, d: anything but a number is an expression (uniform(5, 15) included).
                if (def.Expressions is not null && node is BinaryNode or NegateNode or ParenNode or CallNode or NameNode)
                {
                    return ExpressionChecker.Convert(node, def, names);
                }
                return WrongKind(argument, def);
            case ParameterKind.Word:
                if (node is NameNode word)
                {
                    return def.Words!.Contains(word.Name)
                        ? new ConvertedValue { Name = word.Name, Text = word.Name }
                        : UnknownName(node, word.Name, def.Words!);
                }
                return WrongKind(argument, def);
            case ParameterKind.WordList:
                return WordList(argument, node, def);
            case ParameterKind.Distribution:
                if (node is NumberNode constant) return Number(constant, def);
                if (def.Expressions is not null && IsExpression(node, def.Expressions)) return ExpressionChecker.Convert(node, def, names);
                if (node is CallNode call) return Distribution(call, def);
                if (node is NameNode fn && !Distributions.Contains(fn.Name) && Suggestions.Closest(fn.Name, Distributions) is not null)
                {
                    return UnknownName(node, fn.Name, Distributions);
                }
                return WrongKind(argument, def);
            case ParameterKind.Choice:
                if (node is NameNode choice)
                {
                    // The number a name stands for comes from the shared table (NamedChoices): 1, 2, ... in its order.
                    var named = def.ChoiceSet!.Find(choice.Name);
                    return named is not null
                        ? new ConvertedValue { Name = choice.Name, A = named.Number, Kind = DistributionKind.Constant, Text = choice.Name }
                        : UnknownName(node, choice.Name, def.ChoiceSet.Names);
                }
                // celltype also accepts its number.
                if (node is NumberNode cellTypeNumber && def.Range == ValueRange.CellTypeNumber) return Number(cellTypeNumber, def with { Kind = ParameterKind.Integer });
                return WrongKind(argument, def);
            case ParameterKind.Synapse:
                return node is NameNode synapse ? new ConvertedValue { Name = synapse.Name, Text = synapse.Name } : WrongKind(argument, def);
            case ParameterKind.TimeList:
                return TimeList(argument, node, def);
            case ParameterKind.TrainList:
                return TrainList(argument, node, def);
            case ParameterKind.File:
                return node is StringNode { Value.Length: > 0 } path
                    ? new ConvertedValue { Name = path.Value, Text = path.Value }
                    : WrongKind(argument, def);
            case ParameterKind.PulseList:
                return PulseList(argument, node, def);
            case ParameterKind.PairList:
                return PairList(argument, node, def);
            case ParameterKind.Include:
                return Include(argument, node, def);
            case ParameterKind.Plasticity:
                // The mechanism's name; PlasticityCheck reports an unknown one, the bound group its parameters.
                return node switch
                {
                    CallNode mechanism => new ConvertedValue { Name = mechanism.Function.Name, Text = mechanism.Function.Name },
                    NameNode bare => new ConvertedValue { Name = bare.Name, Text = bare.Name },
                    _ => WrongKind(argument, def),
                };
            default:
                return WrongKind(argument, def);
        }
    }

    /// <summary>
    /// Whether a value that is not a plain number goes to the expression checker: operators, parentheses, variables
    /// and calls, except normal()/uniform() of numbers (kept a distribution, exactly as before expressions) and a
    /// bare near-miss of normal/uniform (reported as an unknown named value, as before).
    /// </summary>
    private static bool IsExpression(ValueNode node, ExpressionContext context) => node switch
    {
        BinaryNode or NegateNode or ParenNode => true,
        NameNode name => context.Find(name.Name) is not null || context.NotSupported(name.Name) is not null
                         || Suggestions.Closest(name.Name, Distributions) is null,
        CallNode call => Distributions.Contains(call.Function.Name)
            ? call.Arguments.Any(a => a.Value is not NumberNode)
            : ExpressionFunctions.Find(call.Function.Name) is not null || ExpressionFunctions.NotSupported(call.Function.Name) is not null
              || Suggestions.Closest(call.Function.Name, Distributions) is null,
        _ => false,
    };

    private static ConvertedValue WrongKind(Argument argument, ParameterDef def) => new()
    {
        Problem = ConversionProblem.WrongKind,
        ProblemSpan = argument.Value?.Span ?? argument.Span,
        ProblemText = Describe(argument.Value),
    };

    private static ConvertedValue UnknownName(ValueNode node, string name, IReadOnlyList<string> candidates) => new()
    {
        Problem = ConversionProblem.UnknownName,
        ProblemSpan = node.Span,
        ProblemText = name,
        Candidates = candidates,
    };

    /// <summary>Converts a number to the parameter's unit: the factor, or the problem with its unit.</summary>
    public static ConvertedValue Number(NumberNode number, ParameterDef def, DistributionKind kind = DistributionKind.Constant)
    {
        if (!TryFactor(number, def, out double factor, out var problem)) return problem!;
        double value = number.Value * factor;
        if (double.IsInfinity(value)) return TooLarge(number);
        if (def.Kind == ParameterKind.Integer && (value != System.Math.Floor(value) || double.IsInfinity(value)))
        {
            return new ConvertedValue { Problem = ConversionProblem.NotInteger, ProblemSpan = number.Span, ProblemText = number.Text };
        }
        return new ConvertedValue { Kind = kind, A = value, Text = number.Text + (number.Unit ?? string.Empty), HasUnit = number.Unit is not null };
    }

    /// <summary>The largest finite double, as messages print it.</summary>
    public const string LargestNumber = "1.7976931348623157e308";

    /// <summary>NDSL0201 at a number that does not fit a double (1e309, or 1e308 with a unit that scales it up).</summary>
    public static ConvertedValue TooLarge(NumberNode number) => new()
    {
        Problem = ConversionProblem.OutOfRange,
        ProblemSpan = number.Span,
        ProblemText = number.Text + (number.Unit ?? string.Empty),
        ProblemDetail = new[] { $"a number must be finite, at most {LargestNumber} in size" + (number.Unit is null ? string.Empty : " after conversion to NetPyNE's unit") },
    };

    private static bool TryFactor(NumberNode number, ParameterDef def, out double factor, out ConvertedValue? problem)
    {
        factor = 1;
        problem = null;
        if (number.Unit is null) return true;
        if (Units.TryFactor(number.Unit, def.Dimension, out factor)) return true;
        string message;
        if (def.Dimension == Dimension.None)
        {
            message = $"'{def.Name}' is a plain number and takes no unit; write {number.Text} instead of {number.Text}{number.Unit}";
        }
        else
        {
            var dimension = Units.DimensionOf(number.Unit);
            string what = dimension is null ? $"'{number.Unit}' is not a unit NetDsl knows" : $"'{number.Unit}' is a unit of {Units.Describe(dimension.Value).Substring(2)}";
            message = $"{what}, but '{def.Name}' is {Units.Describe(def.Dimension)}; use {Units.UnitsOf(def.Dimension)} (a bare number means {Units.BaseUnit(def.Dimension)})";
        }
        problem = new ConvertedValue { Problem = ConversionProblem.BadUnit, ProblemSpan = number.UnitSpan, ProblemText = message };
        return false;
    }

    private static ConvertedValue Distribution(CallNode call, ParameterDef def)
    {
        string fn = call.Function.Name;
        if (fn != "normal" && fn != "uniform") return UnknownName(new NameNode(fn, call.Function.Span), fn, Distributions);
        string[] names = fn == "normal" ? new[] { "mean", "variance", "sd" } : new[] { "low", "high" };
        var values = new Dictionary<string, (NumberNode Node, ConvertedValue Value)>();
        int position = 0;
        foreach (var arg in call.Arguments)
        {
            string name;
            if (arg.Name is null)
            {
                if (position >= 2) return Shape(call, fn);
                name = names[position];
                position++;
            }
            else
            {
                name = arg.Name.Name;
                if (!names.Contains(name)) return UnknownName(new NameNode(name, arg.Name.Span), name, names);
            }
            if (arg.Value is not NumberNode number || values.ContainsKey(name)) return Shape(call, fn);
            var converted = Number(number, def with { Kind = ParameterKind.Real });
            if (!converted.Ok) return converted;
            values[name] = (number, converted);
        }
        if (fn == "uniform")
        {
            if (!values.ContainsKey("low") || !values.ContainsKey("high")) return Shape(call, fn);
            return new ConvertedValue { Kind = DistributionKind.Uniform, A = values["low"].Value.A, B = values["high"].Value.A, Text = Render(call) };
        }
        if (!values.ContainsKey("mean") || values.ContainsKey("variance") == values.ContainsKey("sd")) return Shape(call, fn);
        var mean = values["mean"];
        bool positional = call.Arguments.Count == 2 && call.Arguments[1].Name is null;
        double variance;
        string varianceText;
        if (values.TryGetValue("sd", out var sd))
        {
            variance = sd.Value.A * sd.Value.A;
            varianceText = sd.Node.Text;
            string written = $"normal({mean.Node.Text}{mean.Node.Unit}, sd={sd.Node.Text}{sd.Node.Unit})";
            if (sd.Value.A < 0)
            {
                return new ConvertedValue
                {
                    Problem = ConversionProblem.OutOfRange, ProblemSpan = sd.Node.Span, ProblemText = written,
                    ProblemDetail = new[] { "a standard deviation (sd) must be 0 or more" },
                };
            }
            if (double.IsInfinity(variance))
            {
                return new ConvertedValue
                {
                    Problem = ConversionProblem.OutOfRange, ProblemSpan = sd.Node.Span, ProblemText = written,
                    ProblemDetail = new[] { "sd must be at most 1.3407807929942596e154, so that the variance sd² is a finite number" },
                };
            }
        }
        else
        {
            var v = values["variance"];
            // A variance written with a unit is in that unit squared; a bare one is in the parameter's unit squared.
            double f = v.Node.Unit is null ? 1 : v.Value.A / v.Node.Value;
            variance = v.Node.Value * f * f;
            varianceText = v.Node.Text;
        }
        return new ConvertedValue
        {
            Kind = DistributionKind.Normal,
            A = mean.Value.A,
            B = variance,
            Text = Render(call),
            PositionalVariance = positional,
            MeanText = mean.Node.Text,
            VarianceText = varianceText,
        };
    }

    private static ConvertedValue Shape(CallNode call, string fn) => new()
    {
        Problem = ConversionProblem.WrongKind,
        ProblemSpan = call.Span,
        ProblemText = fn == "normal"
            ? "normal(...) with other arguments than (mean, variance), (mean, variance=v) or (mean, sd=s)"
            : "uniform(...) with other arguments than (low, high)",
    };

    private static string Render(CallNode call) => call.Function.Name + "(...)";

    /// <summary><c>[simData, simConfig]</c> or <c>all</c>: the words, comma-separated, in <see cref="ConvertedValue.Name"/>.</summary>
    private static ConvertedValue WordList(Argument argument, ValueNode node, ParameterDef def)
    {
        if (node is NameNode { Name: Catalog.SavedParts.All }) return new ConvertedValue { Name = Catalog.SavedParts.All, Text = Catalog.SavedParts.All };
        if (node is not ListNode { Items.Count: > 0 } list) return WrongKind(argument, def);
        var words = new List<string>();
        foreach (var item in list.Items)
        {
            if (item is not NameNode word) return WrongKind(new Argument(argument.Name, item, null, item.Span), def);
            if (!def.Words!.Contains(word.Name)) return UnknownName(item, word.Name, def.Words!);
            if (!words.Contains(word.Name)) words.Add(word.Name);
        }
        string names = string.Join(",", words);
        return new ConvertedValue { Name = names, Text = names };
    }

    private static ConvertedValue TimeList(Argument argument, ValueNode node, ParameterDef def)
    {
        if (node is not ListNode list) return WrongKind(argument, def);
        var times = new List<(double, SourceSpan)>();
        foreach (var item in list.Items)
        {
            if (item is not NumberNode number) return WrongKind(new Argument(argument.Name, item, null, item.Span), def);
            var converted = Number(number, def with { Kind = ParameterKind.Real });
            if (!converted.Ok) return converted;
            times.Add((converted.A, number.Span));
        }
        return new ConvertedValue { Times = times };
    }

    private static ConvertedValue TrainList(Argument argument, ValueNode node, ParameterDef def)
    {
        if (node is not ListNode list) return WrongKind(argument, def);
        var trains = new List<IReadOnlyList<double>>();
        var all = new List<(double, SourceSpan)>();
        foreach (var item in list.Items)
        {
            // A train per cell; a number here is the shared times= form written in the wrong place.
            if (item is not ListNode) return WrongKind(new Argument(argument.Name, item, null, item.Span), def);
            var times = TimeList(new Argument(argument.Name, item, null, item.Span), item, def with { Kind = ParameterKind.TimeList });
            if (!times.Ok) return times;
            trains.Add(times.Times.Select(t => t.Value).ToList());
            all.AddRange(times.Times);
        }
        return new ConvertedValue { Trains = trains, Times = all };
    }

    /// <summary>The keys of one of NetPyNE's VecStim pulses and their dimensions.</summary>
    private static readonly (string Key, Dimension Dimension)[] PulseKeys =
    {
        ("start", Dimension.Time), ("end", Dimension.Time), ("rate", Dimension.Frequency), ("interval", Dimension.Time), ("noise", Dimension.None),
    };

    private static ConvertedValue PulseList(Argument argument, ValueNode node, ParameterDef def)
    {
        if (node is not ListNode list) return WrongKind(argument, def);
        var pulses = new List<PulseValue>();
        foreach (var item in list.Items)
        {
            if (item is not CallNode { Function.Name: "pulse" } call) return WrongKind(new Argument(argument.Name, item, null, item.Span), def);
            var values = new Dictionary<string, double>();
            foreach (var arg in call.Arguments)
            {
                if (arg.Name is null || !PulseKeys.Any(k => k.Key == arg.Name.Name) || values.ContainsKey(arg.Name.Name))
                {
                    return new ConvertedValue
                    {
                        Problem = ConversionProblem.WrongKind, ProblemSpan = arg.Span,
                        ProblemText = arg.Name is null ? "a positional value in pulse(...)"
                            : values.ContainsKey(arg.Name.Name) ? $"'{arg.Name.Name}' twice in pulse(...)"
                            : $"'{arg.Name.Name}' in pulse(...), which takes start, end, rate or interval, and noise",
                    };
                }
                var dimension = PulseKeys.First(k => k.Key == arg.Name.Name).Dimension;
                if (arg.Value is not NumberNode number) return WrongKind(new Argument(arg.Name, arg.Value, null, arg.Span), def);
                var converted = Number(number, new ParameterDef(arg.Name.Name, dimension, ParameterKind.Real, 0, ValueRange.Any));
                if (!converted.Ok) return converted;
                values[arg.Name.Name] = converted.A;
            }
            string? problem =
                !values.ContainsKey("start") || !values.ContainsKey("end") ? "a pulse needs start= and end=" :
                values.ContainsKey("rate") == values.ContainsKey("interval") ? "a pulse needs either rate= or interval=" :
                !(values["end"] > values["start"]) || values["start"] < 0 ? "a pulse needs 0 <= start < end" :
                values.TryGetValue("rate", out double rate) && !(rate > 0) ? "a pulse's rate must be greater than 0" :
                values.TryGetValue("interval", out double interval) && !(interval > 0) ? "a pulse's interval must be greater than 0" :
                values.TryGetValue("noise", out double noise) && !(noise >= 0 && noise <= 1) ? "a pulse's noise must be between 0 and 1" :
                null;
            if (problem is not null)
            {
                return new ConvertedValue
                {
                    Problem = ConversionProblem.OutOfRange, ProblemSpan = call.Span, ProblemText = "pulse(...)", ProblemDetail = new[] { problem },
                };
            }
            pulses.Add(new PulseValue(values["start"], values["end"],
                values.TryGetValue("rate", out double r) ? r : null, values.TryGetValue("interval", out double i) ? i : null,
                values.TryGetValue("noise", out double n) ? n : 0));
        }
        return new ConvertedValue { Pulses = pulses };
    }

    private static ConvertedValue PairList(Argument argument, ValueNode node, ParameterDef def)
    {
        if (node is StringNode file)
        {
            return new ConvertedValue { Problem = ConversionProblem.ListFile, ProblemSpan = file.Span, ProblemText = file.Value };
        }
        if (node is not ListNode list) return WrongKind(argument, def);
        var pairs = new List<(double, double, SourceSpan)>();
        foreach (var item in list.Items)
        {
            if (item is not TupleNode tuple || tuple.Items.Count != 2 || tuple.Items[0] is not NumberNode pre || tuple.Items[1] is not NumberNode post)
            {
                return WrongKind(new Argument(argument.Name, item, null, item.Span), def);
            }
            var integer = def with { Kind = ParameterKind.Integer };
            var a = Number(pre, integer);
            if (!a.Ok) return a;
            var b = Number(post, integer);
            if (!b.Ok) return b;
            pairs.Add((a.A, b.A, tuple.Span));
        }
        return new ConvertedValue { Pairs = pairs };
    }

    private static ConvertedValue Include(Argument argument, ValueNode node, ParameterDef def)
    {
        var items = node is ListNode list ? list.Items : new[] { node };
        var include = new List<IncludeItem>();
        var integer = def with { Kind = ParameterKind.Integer };
        foreach (var item in items)
        {
            switch (item)
            {
                case NumberNode gid:
                    var converted = Number(gid, integer);
                    if (!converted.Ok) return converted;
                    include.Add(new IncludeItem(null, (int)System.Math.Max(-1, System.Math.Min(int.MaxValue, converted.A)), gid.Span, converted.Text));
                    break;
                case NameNode pop:
                    include.Add(new IncludeItem(pop.Name, -1, pop.Span));
                    break;
                case CallNode conditioned:
                    // E2(ynorm=[0.5, 1.0]): the population's cells whose tags meet the conditions.
                    include.Add(new IncludeItem(conditioned.Function.Name, -1, conditioned.Function.Span) { Conditions = conditioned.Arguments });
                    break;
                case TupleNode { Items.Count: 2 } tuple when tuple.Items[0] is NameNode pop && tuple.Items[1] is NumberNode index:
                    var i = Number(index, integer);
                    if (!i.Ok) return i;
                    // A negative index is kept apart from -1 (the whole population) so that it is reported at the index.
                    int written = i.A < 0 ? IncludeItem.NegativeIndex : (int)System.Math.Min(int.MaxValue, i.A);
                    include.Add(new IncludeItem(pop.Name, written, tuple.Span, i.Text, index.Span));
                    break;
                default:
                    return WrongKind(new Argument(argument.Name, item, null, item.Span), def);
            }
        }
        return new ConvertedValue { Include = include };
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
