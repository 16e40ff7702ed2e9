using System;
using System.Collections.Generic;

namespace NetDsl.Generators.Helpers;

/// <summary>"Did you mean" support: the closest known name by edit distance, ignoring case differences first.</summary>
internal static class Suggestions
{
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestScore = int.MaxValue;
        bool bestSameStart = false;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
            int distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            bool sameStart = name.Length > 0 && candidate.Length > 0 && char.ToLowerInvariant(name[0]) == char.ToLowerInvariant(candidate[0]);
            if (distance < bestScore || (distance == bestScore && sameStart && !bestSameStart))
            {
                bestScore = distance;
                best = candidate;
                bestSameStart = sameStart;
            }
        }
        // Far-off names are not typos of anything; a suggestion would only confuse. Beyond one edit, a typo keeps
        // the first letter (plast is not a typo of list, nor loc of all).
        int allowed = Math.Max(1, Math.Min(3, (name.Length + 1) / 3));
        if (best is null || bestScore > allowed) return null;
        return bestScore <= 1 || bestSameStart ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or an empty string.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        var best = Closest(name, candidates);
        return best is null ? string.Empty : $" Did you mean '{best}'?";
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }
                d[i, j] = value;
            }
        }
        return d[a.Length, b.Length];
    }
}
