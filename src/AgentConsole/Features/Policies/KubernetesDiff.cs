using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentConsole.Features.Policies;

/// <summary>
/// Counts the output of <c>kubectl diff</c>: one unified diff per object, from kubectl's LIVE temp file to its
/// MERGED one. Text with no hunks is read as a plain manifest, where every document is a new object.
/// </summary>
internal static partial class KubernetesDiff
{
    public static void Read(string text, PlanTally tally)
    {
        if (!text.StartsWith("@@ -", StringComparison.Ordinal) && !text.Contains("\n@@ -", StringComparison.Ordinal))
        {
            ReadManifest(text, tally);
            return;
        }

        KubernetesObject? current = null;
        int liveLeft = 0, mergedLeft = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            // Inside a hunk its header's line counts say where it ends, so a removed "--- " line is not a file header.
            if (liveLeft > 0 || mergedLeft > 0)
            {
                if (ReadHunkLine(line, current!, ref liveLeft, ref mergedLeft))
                {
                    continue;
                }

                liveLeft = mergedLeft = 0; // a truncated hunk: read the line as a header
            }

            if (line.StartsWith("diff "))
            {
                current?.CountAsDiff(tally);
                current = KubernetesObject.FromPath(LastWord(line));
            }
            else if (line.StartsWith("--- "))
            {
                // Without a "diff" line (KUBECTL_EXTERNAL_DIFF), the --- header starts the next object.
                if (current is null || current.HasHunks)
                {
                    current?.CountAsDiff(tally);
                    current = KubernetesObject.FromPath(PathOf(line));
                }
            }
            else if (line.StartsWith("+++ "))
            {
                current ??= KubernetesObject.FromPath(PathOf(line));
            }
            else if (line.StartsWith("@@ ") && HunkHeader().Match(line.ToString()) is { Success: true } hunk)
            {
                current ??= new KubernetesObject();
                (var liveStart, liveLeft) = (Number(hunk, 1, 0), Number(hunk, 2, 1));
                (var mergedStart, mergedLeft) = (Number(hunk, 3, 0), Number(hunk, 4, 1));
                current.StartHunk(liveEmpty: liveStart == 0 && liveLeft == 0, mergedEmpty: mergedStart == 0 && mergedLeft == 0);
            }
        }

        current?.CountAsDiff(tally);
    }

    private static bool ReadHunkLine(ReadOnlySpan<char> line, KubernetesObject current, ref int liveLeft, ref int mergedLeft)
    {
        switch (line.IsEmpty ? ' ' : line[0])
        {
            case ' ': // some tools strip the space of an empty context line
                liveLeft--;
                mergedLeft--;
                current.Unchanged(line.IsEmpty ? line : line[1..]);
                return true;
            case '-':
                liveLeft--;
                current.Removed(line[1..]);
                return true;
            case '+':
                mergedLeft--;
                current.Inserted(line[1..]);
                return true;
            case '\\': // "\ No newline at end of file"
                return true;
            default:
                return false;
        }
    }

    /// <summary>A manifest of <c>---</c>-separated YAML documents: each with a top-level <c>kind</c> is one add.</summary>
    private static void ReadManifest(string text, PlanTally tally)
    {
        var document = new KubernetesObject();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if ((line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t')) || line.StartsWith("..."))
            {
                document.CountAsManifest(tally);
                document = new KubernetesObject();
            }
            else
            {
                document.Inserted(line);
            }
        }

        document.CountAsManifest(tally);
    }

    private static ReadOnlySpan<char> LastWord(ReadOnlySpan<char> line) => line[(line.TrimEnd().LastIndexOf(' ') + 1)..].TrimEnd();

    /// <summary>The path of a <c>--- path\ttimestamp</c> header.</summary>
    private static ReadOnlySpan<char> PathOf(ReadOnlySpan<char> line)
    {
        var path = line[4..];
        var tab = path.IndexOf('\t');
        return (tab >= 0 ? path[..tab] : path).Trim();
    }

    private static int Number(Match hunk, int group, int missing) =>
        !hunk.Groups[group].Success ? missing
        : int.TryParse(hunk.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    [GeneratedRegex(@"^@@ -([0-9]{1,9})(?:,([0-9]{1,9}))? \+([0-9]{1,9})(?:,([0-9]{1,9}))? @@", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex HunkHeader();
}
