using System.Text;

namespace NetDsl.Cli.Import;

/// <summary>Where a string function is evaluated: which of NetPyNE's variables it may read.</summary>
internal enum ExpressionSite
{
    /// <summary>A cell parameter: the cell's x, y, z and their norms.</summary>
    Cell,
    /// <summary>A connection's probability, convergence, divergence, weight or delay: pre_, post_ and dist_ variables.</summary>
    Connection,
    /// <summary>A stimulus target's weight or delay: the stimulated cell's post_ variables.</summary>
    StimTarget,
}

/// <summary>
/// Turns a NetPyNE string function into a NetDsl expression with the units the language checks. NetPyNE's numbers are
/// in NetPyNE's units (um, ms, uS...), so the translation gives a bare number the unit its neighbours need
/// (<c>dist_3D/propVelocity + 0.5</c> becomes <c>dist_3D/propVelocity+0.5ms</c>, <c>cos(pre_x/30)</c> becomes
/// <c>cos(pre_x/30um)</c>); every unit written is NetPyNE's, so no value changes. Where no units fit
/// (<c>log10(1 + dist_z)</c>), each quantity is divided by its unit instead (<c>dist_z/1um</c>), which is NetPyNE's
/// arithmetic on plain numbers.
/// </summary>
internal sealed class ExpressionTranslator(IReadOnlyDictionary<string, Dim> parameters)
{
    /// <summary>netParams numbers whose unit is not known yet: the first function that reads them decides it.</summary>
    private readonly HashSet<string> open = [];

    private static readonly string[] Norms = ["xnorm", "ynorm", "znorm"];
    private static readonly string[] Coordinates = ["x", "y", "z"];

    /// <summary>The functions the language has, NetPyNE's names.</summary>
    private static readonly HashSet<string> Functions =
        ["exp", "log", "log10", "sin", "cos", "tan", "sqrt", "abs", "min", "max", "uniform", "normal", "negexp", "discunif", "pow"];

    private sealed class NoUnitsFit(string message) : Exception(message);

    /// <summary>The dimension of a name at this site, or null when NetPyNE has no such variable there.</summary>
    public Dim? DimensionOf(string name, ExpressionSite site)
    {
        if (parameters.TryGetValue(name, out var dim)) return dim;
        switch (name)
        {
            case "sizeX" or "sizeY" or "sizeZ": return Dim.LengthDim;
            case "propVelocity": return Dim.VelocityDim;
            case "defaultDelay": return Dim.TimeDim;
            case "pi": return Dim.None;
        }
        string? variable = site switch
        {
            ExpressionSite.Cell => name,
            ExpressionSite.StimTarget => name.StartsWith("post_", StringComparison.Ordinal) ? name[5..] : null,
            _ => name.StartsWith("pre_", StringComparison.Ordinal) ? name[4..]
                : name.StartsWith("post_", StringComparison.Ordinal) ? name[5..]
                : name.StartsWith("dist_", StringComparison.Ordinal) ? name[5..] : null,
        };
        if (variable is null) return null;
        bool distance = site == ExpressionSite.Connection && name.StartsWith("dist_", StringComparison.Ordinal);
        if (Coordinates.Contains(variable) || (distance && variable is "2D" or "3D")) return Dim.LengthDim;
        if (Norms.Contains(variable) || (distance && variable is "norm2D" or "norm3D")) return Dim.None;
        return null;
    }

    /// <summary>
    /// The NetDsl text of <paramref name="function"/> for a parameter of dimension <paramref name="target"/>.
    /// Throws <see cref="StringFunctionException"/> for what the language cannot say.
    /// </summary>
    public string Translate(string function, Dim target, ExpressionSite site)
    {
        var node = StringFunctionParser.Parse(function);
        CheckNames(node, site);
        var units = TryUnits(node, target, site);
        return units is not null ? new Printer(units, null).Print(node) : new Printer([], (this, site)).Print(node);
    }

