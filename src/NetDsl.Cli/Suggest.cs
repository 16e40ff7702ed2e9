namespace NetDsl.Cli;

/// <summary>"Did you mean": the closest of a list of known words to a mistyped one.</summary>
public static class Suggest
{
    /// <summary>
    /// The candidate nearest to <paramref name="text"/> by edit distance (at most a third of the longer word, at
    /// least 1), or one that the text starts with (<c>--output</c> → <c>--out</c>); null when none is close.
    /// </summary>
    public static string? Closest(string text, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(text.ToLowerInvariant(), candidate.ToLowerInvariant());
            int allowed = Math.Max(1, Math.Max(text.Length, candidate.Length) / 3);
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best is not null) return best;
        foreach (string candidate in candidates)
        {
            if (candidate.Length > 2 && text.StartsWith(candidate, StringComparison.OrdinalIgnoreCase)) return candidate;
        }
        return null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
