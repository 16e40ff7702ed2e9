using System.Globalization;

namespace NetDsl.Cli.Import;

/// <summary>A node of a NetPyNE string function (a Python arithmetic expression such as <c>'0.1*exp(-dist_3D/150)'</c>).</summary>
internal abstract class FunctionNode;

internal sealed class NumberNode(double value) : FunctionNode
{
    public double Value { get; } = value;
}

internal sealed class NameNode(string name) : FunctionNode
{
    public string Name { get; } = name;
}

internal sealed class NegateNode(FunctionNode operand) : FunctionNode
{
    public FunctionNode Operand { get; } = operand;
}

internal sealed class BinaryNode(string op, FunctionNode left, FunctionNode right) : FunctionNode
{
    public string Operator { get; } = op;
    public FunctionNode Left { get; } = left;
    public FunctionNode Right { get; } = right;
}

internal sealed class CallNode(string function, IReadOnlyList<FunctionNode> arguments) : FunctionNode
{
    public string Function { get; } = function;
    public IReadOnlyList<FunctionNode> Arguments { get; } = arguments;
}

/// <summary>A string function NetDsl cannot read; the message says what was found.</summary>
internal sealed class StringFunctionException(string message) : Exception(message);

/// <summary>
/// Parses the subset of Python NetPyNE's string functions use: numbers, names, calls with positional arguments,
/// <c>+ - * / **</c>, unary minus and parentheses, with Python's precedence.
/// </summary>
internal sealed class StringFunctionParser
{
    /// <summary>The language's own nesting limit.</summary>
    private const int MaxDepth = 48;

    private readonly string text;
    private int position;
    private int depth;

    private StringFunctionParser(string text) => this.text = text;

    public static FunctionNode Parse(string text)
    {
        // Long sums nest as deep as they are long in the tree the translation walks.
        if (text.Length > 4000) throw new StringFunctionException($"the string function is {text.Length} characters long (at most 4000 are read)");
        var parser = new StringFunctionParser(text);
        var node = parser.Sum();
        parser.SkipSpaces();
        if (parser.position < text.Length) throw new StringFunctionException($"'{text[parser.position..]}' is not an expression NetDsl reads");
        return node;
    }

    private void SkipSpaces()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    private bool Take(string token)
    {
        SkipSpaces();
        if (string.CompareOrdinal(text, position, token, 0, token.Length) != 0) return false;
        // '*' must not take the first half of '**'.
        if (token == "*" && position + 1 < text.Length && text[position + 1] == '*') return false;
        position += token.Length;
        return true;
    }

    private FunctionNode Sum()
    {
        var node = Product();
        while (true)
        {
            if (Take("+")) node = new BinaryNode("+", node, Product());
            else if (Take("-")) node = new BinaryNode("-", node, Product());
            else return node;
        }
    }

    private FunctionNode Product()
    {
        var node = Factor();
        while (true)
        {
            SkipSpaces();
            if (position + 1 < text.Length && text[position] == '/' && text[position + 1] == '/') throw new StringFunctionException("'//' (floor division) has no NetDsl form");
            if (Take("*")) node = new BinaryNode("*", node, Factor());
            else if (Take("/")) node = new BinaryNode("/", node, Factor());
            else if (Take("%")) throw new StringFunctionException("'%' has no NetDsl form");
            else return node;
        }
    }

    private FunctionNode Factor()
    {
        if (++depth > MaxDepth) throw new StringFunctionException($"the expression nests deeper than {MaxDepth} levels");
        try
        {
            if (Take("-")) return new NegateNode(Factor());
            if (Take("+")) return Factor();
            var primary = Primary();
            return Take("**") ? new BinaryNode("**", primary, Factor()) : primary;
        }
        finally
        {
            depth--;
        }
    }

    private FunctionNode Primary()
    {
        SkipSpaces();
        if (position >= text.Length) throw new StringFunctionException("the expression ends too early");
        char c = text[position];
        if (Take("("))
        {
            var inner = Sum();
            if (!Take(")")) throw new StringFunctionException("a '(' is not closed");
            return inner;
        }
        if (char.IsAsciiDigit(c) || c == '.') return Number();
        if (char.IsAsciiLetter(c) || c == '_')
        {
            int start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_')) position++;
            string name = text[start..position];
            if (!Take("(")) return new NameNode(name);
            var arguments = new List<FunctionNode>();
            if (!Take(")"))
            {
                do
                {
                    SkipSpaces();
                    int mark = position;
                    while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_')) position++;
                    bool keyword = position > mark && Take("=") && !Take("=");
                    position = keyword ? position : mark;
                    if (keyword) throw new StringFunctionException($"the named argument in {name}(...) has no NetDsl form");
                    arguments.Add(Sum());
                }
                while (Take(","));
                if (!Take(")")) throw new StringFunctionException($"{name}(...) is not closed");
            }
            return new CallNode(name, arguments);
        }
        throw new StringFunctionException($"'{c}' is not part of an expression NetDsl reads");
    }

    private NumberNode Number()
    {
        int start = position;
        while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.')) position++;
        if (position < text.Length && text[position] is 'e' or 'E')
        {
            int mark = position++;
            if (position < text.Length && text[position] is '+' or '-') position++;
            if (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
            }
            else
            {
                position = mark;
            }
        }
        string number = text[start..position];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) throw new StringFunctionException($"'{number}' is not a number");
        return new NumberNode(value);
    }
}
