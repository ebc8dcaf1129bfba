using System.Globalization;

namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Reads <c>kubectl diff</c> output: file headers, then hunks whose <c>@@ -a,b +c,d @@</c> line says where each side
/// starts and how many lines it has. Inside a hunk the counts, not the first character, say where it ends, so a
/// removed YAML line that starts with <c>--</c> is not mistaken for the next file header.
/// </summary>
internal static class UnifiedDiffLines
{
    public static bool LooksLikeDiff(string text) =>
        text.StartsWith("@@ -", StringComparison.Ordinal) || text.Contains("\n@@ -", StringComparison.Ordinal);

    public static List<DiffLine> Read(string text)
    {
        var lines = new List<DiffLine>();
        int oldNumber = 0, newNumber = 0, oldLeft = 0, newLeft = 0;
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            if ((oldLeft > 0 || newLeft > 0) && ReadHunkLine(span, ref oldNumber, ref newNumber, ref oldLeft, ref newLeft) is { } kind)
            {
                var content = span.IsEmpty || span[0] == '\\' ? span : span[1..];
                var text1 = content.ToString();
                lines.Add(new DiffLine
                {
                    Index = lines.Count,
                    Kind = kind,
                    OldNumber = kind is DiffLineKind.Context or DiffLineKind.Removed && span is not ['\\', ..] ? oldNumber : null,
                    NewNumber = kind is DiffLineKind.Context or DiffLineKind.Added && span is not ['\\', ..] ? newNumber : null,
                    Text = text1,
                    Tokens = span is ['\\', ..] ? [] : YamlTokenizer.Line(text1),
                });
                continue;
            }

            oldLeft = newLeft = 0; // a header, or a hunk cut short: read the line as a header
            var line = span.ToString();
            var isHunk = TryReadHunk(span, out var oldStart, out oldLeft, out var newStart, out newLeft);
            if (isHunk)
            {
                // The numbers are pre-incremented as lines arrive.
                (oldNumber, newNumber) = (oldStart - 1, newStart - 1);
            }

            lines.Add(new DiffLine
            {
                Index = lines.Count,
                Kind = isHunk ? DiffLineKind.Hunk : DiffLineKind.Header,
                Text = line,
                Tokens = line.Length == 0 ? [] : [new(TokenKind.Heading, 0, line.Length)],
            });
        }

        return lines;
    }

    private static DiffLineKind? ReadHunkLine(ReadOnlySpan<char> line, ref int oldNumber, ref int newNumber, ref int oldLeft, ref int newLeft)
    {
        switch (line.IsEmpty ? ' ' : line[0])
        {
            case ' ': // some tools strip the space of an empty context line
                oldLeft--;
                newLeft--;
                oldNumber++;
                newNumber++;
                return DiffLineKind.Context;
            case '-':
                oldLeft--;
                oldNumber++;
                return DiffLineKind.Removed;
            case '+':
                newLeft--;
                newNumber++;
                return DiffLineKind.Added;
            case '\\': // "\ No newline at end of file"
                return DiffLineKind.Context;
            default:
                return null;
        }
    }

    /// <summary>Reads <c>@@ -5,7 +5,8 @@</c>; a missing count means 1.</summary>
    public static bool TryReadHunk(ReadOnlySpan<char> line, out int oldStart, out int oldCount, out int newStart, out int newCount)
    {
        oldStart = oldCount = newStart = newCount = 0;
        if (!line.StartsWith("@@ -"))
        {
            return false;
        }

        var rest = line[4..];
        var space = rest.IndexOf(' ');
        if (space < 0 || !Range(rest[..space], out oldStart, out oldCount))
        {
            return false;
        }

        rest = rest[(space + 1)..];
        var end = rest.IndexOf(" @@");
        return rest is ['+', ..] && end > 0 && Range(rest[1..end], out newStart, out newCount);
    }

    private static bool Range(ReadOnlySpan<char> range, out int start, out int count)
    {
        var comma = range.IndexOf(',');
        count = 1;
        return comma < 0
            ? Number(range, out start)
            : Number(range[..comma], out start) && Number(range[(comma + 1)..], out count);
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value < 100_000_000;
}