    /// <summary>Marks netParams numbers whose units <see cref="InferParameters"/> is to find.</summary>
    public void Open(IEnumerable<string> names) => open.UnionWith(names);

    /// <summary>
    /// The units of the open netParams numbers <paramref name="function"/> reads, found the way a bare number's are
    /// (plain where nothing fixes them); they are no longer open. Null, and still open, when no units fit.
    /// </summary>
    public IReadOnlyDictionary<string, Dim>? InferParameters(string function, Dim target, ExpressionSite site)
    {
        try
        {
            var node = StringFunctionParser.Parse(function);
            CheckNames(node, site);
            var reads = Names(function).Where(open.Contains).ToHashSet();
            if (reads.Count == 0) return null;
            var inference = new UnitInference(this, site);
            var result = inference.Check(node, null);
            if (result is Dim dim && !dim.IsNone && dim != target)
            {
                inference = new UnitInference(this, site);
                inference.Check(node, target);
            }
            var found = reads.ToDictionary(name => name, name => inference.ParameterUnits.GetValueOrDefault(name, Dim.None));
            open.ExceptWith(reads);
            return found;
        }
        catch (Exception e) when (e is StringFunctionException or NoUnitsFit)
        {
            return null;
        }
    }

    /// <summary>Forgets what is still open: those numbers stay plain.</summary>
    public void CloseAll() => open.Clear();

