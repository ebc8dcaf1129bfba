using System.Buffers;
using System.Text.RegularExpressions;

namespace AgentConsole.Features.Policies;

/// <summary>
/// Finds well-known destructive commands (SQL drops, <c>rm -rf</c>, <c>kubectl delete</c>, force pushes...) in any
/// plan text, whatever its format: a Terraform plan can carry a <c>local-exec</c> and a runbook can carry SQL.
/// </summary>
internal static partial class DestructiveCommands
{
    private const int MaxMarkerLength = 100;
    private const int MaxCommandReach = 120;
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline;
    private static readonly SearchValues<char> CommandBreaks = SearchValues.Create("\n;|&`\"");

    public static void Scan(string text, PlanTally tally)
    {
        var found = new List<(int At, string Marker)>();
        Find(text, ["drop"], Drop(), found, m => Sql($"DROP {m.Groups["what"].Value.ToUpperInvariant()}", m.Groups["name"]));

        // "truncate the log" is prose; TRUNCATE TABLE x or TRUNCATE x; is SQL.
        Find(text, ["truncate"], Truncate(), found,
            m => m.Groups["table"].Success || m.Groups["end"].Success ? Sql("TRUNCATE", m.Groups["name"]) : null);

        var statements = new SqlStatements(text);
        Find(text, ["delete", "from"], DeleteFrom(), found, m => Sql("DELETE FROM", m.Groups["name"]) + " without WHERE",
            skip: hit => statements.HaveWhere(hit.Index + hit.Length));

        Find(text, ["rm"], Remove(), found, m => !IsRecursiveForce(m.Groups["flags"].Value) ? null
            : Shorten(m.Groups["target"].Success ? $"rm -rf {m.Groups["target"].Value}" : "rm -rf"));

        Find(text, ["git", "push"], GitPush(), found, m => IsForce(m.Groups["args"].Value) ? Shorten(m.Value) : null);
        Find(text, ["helm"], HelmUninstall(), found, m => Shorten(m.Value));
        Find(text, ["s3", "rb"], S3RemoveBucket(), found, m => Shorten(m.Value));

        FindCommand(text, "kubectl", "delete", found);
        FindCommand(text, "terraform", "destroy", found, TerraformDestroy());

        // Markers are kept in the order the commands appear, which is how an approver reads the plan.
        foreach (var (_, marker) in found.OrderBy(f => f.At))
        {
            tally.Mark(marker);
        }
    }

