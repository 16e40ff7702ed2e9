using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics.Expressions;

/// <summary>
/// Checks an expression written for a parameter and lowers it to an <see cref="ExpressionSpec"/>: variables and
/// functions of the parameter's <see cref="ExpressionContext"/>, units by <see cref="UnitVector"/> algebra
/// (<c>+ -</c>, min, max and uniform need one unit; <c>* /</c> combine them; exp, log, sin, cos and exponents take
/// plain numbers), and every number converted so that the tree computes the parameter in its NetPyNE unit.
/// Reports the first problem it meets, in reading order, as a <see cref="ConvertedValue"/>; never throws.
/// </summary>
internal sealed class ExpressionChecker
{
    /// <summary>
    /// A checked sub-expression: evaluating <see cref="Spec"/> gives a number n such that the quantity is
    /// n × <see cref="Scale"/> SI units of <see cref="Unit"/>. <see cref="Constant"/> is its value when it draws
    /// nothing and reads no variable.
    /// </summary>
    private sealed record Typed(ExpressionSpec Spec, UnitVector Unit, double Scale, double? Constant, ValueNode Node);

    private readonly ParameterDef def;
    private readonly ExpressionContext context;
    private readonly NamedValues names;
    private readonly List<PositionalNormal> normals = new();
    private readonly List<(SourceSpan, string)> normDistances = new();
    private ConvertedValue? problem;

    private ExpressionChecker(ParameterDef def, ExpressionContext context, NamedValues names)
    {
        this.def = def;
        this.context = context;
        this.names = names;
    }