    /// <summary>The names a function uses (its params among them).</summary>
    public static IEnumerable<string> Names(string function)
    {
        FunctionNode node;
        try
        {
            node = StringFunctionParser.Parse(function);
        }
        catch (StringFunctionException)
        {
            yield break;
        }
        var stack = new Stack<FunctionNode>([node]);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case NameNode name: yield return name.Name; break;
                case NegateNode negate: stack.Push(negate.Operand); break;
                case BinaryNode binary: stack.Push(binary.Left); stack.Push(binary.Right); break;
                case CallNode call: foreach (var argument in call.Arguments) stack.Push(argument); break;
            }
        }
    }

    private void CheckNames(FunctionNode node, ExpressionSite site)
    {
        switch (node)
        {
            case NameNode name when DimensionOf(name.Name, site) is null:
                throw new StringFunctionException($"'{name.Name}' is not a variable NetDsl has {SiteText(site)}");
            case NegateNode negate: CheckNames(negate.Operand, site); break;
            case BinaryNode binary: CheckNames(binary.Left, site); CheckNames(binary.Right, site); break;
            case CallNode call:
                if (!Functions.Contains(call.Function)) throw new StringFunctionException($"NetDsl has no function '{call.Function}'");
                int expected = call.Function switch
                {
                    "min" or "max" or "uniform" or "normal" or "discunif" or "pow" => 2,
                    _ => 1,
                };
                if (call.Arguments.Count != expected) throw new StringFunctionException($"{call.Function}() takes {expected} argument{(expected == 1 ? "" : "s")} in NetDsl");
                foreach (var argument in call.Arguments) CheckNames(argument, site);
                break;
        }
    }

    private static string SiteText(ExpressionSite site) => site switch
    {
        ExpressionSite.Cell => "for a cell (x, y, z, xnorm, ynorm, znorm)",
        ExpressionSite.StimTarget => "for a stimulus target (post_x ... post_znorm)",
        _ => "for a connection",
    };

    /// <summary>Units for the bare numbers, or null when none fit.</summary>
    private Dictionary<NumberNode, Dim>? TryUnits(FunctionNode node, Dim target, ExpressionSite site)
    {
        var inference = new UnitInference(this, site);
        try
        {
            var result = inference.Check(node, null);
            if (result is Dim dim && !dim.IsNone && dim != target)
            {
                inference = new UnitInference(this, site);
                inference.Check(node, target);
            }
            return inference.Units;
        }
        catch (NoUnitsFit)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives bare numbers units: a number's type is open (null) until a neighbour in a sum, min, max or uniform, or a
    /// required dimension, fixes it; a product or quotient that misses a required dimension gives its open side the
    /// dimension that completes it.
    /// </summary>
    private sealed class UnitInference(ExpressionTranslator owner, ExpressionSite site)
    {
        public Dictionary<NumberNode, Dim> Units { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>The units given to open netParams numbers (one per name, however often it is read).</summary>
        public Dictionary<string, Dim> ParameterUnits { get; } = [];

        public Dim? Check(FunctionNode node, Dim? expected)
        {
            switch (node)
            {
                case NumberNode number:
                    if (expected is not Dim wanted) return null;
                    if (wanted.UnitInExpression() is null) throw new NoUnitsFit("no unit");
                    Units[number] = wanted;
                    return wanted;
                case NameNode name when owner.open.Contains(name.Name):
                    if (ParameterUnits.TryGetValue(name.Name, out var given))
                    {
                        if (expected is Dim need && need != given) throw new NoUnitsFit(name.Name);
                        return given;
                    }
                    if (expected is not Dim unit) return null;
                    if (unit.UnitInExpression() is null) throw new NoUnitsFit("no unit");
                    ParameterUnits[name.Name] = unit;
                    return unit;
                case NameNode name:
                    var dim = owner.DimensionOf(name.Name, site)!.Value;
                    if (expected is Dim required && required != dim) throw new NoUnitsFit(name.Name);
                    return dim;
                case NegateNode negate:
                    return Check(negate.Operand, expected);
                case BinaryNode { Operator: "+" or "-" } sum:
                    return Same(sum.Left, sum.Right, expected);
                case BinaryNode { Operator: "*" or "/" } product:
                    return Product(product, expected);
                case BinaryNode power:
                    return Power(power.Left, power.Right, expected);
                case CallNode call:
                    return Call(call, expected);
                default:
                    throw new NoUnitsFit("node");
            }
        }

        private Dim? Same(FunctionNode left, FunctionNode right, Dim? expected)
        {
            var l = Check(left, expected);
            var r = Check(right, expected);
            if (l is null && r is Dim rd) return Check(left, rd);
            if (r is null && l is Dim ld) return Check(right, ld);
            if (l is Dim a && r is Dim b && a != b) throw new NoUnitsFit("sum");
            return l;
        }

        private Dim Product(BinaryNode node, Dim? expected)
        {
            bool divide = node.Operator == "/";
            var l = Check(node.Left, null);
            var r = Check(node.Right, null);
            Dim ld = l ?? Dim.None, rd = r ?? Dim.None;
            Dim result = divide ? ld.Over(rd) : ld.Times(rd);
            if (expected is Dim wanted && result != wanted)
            {
                if (r is null) Check(node.Right, divide ? ld.Over(wanted) : wanted.Over(ld));
                else if (l is null) Check(node.Left, divide ? wanted.Times(rd) : wanted.Over(rd));
                else throw new NoUnitsFit("product");
                return wanted;
            }
            if (l is null) Check(node.Left, Dim.None);
            if (r is null) Check(node.Right, Dim.None);
            return result;
        }

        private Dim Power(FunctionNode @base, FunctionNode exponent, Dim? expected)
        {
            Check(exponent, Dim.None);
            var b = Check(@base, null);
            Dim result;
            if (b is not Dim bd || bd.IsNone)
            {
                if (b is null) Check(@base, Dim.None);
                result = Dim.None;
            }
            else if (exponent is NumberNode { Value: var n } && n == Math.Floor(n) && Math.Abs(n) < 10) result = bd.Power((int)n);
            else if (exponent is NumberNode { Value: 0.5 } && bd.TryHalf(out var half)) result = half;
            else throw new NoUnitsFit("power");
            if (expected is Dim wanted && wanted != result) throw new NoUnitsFit("power");
            return result;
        }

        private Dim? Call(CallNode call, Dim? expected)
        {
            var args = call.Arguments;
            switch (call.Function)
            {
                case "exp" or "log" or "log10" or "sin" or "cos" or "tan":
                    Check(args[0], Dim.None);
                    if (expected is Dim wanted && !wanted.IsNone) throw new NoUnitsFit(call.Function);
                    return Dim.None;
                case "sqrt":
                    var inner = Check(args[0], null);
                    if (inner is null) inner = Check(args[0], Dim.None);
                    if (!inner!.Value.TryHalf(out var half) || (expected is Dim need && need != half)) throw new NoUnitsFit("sqrt");
                    return half;
                case "abs" or "negexp":
                    return Check(args[0], expected);
                case "min" or "max" or "uniform":
                    return Same(args[0], args[1], expected);
                case "normal":
                    var mean = Check(args[0], expected);
                    if (Check(args[1], null) is null) Check(args[1], Dim.None);
                    return mean;
                case "discunif":
                    Check(args[0], Dim.None);
                    Check(args[1], Dim.None);
                    if (expected is Dim plain && !plain.IsNone) throw new NoUnitsFit("discunif");
                    return Dim.None;
                default:
                    return Power(args[0], args[1], expected);
            }
        }
    }

    /// <summary>
    /// Writes the expression without spaces outside calls, with Python's precedence. With <c>plain</c> set, every
    /// quantity is divided by its unit, so the whole expression is NetPyNE's arithmetic on plain numbers.
    /// </summary>
    private sealed class Printer(Dictionary<NumberNode, Dim> units, (ExpressionTranslator Owner, ExpressionSite Site)? plain)
    {
        public string Print(FunctionNode node) => Write(new StringBuilder(), node).ToString();

        private static int Precedence(FunctionNode node) => node switch
        {
            BinaryNode { Operator: "+" or "-" } => 1,
            BinaryNode { Operator: "*" or "/" } => 2,
            NegateNode => 3,
            BinaryNode => 4,
            _ => 5,
        };

        private StringBuilder Write(StringBuilder text, FunctionNode node)
        {
            switch (node)
            {
                case NumberNode number:
                    text.Append(NumberText.Format(number.Value));
                    if (units.TryGetValue(number, out var dim)) text.Append(dim.UnitInExpression());
                    break;
                case NameNode name:
                    var quantity = plain?.Owner.DimensionOf(name.Name, plain.Value.Site);
                    if (quantity is Dim d && !d.IsNone)
                    {
                        string unit = d.UnitInExpression() ?? throw new StringFunctionException($"'{name.Name}' has no unit NetDsl can write");
                        text.Append('(').Append(name.Name).Append("/1").Append(unit).Append(')');
                    }
                    else
                    {
                        text.Append(name.Name);
                    }
                    break;
                case NegateNode negate:
                    text.Append('-');
                    Operand(text, negate.Operand, Precedence(negate.Operand) < 3);
                    break;
                case BinaryNode binary:
                    int own = Precedence(binary);
                    bool power = binary.Operator == "**";
                    Operand(text, binary.Left, power ? Precedence(binary.Left) <= own : Precedence(binary.Left) < own);
                    text.Append(binary.Operator);
                    bool rightParens = power ? Precedence(binary.Right) < 3
                        : binary.Operator is "-" or "/" ? Precedence(binary.Right) <= own : Precedence(binary.Right) < own;
                    Operand(text, binary.Right, rightParens);
                    break;
                case CallNode call:
                    text.Append(call.Function).Append('(');
                    for (int i = 0; i < call.Arguments.Count; i++)
                    {
                        if (i > 0) text.Append(", ");
                        // NEURON's normal() takes a variance; the language wants it said.
                        if (call.Function == "normal" && i == 1) text.Append("variance=");
                        Write(text, call.Arguments[i]);
                    }
                    text.Append(')');
                    break;
            }
            return text;
        }

        private void Operand(StringBuilder text, FunctionNode node, bool parentheses)
        {
            if (parentheses) text.Append('(');
            Write(text, node);
            if (parentheses) text.Append(')');
        }
    }
}
