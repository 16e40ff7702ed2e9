using System;
using System.Text;

namespace NetDsl.Generators.Emit;

/// <summary>An indented writer over a StringBuilder; <see cref="WriteLine(string)"/> re-indents every line of a block.</summary>
internal sealed class CodeWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder builder = new();

    public int Indentation { get; set; }

    public CodeWriter WriteLine(string text = "")
    {
        if (text.Length == 0)
        {
            builder.Append('\n');
            return this;
        }
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0)
            {
                for (int i = 0; i < Indentation; i++) builder.Append(IndentUnit);
                builder.Append(line);
            }
            builder.Append('\n');
        }
        return this;
    }

    public void OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        Indentation++;
    }

    public void CloseBlock(string suffix = "")
    {
        Indentation--;
        WriteLine("}" + suffix);
    }

    public override string ToString()
    {
        if (Indentation != 0)
        {
            throw new InvalidOperationException("Unbalanced blocks in generated code (indentation " + Indentation + ").");
        }
        return builder.ToString();
    }
}
