using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentConsole.Features.Policies;

/// <summary>
/// Counts the human output of <c>terraform plan</c> / <c>terraform show</c>. The per-resource <c># address will be
/// ...</c> headers are trusted first; the summary line is the fallback, because it counts a replacement as both an
/// add and a destroy. The <c>-/+</c> symbol lines serve plans with no headers (Terraform 0.11, or trimmed output).
/// </summary>
internal static partial class TerraformPlanText
{
    private enum ResourceAction { None, Create, Update, Destroy, Replace }

    // "x is tainted, so must be replaced" also holds " must be ": the address ends at the first of these.
    private static readonly string[] HeaderVerbs = [" will be ", " must be ", " is tainted, ", " has moved to "];

    public static void Read(string text, PlanTally tally)
    {
        var headers = new ResourceCounts();
        var symbols = new ResourceCounts();
        int[]? summary = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.TrimStart(" \t");
            if (trimmed.StartsWith("# "))
            {
                if (ReadHeader(trimmed[2..], out var address) is { } action)
                {
                    headers.Add(action, address, default);
                }
            }
            else if (trimmed.StartsWith("Plan:"))
            {
                summary = ReadSummary(trimmed);
            }
            else if (headers.Seen == 0 && line.Length - trimmed.Length <= 4 && ReadSymbolLine(trimmed, out var address, out var name) is { } action)
            {
                // Symbol lines matter only without headers, and only at resource level (attributes sit deeper).
                symbols.Add(action, address, name);
            }
        }

