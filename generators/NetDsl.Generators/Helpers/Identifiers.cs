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

    /// <summary>Members every class inherits from object: a property of that name would hide one (CS0108).</summary>
    public static readonly HashSet<string> ObjectMembers = new(StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>Names longer than this (in UTF-8 bytes) are shortened: metadata names are limited to 1,024 bytes (CS7013).</summary>
    public const int MaxNameBytes = 200;

    /// <summary>
    /// The name itself, or for a name longer than <see cref="MaxNameBytes"/> UTF-8 bytes its beginning and a hash of
    /// the whole name (stable across runs), so that generated type and member names stay within metadata's limits.
    /// </summary>
    public static string Shorten(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxNameBytes) return name;
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }
        var sb = new StringBuilder();
        int bytes = 0;
        foreach (char c in name)
        {
            int size = Encoding.UTF8.GetByteCount(new[] { c });
            if (bytes + size > MaxNameBytes - 9) break;
            sb.Append(c);
            bytes += size;
        }
        return sb.Append('_').Append(hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>Whether the name (without '@') is a C# keyword.</summary>
    public static bool IsKeyword(string name) => Keywords.Contains(name);

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
