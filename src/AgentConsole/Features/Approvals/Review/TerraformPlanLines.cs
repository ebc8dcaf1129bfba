using System.Buffers;

namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Reads <c>terraform plan</c> text as a diff. The plan already describes a change, so its symbols are interpreted:
/// <c>+</c> added, <c>-</c> removed, <c>~</c> and <c>-/+</c> changed, resource headers and the summary are headers.
/// </summary>
internal static class TerraformPlanLines
{
    private static readonly SearchValues<char> WordChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    public static List<DiffLine> Read(string text)
    {
        var lines = new List<DiffLine>();
        int oldNumber = 0, newNumber = 0;
        var inLegend = false;
        string? heredocEnd = null;
        var heredocKind = DiffLineKind.Context;
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            var line = span.ToString();
            DiffLineKind kind;
            if (heredocEnd is not null)
            {
                // A heredoc's lines carry no symbols: they belong to the attribute line that opened it.
                kind = heredocKind;
                if (span.Trim() is var trimmed && trimmed.SequenceEqual(heredocEnd))
                {
                    heredocEnd = null;
                }
            }
            else
            {
                kind = Classify(line, ref inLegend);
                if (kind is DiffLineKind.Added or DiffLineKind.Removed or DiffLineKind.Changed && HeredocOpened(span) is { } end)
                {
                    (heredocEnd, heredocKind) = (end, kind);
                }
            }

            var hasOld = kind is DiffLineKind.Context or DiffLineKind.Removed or DiffLineKind.Changed;
            var hasNew = kind is DiffLineKind.Context or DiffLineKind.Added or DiffLineKind.Changed;
            lines.Add(new DiffLine
            {
                Index = lines.Count,
                Kind = kind,
                OldNumber = hasOld ? ++oldNumber : null,
                NewNumber = hasNew ? ++newNumber : null,
                Text = line,
                Tokens = CodeTokenizer.Terraform(line),
            });
        }

        return lines;
    }

    private static DiffLineKind Classify(string line, ref bool inLegend)
    {
        var start = CodeTokenizer.SkipSpace(line, 0);
        var rest = line.AsSpan(start);
        if (rest.IsEmpty)
        {
            inLegend = false;
            return DiffLineKind.Context;
        }

        if (rest.Contains("Resource actions are indicated with the following symbols", StringComparison.Ordinal))
        {
            inLegend = true; // the legend ("+ create", "- destroy") explains symbols; it changes nothing
            return DiffLineKind.Context;
        }

        if (inLegend)
        {
            return DiffLineKind.Context;
        }

        if (rest[0] == '#')
        {
            return TerraformHeader.IsResourceHeader(rest) ? DiffLineKind.Header : DiffLineKind.Context;
        }

        if (start == 0 && (rest.StartsWith("Plan: ") || rest.StartsWith("Changes to Outputs:")
            || rest.StartsWith("Terraform will perform the following actions")))
        {
            return DiffLineKind.Header;
        }

        return CodeTokenizer.SymbolWidth(line, start) switch
        {
            3 => DiffLineKind.Changed,
            1 when rest[0] == '+' => DiffLineKind.Added,
            1 when rest[0] == '-' => DiffLineKind.Removed,
            1 => DiffLineKind.Changed,
            _ => DiffLineKind.Context,
        };
    }

    /// <summary>The closing word of a heredoc opened at the end of the line (<c>&lt;&lt;-EOT</c>), or null.</summary>
    private static string? HeredocOpened(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimEnd();
        var at = trimmed.LastIndexOf("<<");
        if (at < 0)
        {
            return null;
        }

        var word = trimmed[(at + 2)..].TrimStart('-');
        return !word.IsEmpty && word.IndexOfAnyExcept(WordChars) < 0
            ? word.ToString()
            : null;
    }
}