        if (headers.Seen > 0)
        {
            headers.CopyTo(tally);
        }
        else if (summary is [var add, var change, var destroy])
        {
            // The summary counts each replacement as an add and a destroy; the -/+ lines say how many there were.
            var replaces = Math.Min(symbols.Replaces, Math.Min(add, destroy));
            tally.Adds += add - replaces;
            tally.Changes += change;
            tally.Destroys += destroy - replaces;
            tally.Replaces += replaces;
            symbols.MarkTo(tally);
            if (symbols.Marked == 0 && destroy - replaces > 0)
            {
                tally.Mark($"{destroy - replaces} resources will be destroyed");
            }

            if (symbols.Marked == 0 && replaces > 0)
            {
                tally.Mark($"{replaces} resources must be replaced");
            }
        }
        else
        {
            symbols.CopyTo(tally);
        }
    }

    /// <summary>
    /// Reads <c>aws_instance.web will be created</c>: null when the comment names no resource. Reads, moves and
    /// imports name one but change nothing; drift ("has been changed") names none, as it already happened.
    /// </summary>
    private static ResourceAction? ReadHeader(ReadOnlySpan<char> header, out ReadOnlySpan<char> address)
    {
        var at = -1;
        foreach (var verb in HeaderVerbs)
        {
            var found = header.IndexOf(verb, StringComparison.Ordinal);
            if (found > 0 && (at < 0 || found < at))
            {
                at = found;
            }
        }

        address = at > 0 ? header[..at] : default;
        if (at < 0 || !IsAddress(address))
        {
            return null;
        }

        var rest = header[(at + 1)..];
        return rest switch
        {
            _ when rest.StartsWith("will be created") => ResourceAction.Create,
            _ when rest.StartsWith("will be updated in-place") => ResourceAction.Update,
            _ when rest.StartsWith("will be destroyed") => ResourceAction.Destroy,
            _ when rest.StartsWith("will be replaced") || rest.Contains("must be replaced", StringComparison.Ordinal) => ResourceAction.Replace,
            _ => ResourceAction.None,
        };
    }

    private static int[] ReadSummary(ReadOnlySpan<char> line)
    {
        int[] counts = [0, 0, 0];
        foreach (var match in SummaryCount().EnumerateMatches(line))
        {
            var item = line.Slice(match.Index, match.Length);
            var slot = item.EndsWith("add") ? 0 : item.EndsWith("change") ? 1 : 2;
            counts[slot] = int.TryParse(item[..item.IndexOf(' ')], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return counts;
    }

    /// <summary>
    /// Reads a resource's symbol line: <c>-/+ resource "aws_instance" "web" {</c> (0.12 and later, where the address
    /// is type.name) or <c>-/+ aws_instance.web (new resource required)</c> (0.11). Null for anything else, such as
    /// the legend (<c>+ create</c>), output changes (<c>~ ip = ...</c>) and data sources.
    /// </summary>
    private static ResourceAction? ReadSymbolLine(ReadOnlySpan<char> line, out ReadOnlySpan<char> address, out ReadOnlySpan<char> name)
    {
        address = name = default;
        var (action, width) = line switch
        {
            ['-', '/', '+', ..] or ['+', '/', '-', ..] => (ResourceAction.Replace, 3),
            ['+', ..] => (ResourceAction.Create, 1),
            ['~', ..] => (ResourceAction.Update, 1),
            ['-', ..] => (ResourceAction.Destroy, 1),
            _ => (ResourceAction.None, 0),
        };
        if (width == 0 || line.Length == width || line[width] is not (' ' or '\t'))
        {
            return null;
        }

        var rest = line[width..].TrimStart(" \t");
        if (rest.StartsWith("resource \""))
        {
            // resource "aws_instance" "web" {
            var type = rest[10..];
            var typeEnd = type.IndexOf('"');
            var tail = typeEnd <= 0 ? default : type[(typeEnd + 1)..].TrimStart(" \t");
            var nameEnd = tail is ['"', ..] ? tail[1..].IndexOf('"') : -1;
            if (nameEnd <= 0)
            {
                return null;
            }

            address = type[..typeEnd];
            name = tail.Slice(1, nameEnd);
            return action;
        }

        var end = rest.IndexOfAny(' ', '\t');
        address = end < 0 ? rest : rest[..end];
        var after = end < 0 ? default : rest[end..].Trim(" \t");
        return IsAddress(address) && (after.IsEmpty || after[0] == '(') ? action : null;
    }

    /// <summary>Addresses start like an identifier and have a dot (<c>module.app.aws_instance.web["a"]</c>); comments do not.</summary>
    private static bool IsAddress(ReadOnlySpan<char> address) =>
        !address.IsEmpty && (char.IsAsciiLetter(address[0]) || address[0] == '_') && address.Contains('.')
        && !address.StartsWith("data.") && !address.Contains(".data.", StringComparison.Ordinal);

    [GeneratedRegex(@"\b[0-9]{1,9} to (?:add|change|destroy)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SummaryCount();

    /// <summary>What one way of reading the plan (headers or symbol lines) found, kept apart until one is chosen.</summary>
    private sealed class ResourceCounts
    {
        private readonly List<string> _markers = [];

        /// <summary>Resources named, including reads and moves that change nothing.</summary>
        public int Seen { get; private set; }

        public int Adds { get; private set; }

        public int Changes { get; private set; }

        public int Destroys { get; private set; }

        public int Replaces { get; private set; }

        public int Marked => _markers.Count;

        /// <summary>Counts one resource; the address is copied out of the plan only when a marker needs it.</summary>
        public void Add(ResourceAction action, ReadOnlySpan<char> address, ReadOnlySpan<char> name)
        {
            Seen++;
            switch (action)
            {
                case ResourceAction.Create:
                    Adds++;
                    break;
                case ResourceAction.Update:
                    Changes++;
                    break;
                case ResourceAction.Destroy:
                    Destroys++;
                    _markers.Add($"{Address(address, name)} will be destroyed");
                    break;
                case ResourceAction.Replace:
                    Replaces++;
                    _markers.Add($"{Address(address, name)} must be replaced");
                    break;
            }
        }

        public void CopyTo(PlanTally tally)
        {
            tally.Adds += Adds;
            tally.Changes += Changes;
            tally.Destroys += Destroys;
            tally.Replaces += Replaces;
            MarkTo(tally);
        }

        public void MarkTo(PlanTally tally) => _markers.ForEach(tally.Mark);

        private static string Address(ReadOnlySpan<char> address, ReadOnlySpan<char> name) =>
            name.IsEmpty ? address.ToString() : $"{address}.{name}";
    }
}
