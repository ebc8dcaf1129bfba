namespace AgentConsole.Features.Policies;

/// <summary>
/// A glob compiled once when a policy is parsed: <c>*</c> matches any run of characters (including <c>/</c>),
/// <c>?</c> one character, everything else itself (ordinal, case-sensitive). The common shapes get their own
/// matcher so that evaluation is a single string comparison for most rules.
/// </summary>
internal abstract class Glob
{
    public abstract bool IsMatch(string value);

    public static Glob Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var collapsed = CollapseStars(pattern);
        if (collapsed.Contains('?', StringComparison.Ordinal))
        {
            return new WildcardGlob(collapsed);
        }

        var stars = collapsed.Count(c => c == '*');
        if (stars == 0)
        {
            return new ExactGlob(collapsed);
        }

        if (collapsed.Length == 1)
        {
            return AnyGlob.Instance;
        }

        var first = collapsed.IndexOf('*', StringComparison.Ordinal);
        if (stars == 1 && first == collapsed.Length - 1)
        {
            return new PrefixGlob(collapsed[..^1]);
        }

        if (stars == 1 && first == 0)
        {
            return new SuffixGlob(collapsed[1..]);
        }

        if (stars == 1)
        {
            return new PrefixSuffixGlob(collapsed[..first], collapsed[(first + 1)..]);
        }

        if (stars == 2 && first == 0 && collapsed[^1] == '*')
        {
            return new ContainsGlob(collapsed[1..^1]);
        }

        return new WildcardGlob(collapsed);
    }

    /// <summary>Any of several globs; a single glob stands for itself.</summary>
    public static Glob AnyOf(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Count == 1 ? Compile(patterns[0]) : new AnyOfGlob([.. patterns.Select(Compile)]);
    }

    // "a**b" means the same as "a*b"; collapsing keeps the special cases reachable.
    private static string CollapseStars(string pattern)
    {
        while (pattern.Contains("**", StringComparison.Ordinal))
        {
            pattern = pattern.Replace("**", "*", StringComparison.Ordinal);
        }

        return pattern;
    }

    private sealed class ExactGlob(string text) : Glob
    {
        public override bool IsMatch(string value) => string.Equals(value, text, StringComparison.Ordinal);
    }

    private sealed class AnyGlob : Glob
    {
        public static readonly AnyGlob Instance = new();

        public override bool IsMatch(string value) => true;
    }

    private sealed class PrefixGlob(string prefix) : Glob
    {
        public override bool IsMatch(string value) => value.StartsWith(prefix, StringComparison.Ordinal);
    }

    private sealed class SuffixGlob(string suffix) : Glob
    {
        public override bool IsMatch(string value) => value.EndsWith(suffix, StringComparison.Ordinal);
    }

    private sealed class PrefixSuffixGlob(string prefix, string suffix) : Glob
    {
        public override bool IsMatch(string value) =>
            value.Length >= prefix.Length + suffix.Length
            && value.StartsWith(prefix, StringComparison.Ordinal)
            && value.EndsWith(suffix, StringComparison.Ordinal);
    }

    private sealed class ContainsGlob(string part) : Glob
    {
        public override bool IsMatch(string value) => value.Contains(part, StringComparison.Ordinal);
    }

    private sealed class AnyOfGlob(Glob[] globs) : Glob
    {
        public override bool IsMatch(string value)
        {
            foreach (var glob in globs)
            {
                if (glob.IsMatch(value))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Linear wildcard matching that backtracks only to the last star: no regex, no allocation.</summary>
    private sealed class WildcardGlob(string pattern) : Glob
    {
        public override bool IsMatch(string value)
        {
            int p = 0, v = 0, star = -1, resume = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
                {
                    p++;
                    v++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    resume = v;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    v = ++resume;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }
    }
}