    /// <summary>
    /// A param's value: the expression checked with no variables and no draws, in NetPyNE's unit for its unit
    /// (um, ms, um/ms), or its first problem (and no value).
    /// </summary>
    public static (ConvertedValue Value, NamedValue? Evaluated) EvaluateParam(ValueNode node, NamedValues names)
    {
        var checker = new ExpressionChecker(ParameterTables.Param, ExpressionContext.Param, names);
        var typed = checker.Check(node);
        if (typed is null) return (checker.problem!, null);
        if (typed.Constant is not double constant)
        {
            return (new ConvertedValue { Problem = ConversionProblem.WrongKind, ProblemSpan = node.Span, ProblemText = "a value that is not one number" }, null);
        }
        double scale = typed.Unit.BaseScale();
        double ratio = typed.Scale / scale;
        double value = Math.Abs(ratio - 1) <= 1e-9 ? constant : constant * ratio;
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return (new ConvertedValue
            {
                Problem = ConversionProblem.OutOfRange, ProblemSpan = node.Span, ProblemText = ExpressionText.Render(node),
                ProblemDetail = new[] { "a param must be a finite number" },
            }, null);
        }
        var evaluated = new NamedValue(string.Empty, value, typed.Unit, scale, null);
        return (new ConvertedValue { Kind = DistributionKind.Constant, A = value, Text = ExpressionText.Render(node), HasUnit = !typed.Unit.IsNone }, evaluated);
    }

    /// <summary>The expression converted for <paramref name="def"/> (which must have an expression context), or its first problem.</summary>
    public static ConvertedValue Convert(ValueNode node, ParameterDef def, NamedValues? names = null)
    {
        var checker = new ExpressionChecker(def, def.Expressions!, names ?? NamedValues.Builtins);
        var typed = checker.Check(node);
        if (typed is not null) typed = checker.ToParameterUnit(typed);
        if (typed is null) return checker.problem!;
        string text = ExpressionText.Render(node);
        if (typed.Spec.Kind == ExpressionKind.Number)
        {
            // (19um) or (2*5): a number all the same.
            return new ConvertedValue { Kind = DistributionKind.Constant, A = typed.Spec.Value, Text = text, HasUnit = true };
        }
        return new ConvertedValue
        {
            Kind = DistributionKind.Expression,
            Expression = typed.Spec,
            A = typed.Constant ?? 0,
            IsConstantExpression = typed.Constant is not null,
            Text = text,
            HasUnit = true,
            PositionalNormals = checker.normals,
            NormDistances = checker.normDistances,
        };
    }

    private Typed? Fail(ConversionProblem kind, SourceSpan span, string text, params string[] detail)
    {
        problem ??= new ConvertedValue { Problem = kind, ProblemSpan = span, ProblemText = text, ProblemDetail = detail };
        return null;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private Typed? UnitProblem(ValueNode at, string message) => Fail(ConversionProblem.ExpressionUnit, at.Span, message);

    private Typed? ToParameterUnit(Typed typed)
    {
        var dimension = def.Dimension;
        if (typed.Unit.IsNone) return Rescale(typed, 1);
        if (typed.Unit.Equals(UnitVector.Of(dimension))) return Rescale(typed, UnitVector.SiFactor(dimension));
        string wanted = dimension == Dimension.None ? "a plain number" : Units.Describe(dimension) + " (" + Units.BaseUnit(dimension) + ")";
        string bare = dimension == Dimension.None ? string.Empty : $"; a result without unit is taken in {Units.BaseUnit(dimension)}";
        return UnitProblem(typed.Node, $"'{def.Name}' is {wanted}, but '{ExpressionText.Render(typed.Node)}' is {typed.Unit.Describe()}{bare}");
    }

    /// <summary>The same quantity computed in units of <paramref name="scale"/> (SI): numbers are converted, anything else multiplied.</summary>
    private static Typed Rescale(Typed typed, double scale)
    {
        double ratio = typed.Scale / scale;
        if (Math.Abs(ratio - 1) <= 1e-9) return typed with { Scale = scale };
        var spec = typed.Spec.Kind == ExpressionKind.Number
            ? ExpressionSpec.Number(typed.Spec.Value * ratio)
            : ExpressionSpec.Binary("Multiply", typed.Spec, ExpressionSpec.Number(ratio));
        return new Typed(spec, typed.Unit, scale, typed.Constant * ratio, typed.Node);
    }

    /// <summary>Deeper trees (a chain of thousands of '+') are refused, so checking, emitting and evaluating stay shallow.</summary>
    public const int MaxDepth = 200;

    private int depth;

    private Typed? Check(ValueNode node)
    {
        if (depth >= MaxDepth)
        {
            return Fail(ConversionProblem.WrongKind, node.Span, $"an expression nested more than {MaxDepth} operations deep");
        }
        depth++;
        try
        {
            return CheckNode(node);
        }
        finally
        {
            depth--;
        }
    }

    private Typed? CheckNode(ValueNode node)
    {
        switch (node)
        {
            case NumberNode number:
                return Number(number);
            case NameNode name:
                return Variable(name);
            case ParenNode paren:
                var inner = Check(paren.Inner);
                return inner is null ? null : inner with { Node = paren };
            case NegateNode negate:
                var operand = Check(negate.Operand);
                return operand is null ? null : new Typed(ExpressionSpec.Negate(operand.Spec), operand.Unit, operand.Scale, -operand.Constant, negate);
            case BinaryNode binary:
                return Binary(binary);
            case CallNode call:
                return Call(call);
            default:
                return Fail(ConversionProblem.WrongKind, node.Span, ValueConverter.Describe(node) + " inside an expression");
        }
    }

    private Typed? Number(NumberNode number)
    {
        if (double.IsInfinity(number.Value))
        {
            var tooLarge = ValueConverter.TooLarge(number);
            return Fail(ConversionProblem.OutOfRange, number.Span, tooLarge.ProblemText, tooLarge.ProblemDetail[0]);
        }
        if (number.Unit is null) return new Typed(ExpressionSpec.Number(number.Value), UnitVector.None, 1, number.Value, number);
        var dimension = Units.DimensionOf(number.Unit);
        if (dimension is null && CompoundUnit(number.Unit) is { } compound)
        {
            // 100um/ms: kept as written, a number of um/ms.
            return new Typed(ExpressionSpec.Number(number.Value), compound.Unit, compound.Scale, number.Value, number);
        }
        if (dimension is null || !Units.TryFactor(number.Unit, dimension.Value, out double factor))
        {
            return Fail(ConversionProblem.BadUnit, number.UnitSpan,
                $"'{number.Unit}' is not a unit NetDsl knows; use units such as ms, mV, nA, uS, Hz, um, uF/cm2, S/cm2, ohm*cm, degC, um/ms, or a bare number");
        }
        double value = number.Value * factor;
        return new Typed(ExpressionSpec.Number(value), UnitVector.Of(dimension.Value), UnitVector.SiFactor(dimension.Value), value, number);
    }

    /// <summary>
    /// A unit written as a quotient of known units (um/ms, mV/ms): its vector and the SI size of one of it; null when a
    /// part is not a unit NetDsl knows.
    /// </summary>
    private static (UnitVector Unit, double Scale)? CompoundUnit(string unit)
    {
        var parts = unit.Split('/');
        if (parts.Length < 2) return null;
        var vector = UnitVector.None;
        double scale = 1;
        for (int i = 0; i < parts.Length; i++)
        {
            var dimension = Units.DimensionOf(parts[i]);
            if (dimension is null || !Units.TryFactor(parts[i], dimension.Value, out double factor)) return null;
            double size = factor * UnitVector.SiFactor(dimension.Value);
            vector = i == 0 ? UnitVector.Of(dimension.Value) : vector.Over(UnitVector.Of(dimension.Value));
            scale = i == 0 ? size : scale / size;
        }
        return (vector, scale);
    }

    private Typed? Variable(NameNode name)
    {
        var variable = context.Find(name.Name);
        if (variable is not null)
        {
            if (variable.Member is "DistNorm2D" or "DistNorm3D") normDistances.Add((name.Span, name.Name));
            return new Typed(ExpressionSpec.Variable(variable.Member), UnitVector.Of(variable.Dimension), UnitVector.SiFactor(variable.Dimension), null, name);
        }
        if (names.Find(name.Name) is { } named)
        {
            return new Typed(ExpressionSpec.Named(named.Name, named.Value), named.Unit, named.Scale, named.Value, name);
        }
        var note = context.NotSupported(name.Name);
        if (note is not null)
        {
            return Fail(ConversionProblem.NotSupported, name.Span, name.Name, context.Description, note, Capitalized(context.Description) + " can use " + context.VariableList);
        }
        if (ExpressionFunctions.Find(name.Name) is { } function)
        {
            return Fail(ConversionProblem.BadCall, name.Span, $"'{name.Name}' is a function; call it: {function.Signature}");
        }
        return Fail(ConversionProblem.UnknownIdentifier, name.Span, name.Name, "variable", context.Description,
            Suggestions.DidYouMean(name.Name, context.Variables.Select(v => v.Name).Concat(names.All.Select(n => n.Name))), "variables",
            context.VariableList + "; named values: " + names.List);
    }

    private Typed? Binary(BinaryNode binary)
    {
        var left = Check(binary.Left);
        if (left is null) return null;
        var right = Check(binary.Right);
        if (right is null) return null;
        switch (binary.Operator)
        {
            case "+":
            case "-":
                if (!left.Unit.Equals(right.Unit)) return AddMismatch(binary, left, right);
                right = Rescale(right, left.Scale);
                return new Typed(ExpressionSpec.Binary(binary.Operator == "+" ? "Add" : "Subtract", left.Spec, right.Spec), left.Unit, left.Scale,
                    binary.Operator == "+" ? left.Constant + right.Constant : left.Constant - right.Constant, binary);
            case "*":
                return new Typed(ExpressionSpec.Binary("Multiply", left.Spec, right.Spec), left.Unit.Times(right.Unit), left.Scale * right.Scale,
                    left.Constant * right.Constant, binary);
            case "/":
                return new Typed(ExpressionSpec.Binary("Divide", left.Spec, right.Spec), left.Unit.Over(right.Unit), left.Scale / right.Scale,
                    left.Constant / right.Constant, binary);
            default:
                return Power(binary, left, right);
        }
    }

    private Typed? Power(ValueNode binary, Typed @base, Typed exponent)
    {
        if (!exponent.Unit.IsNone)
        {
            return UnitProblem(exponent.Node, $"An exponent must be a plain number, but '{ExpressionText.Render(exponent.Node)}' is {exponent.Unit.Describe()}");
        }
        exponent = Rescale(exponent, 1);
        if (@base.Unit.IsNone)
        {
            @base = Rescale(@base, 1);
            return new Typed(ExpressionSpec.Binary("Power", @base.Spec, exponent.Spec), UnitVector.None, 1, Pow(@base.Constant, exponent.Constant), binary);
        }
        if (exponent.Constant is not double n || n != Math.Floor(n) || Math.Abs(n) > 16)
        {
            return UnitProblem(exponent.Node,
                $"'{ExpressionText.Render(@base.Node)}' is {@base.Unit.Describe()}: it can only be raised to a whole constant power (such as 2), not '{ExpressionText.Render(exponent.Node)}'");
        }
        int power = (int)n;
        return new Typed(ExpressionSpec.Binary("Power", @base.Spec, exponent.Spec), @base.Unit.Power(power), Math.Pow(@base.Scale, power),
            Pow(@base.Constant, exponent.Constant), binary);
    }

    private static double? Pow(double? a, double? b) => a is double x && b is double y ? Math.Pow(x, y) : null;

    private Typed? AddMismatch(BinaryNode binary, Typed left, Typed right)
    {
        string verb = binary.Operator == "+" ? "add" : "subtract";
        var plain = left.Unit.IsNone ? left : right.Unit.IsNone ? right : null;
        var other = ReferenceEquals(plain, left) ? right : left;
        var at = plain ?? right;
        string message = $"Cannot {verb} {left.Unit.Describe()} and {right.Unit.Describe()}: both sides of '{binary.Operator}' need the same unit";
        return UnitProblem(at.Node, message + Fix(plain, other));
    }

    /// <summary>
    /// "; write 2um" for a plain number next to a quantity; when the quantity is a length because it reads x, y or z,
    /// what those are instead (0.12+0.001*y wants ynorm or y/1um, not 0.12um).
    /// </summary>
    private static string Fix(Typed? plain, Typed other)
    {
        if (ReadsPosition(other.Spec) && other.Unit.Equals(UnitVector.Of(Dimension.Length)))
        {
            return "; x, y and z are lengths in um: for a plain number use xnorm, ynorm, znorm or divide by a length, e.g. y/100um";
        }
        if (plain is null || other.Unit.AsDimension() is not Dimension dimension || dimension == Dimension.None) return string.Empty;
        string unit = Units.BaseUnit(dimension);
        return plain.Node is NumberNode literal
            ? $"; write {literal.Text}{unit}"
            : $"; give '{ExpressionText.Render(plain.Node)}' a unit, e.g. multiply it by 1{unit}";
    }

    private static bool ReadsPosition(ExpressionSpec spec) =>
        spec.Kind == ExpressionKind.Variable ? spec.Name is "X" or "Y" or "Z" : spec.Operands.Any(ReadsPosition);

    private Typed? Call(CallNode call)
    {
        string name = call.Function.Name;
        var function = ExpressionFunctions.Find(name);
        if (function is null)
        {
            var note = ExpressionFunctions.NotSupported(name);
            if (note is not null)
            {
                return Fail(ConversionProblem.NotSupported, call.Function.Span, name + "()", context.Description, note,
                    Capitalized(context.Description) + " can call " + ExpressionFunctions.List);
            }
            return Fail(ConversionProblem.UnknownIdentifier, call.Function.Span, name, "function", context.Description,
                Suggestions.DidYouMean(name, ExpressionFunctions.All.Select(f => f.Name)), "functions", ExpressionFunctions.List);
        }
        if (context.ConstantOnly && function.IsRandom)
        {
            return Fail(ConversionProblem.NotSupported, call.Function.Span, name + "()", context.Description,
                " (a param is one number, the same for every cell and connection)", "Draw it where it is used instead, e.g. w=uniform(0.001, 0.002)");
        }
        var slots = Bind(call, function);
        if (slots is null) return null;
        var args = new Dictionary<string, Typed>();
        foreach (var (slot, node) in slots)
        {
            var typed = Check(node);
            if (typed is null) return null;
            args[slot] = typed;
        }
        switch (function.Rule)
        {
            case FunctionRule.Uniform:
                return Uniform(call, args["low"], args["high"]);
            case FunctionRule.DiscreteUniform:
                return Uniform(call, args["low"], args["high"], function);
            case FunctionRule.NegExp:
                {
                    var mean = args["mean"];
                    return new Typed(ExpressionSpec.Call(function.Member, mean.Spec), mean.Unit, mean.Scale, null, call);
                }
            case FunctionRule.Power:
                {
                    var power = Power(call, args["base"], args["exponent"]);
                    return power is null ? null : power with { Spec = ExpressionSpec.Call(function.Member, power.Spec.Operands[0], power.Spec.Operands[1]) };
                }
            case FunctionRule.Normal:
                return Normal(call, args["mean"], args.TryGetValue("variance", out var variance) ? variance : null, args.TryGetValue("sd", out var sd) ? sd : null);
            case FunctionRule.Plain:
                {
                    var x = args["x"];
                    if (!x.Unit.IsNone)
                    {
                        string hint = x.Unit.Equals(UnitVector.Of(Dimension.Length))
                            ? $"; divide it by a length, e.g. {name}({ExpressionText.Render(x.Node)}/{ALengthName()})"
                            : "; divide it by a quantity of the same unit";
                        return UnitProblem(x.Node, $"{name}() takes a plain number, but '{ExpressionText.Render(x.Node)}' is {x.Unit.Describe()}{hint}");
                    }
                    x = Rescale(x, 1);
                    return new Typed(ExpressionSpec.Call(function.Member, x.Spec), UnitVector.None, 1, Apply(name, x.Constant), call);
                }
            case FunctionRule.SquareRoot:
                {
                    var x = args["x"];
                    if (!x.Unit.TryHalf(out var half))
                    {
                        return UnitProblem(x.Node, $"sqrt() of {x.Unit.Describe()} has no unit NetDsl can express (its powers are odd); sqrt takes a plain number or a square such as um^2");
                    }
                    return new Typed(ExpressionSpec.Call(function.Member, x.Spec), half, Math.Sqrt(x.Scale), Apply(name, x.Constant), call);
                }
            default:
                {
                    if (function.Parameters.Length == 1)
                    {
                        var x = args["x"];
                        return new Typed(ExpressionSpec.Call(function.Member, x.Spec), x.Unit, x.Scale, Apply(name, x.Constant), call);
                    }
                    var a = args["a"];
                    var b = args["b"];
                    if (!a.Unit.Equals(b.Unit)) return ArgumentMismatch(name, a, b);
                    b = Rescale(b, a.Scale);
                    double? constant = a.Constant is double ca && b.Constant is double cb ? (name == "min" ? Math.Min(ca, cb) : Math.Max(ca, cb)) : null;
                    return new Typed(ExpressionSpec.Call(function.Member, a.Spec, b.Spec), a.Unit, a.Scale, constant, call);
                }
        }
    }

    /// <summary>A length to divide by in a hint: the file's first length param (probLengthConst), else 100um.</summary>
    private string ALengthName() =>
        names.Params.FirstOrDefault(p => !p.Failed && p.Unit.Equals(UnitVector.Of(Dimension.Length)))?.Name ?? "100um";

    private static double? Apply(string function, double? x) => x is not double v ? null : function switch
    {
        "exp" => Math.Exp(v),
        "log" => Math.Log(v),
        "log10" => Math.Log10(v),
        "tan" => Math.Tan(v),
        "sqrt" => Math.Sqrt(v),
        "abs" => Math.Abs(v),
        "sin" => Math.Sin(v),
        "cos" => Math.Cos(v),
        _ => v,
    };

    /// <summary>Matches a call's arguments to the function's parameters (normal also takes sd= instead of variance).</summary>
    private List<(string Slot, ValueNode Node)>? Bind(CallNode call, ExpressionFunctionInfo function)
    {
        bool named = function.Rule is FunctionRule.Uniform or FunctionRule.Normal or FunctionRule.DiscreteUniform;
        var allowed = function.Rule == FunctionRule.Normal ? function.Parameters.Append("sd").ToArray() : function.Parameters;
        var result = new List<(string, ValueNode)>();
        int position = 0;
        foreach (var argument in call.Arguments)
        {
            string slot;
            if (argument.Name is null)
            {
                if (position >= function.Parameters.Length) return WrongCount(call, function);
                slot = function.Parameters[position++];
            }
            else
            {
                slot = argument.Name.Name;
                if (!named)
                {
                    Fail(ConversionProblem.BadCall, argument.Name.Span, $"{function.Name}() takes no named arguments; write {function.Signature}");
                    return null;
                }
                if (!allowed.Contains(slot))
                {
                    Fail(ConversionProblem.BadCall, argument.Name.Span,
                        $"'{slot}' is not an argument of {function.Name}(); use {string.Join(", ", allowed)}.{Suggestions.DidYouMean(slot, allowed)}");
                    return null;
                }
            }
            if (result.Any(r => r.Item1 == slot) || (slot is "variance" or "sd" && result.Any(r => r.Item1 is "variance" or "sd")))
            {
                Fail(ConversionProblem.BadCall, argument.Span, $"{function.Name}() is given '{slot}' twice; write {function.Signature}");
                return null;
            }
            result.Add((slot, argument.Value!));
        }
        bool complete = function.Rule == FunctionRule.Normal
            ? result.Any(r => r.Item1 == "mean") && result.Any(r => r.Item1 is "variance" or "sd")
            : function.Parameters.All(p => result.Any(r => r.Item1 == p));
        return complete ? result : WrongCount(call, function);
    }

    private List<(string, ValueNode)>? WrongCount(CallNode call, ExpressionFunctionInfo function)
    {
        int n = function.Parameters.Length;
        string arguments = n == 1 ? "one argument" : n.ToString(CultureInfo.InvariantCulture) + " arguments";
        Fail(ConversionProblem.BadCall, call.Span,
            $"{function.Signature} takes {arguments}, not {call.Arguments.Count.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    private Typed? ArgumentMismatch(string function, Typed a, Typed b)
    {
        var plain = a.Unit.IsNone ? a : b.Unit.IsNone ? b : null;
        var other = ReferenceEquals(plain, a) ? b : a;
        return UnitProblem((plain ?? b).Node,
            $"The arguments of {function}() need the same unit: '{ExpressionText.Render(a.Node)}' is {a.Unit.Describe()}, '{ExpressionText.Render(b.Node)}' is {b.Unit.Describe()}{Fix(plain, other)}");
    }

    /// <summary>uniform(low, high), or discunif(low, high) when <paramref name="function"/> says so: one unit, low &lt;= high.</summary>
    private Typed? Uniform(CallNode call, Typed low, Typed high, ExpressionFunctionInfo? function = null)
    {
        string name = function?.Name ?? "uniform";
        if (!low.Unit.Equals(high.Unit)) return ArgumentMismatch(name, low, high);
        high = Rescale(high, low.Scale);
        if (low.Constant is double a && high.Constant is double b && a > b)
        {
            return Fail(ConversionProblem.OutOfRange, call.Span, ExpressionText.Render(call), name + "(low, high) needs low <= high");
        }
        return new Typed(ExpressionSpec.Call(function?.Member ?? "Uniform", low.Spec, high.Spec), low.Unit, low.Scale, null, call);
    }

    /// <summary>
    /// normal(mean, variance): as NEURON's Random.normal, the second argument is a variance, in the mean's unit
    /// squared; a plain number is taken in it, and a number with the mean's unit means that unit squared
    /// (normal(-60mV, 4mV) has variance 4 mV^2), as for a plain normal() value. sd= is squared.
    /// </summary>
    private Typed? Normal(CallNode call, Typed mean, Typed? variance, Typed? sd)
    {
        ExpressionSpec spread;
        double? spreadValue;
        double square = mean.Scale * mean.Scale;
        string meanUnit = mean.Unit.IsNone ? "plain numbers" : mean.Unit.UnitText();
        if (sd is not null)
        {
            if (!sd.Unit.IsNone && !sd.Unit.Equals(mean.Unit))
            {
                return UnitProblem(sd.Node, $"normal()'s sd takes the mean's unit ({meanUnit}) or a plain number, but '{ExpressionText.Render(sd.Node)}' is {sd.Unit.Describe()}");
            }
            if (!sd.Unit.IsNone) sd = Rescale(sd, mean.Scale);
            if (sd.Constant is double deviation && deviation < 0)
            {
                return Fail(ConversionProblem.OutOfRange, sd.Node.Span, ExpressionText.Render(call), "a standard deviation (sd) must be 0 or more");
            }
            spreadValue = sd.Constant * sd.Constant;
            spread = spreadValue is double v ? ExpressionSpec.Number(v) : ExpressionSpec.Binary("Power", sd.Spec, ExpressionSpec.Number(2));
        }
        else
        {
            var given = variance!;
            if (given.Unit.IsNone)
            {
                // A plain variance is in the mean's unit squared.
            }
            else if (given.Node is NumberNode { Unit: not null } literal && Units.DimensionOf(literal.Unit) is Dimension dimension
                     && UnitVector.Of(dimension).Equals(mean.Unit) && Units.TryFactor(literal.Unit, dimension, out double factor))
            {
                double value = literal.Value * factor * factor;
                double si = UnitVector.SiFactor(dimension);
                given = Rescale(new Typed(ExpressionSpec.Number(value), mean.Unit.Power(2), si * si, value, literal), square);
            }
            else if (given.Unit.Equals(mean.Unit.Power(2)))
            {
                given = Rescale(given, square);
            }
            else
            {
                return UnitProblem(given.Node,
                    $"normal()'s variance is in the mean's unit squared, but the mean is {mean.Unit.Describe()} and '{ExpressionText.Render(given.Node)}' is {given.Unit.Describe()}; write a plain number or a number with the mean's unit");
            }
            spread = given.Spec;
            spreadValue = given.Constant;
            var second = call.Arguments.Count == 2 ? call.Arguments[1] : null;
            if (second is not null && second.Name is null && spreadValue is double positional)
            {
                normals.Add(new PositionalNormal(call.Span, ExpressionText.Render(call.Arguments[0].Value), ExpressionText.Render(second.Value), positional));
            }
        }
        if (spreadValue is double negative && negative < 0)
        {
            return Fail(ConversionProblem.OutOfRange, call.Span, ExpressionText.Render(call), "a variance must be 0 or more");
        }
        return new Typed(ExpressionSpec.Call("Normal", mean.Spec, spread), mean.Unit, mean.Scale, null, call);
    }
}
