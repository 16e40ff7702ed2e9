using System;
using System.Collections.Generic;
using System.Text;

namespace NetDsl.Generators.Helpers;

/// <summary>Turns file and DSL names into C# identifiers.</summary>
internal static class Identifiers
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>"izhikevich_inhibitory_network" → "IzhikevichInhibitoryNetwork".</summary>
    public static string ToPascalCase(string text)
    {
        var sb = new StringBuilder();
        bool upper = true;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, "Network");
        }
        return sb.ToString();
    }

    /// <summary>A DSL name (letters, digits, '_') as a C# member name; keywords get '@'.</summary>
    public static string Member(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>"tau1" → "Tau1", "v_init" → "VInit", "L" → "L".</summary>
    public static string Property(string name) => ToPascalCase(name);

    public static bool IsValidTypeName(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (char c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return !Keywords.Contains(name);
    }
}