    /// <summary>
    /// Runs one pattern over the text. A cheap ordinal search for each of its words comes first, since most plans
    /// contain none of them. Hits are enumerated without allocating, and only the first of identical hits is
    /// described: a 5 MB dump of one repeated statement costs one <see cref="Match"/>, not a million.
    /// </summary>
    private static void Find(string text, string[] words, Regex pattern, List<(int At, string Marker)> found,
        Func<Match, string?> describe, Func<ValueMatch, bool>? skip = null)
    {
        if (!Array.TrueForAll(words, word => text.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        try
        {
            foreach (var hit in pattern.EnumerateMatches(text))
            {
                if ((skip is null || !skip(hit)) && seen.Add(text.AsSpan(hit.Index, hit.Length))
                    && describe(pattern.Match(text, hit.Index)) is { } marker)
                {
                    found.Add((hit.Index, marker));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // The patterns are linear, so only absurd input gets here. A scan that did not finish cannot vouch
            // for the plan: say so, which makes it destructive and sends it to a person.
            found.Add((text.Length, $"the scan for {string.Join(' ', words)} did not finish"));
        }
    }

    /// <summary>
    /// Marks <c>kubectl ... delete ...</c>-like commands. The verb is rarer than the command, so this finds the verb
    /// and looks back for the command leading the same shell command: a pattern that starts at every "kubectl" and
    /// scans ahead for "delete" costs far more on a long runbook.
    /// </summary>
    private static void FindCommand(string text, string command, string verb, List<(int At, string Marker)> found, Regex? shape = null)
    {
        if (!text.Contains(command, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        try
        {
            for (var at = text.IndexOf(verb, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = text.IndexOf(verb, at + verb.Length, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + verb.Length;
                if ((at > 0 && char.IsLetterOrDigit(text[at - 1])) || (end < text.Length && char.IsLetterOrDigit(text[end]))
                    || CommandStart(text, at, command) is not (>= 0 and var start))
                {
                    continue;
                }

                // The command runs on to the next separator, within reach.
                var rest = text.AsSpan(end, Math.Min(MaxCommandReach, text.Length - end));
                end += rest.IndexOfAny(CommandBreaks) is var stop and >= 0 ? stop : rest.Length;
                var whole = text.AsSpan(start, end - start);
                if ((shape is null || shape.IsMatch(whole)) && seen.Add(whole))
                {
                    found.Add((start, Shorten(whole.ToString())));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            found.Add((text.Length, $"the scan for {command} did not finish"));
        }
    }

    /// <summary>
    /// Where <paramref name="command"/> starts when it leads the shell command holding the verb at
    /// <paramref name="verb"/>: within <see cref="MaxCommandReach"/> characters, with no newline, <c>;</c>,
    /// <c>|</c>, <c>&amp;</c> or quote between. -1 when it does not.
    /// </summary>
    private static int CommandStart(string text, int verb, string command)
    {
        var from = Math.Max(0, verb - MaxCommandReach);
        var line = text.AsSpan(from, verb - from);
        var offset = line.LastIndexOfAny(CommandBreaks) + 1;
        line = line[offset..];

        // Vectorised searches for the first letter, then one comparison: no case-insensitive substring search. The
        // command needs a blank after it, so the search starts one character short of the end.
        char lower = char.ToLowerInvariant(command[0]), upper = char.ToUpperInvariant(command[0]);
        for (var end = line.Length - command.Length - 1; end >= 0; end--)
        {
            end = line[..(end + 1)].LastIndexOfAny(lower, upper);
            if (end < 0)
            {
                break;
            }

            var after = end + command.Length;
            if (line.Slice(end, command.Length).Equals(command, StringComparison.OrdinalIgnoreCase)
                && (end == 0 || !char.IsLetterOrDigit(line[end - 1])) && line[after] is ' ' or '\t')
            {
                return from + offset + end;
            }
        }

        return -1;
    }

    private static string Sql(string statement, Group name) =>
        Shorten(name.Success ? $"{statement} {name.Value}" : statement);

    private static bool IsRecursiveForce(string flags)
    {
        bool recursive = false, force = false;
        foreach (var flag in flags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (flag.StartsWith("--", StringComparison.Ordinal))
            {
                recursive |= flag.Equals("--recursive", StringComparison.Ordinal);
                force |= flag.Equals("--force", StringComparison.Ordinal);
            }
            else
            {
                recursive |= flag.Contains('r', StringComparison.OrdinalIgnoreCase);
                force |= flag.Contains('f', StringComparison.OrdinalIgnoreCase);
            }
        }

        return recursive && force;
    }

    private static bool IsForce(string args)
    {
        foreach (var arg in args.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var force = arg.StartsWith("--force", StringComparison.Ordinal)
                || (arg.Length > 1 && arg[0] == '-' && arg[1] != '-' && arg.Contains('f', StringComparison.Ordinal))
                || (arg.Length > 1 && arg[0] == '+'); // a +refspec forces that one branch
            if (force)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Collapses whitespace, drops surrounding quotes and caps the length: markers are read by approvers.</summary>
    private static string Shorten(string marker)
    {
        var collapsed = string.Join(' ', marker.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim('"', '\'', '`');
        return collapsed.Length <= MaxMarkerLength ? collapsed : string.Concat(collapsed.AsSpan(0, MaxMarkerLength - 1), "…");
    }

    // Every pattern is linear: runs of disjoint character classes and bounded repeats, plus a timeout as a backstop.
    [GeneratedRegex("""\bDROP\s+(?<what>TABLE|DATABASE|SCHEMA)\b(?:\s+IF\s+EXISTS\b)?(?:\s+(?<name>[\w."`\[\]$-]+))?""", Options, 1000)]
    private static partial Regex Drop();

    [GeneratedRegex("""\bTRUNCATE\s+(?:(?<table>TABLE)\s+)?(?:ONLY\s+)?(?<name>[\w."`\[\]$]+)(?<end>[ \t\r]*(?:[;,]|$|\b(?:CASCADE|RESTRICT|RESTART|CONTINUE)\b))?""", Options, 1000)]
    private static partial Regex Truncate();

    [GeneratedRegex("""\bDELETE\s+FROM\s+(?<name>[\w."`\[\]$]+)""", Options, 1000)]
    private static partial Regex DeleteFrom();

    [GeneratedRegex(@"(?<![\w.-])rm(?<flags>(?:[ \t]+-{1,2}[\w-]+)+)(?:[ \t]+(?<target>[^\s;|&]+))?", Options, 1000)]
    private static partial Regex Remove();

    /// <summary><c>terraform destroy</c>, or <c>terraform apply</c> / <c>plan</c> with <c>-destroy</c>; run on one short command.</summary>
    [GeneratedRegex(@"^terraform[ \t]+(?:-chdir=\S+[ \t]+)?(?:destroy|(?:apply|plan)\b.*[ \t]-destroy)\b", Options, 1000)]
    private static partial Regex TerraformDestroy();

    [GeneratedRegex(@"\bhelm[ \t]+(?:uninstall|delete|del|un)\b[^\n;|&`""]{0,120}", Options, 1000)]
    private static partial Regex HelmUninstall();

    [GeneratedRegex(@"\baws[ \t]+s3[ \t]+rb\b[^\n;|&`""]{0,120}", Options, 1000)]
    private static partial Regex S3RemoveBucket();

    [GeneratedRegex(@"\bgit[ \t]+(?:-C[ \t]+\S+[ \t]+)?push\b(?<args>[^\n;|&`""]{0,200})", Options, 1000)]
    private static partial Regex GitPush();
}
