namespace AgentConsole.Features.Approvals.Review;

/// <summary>A run of lines shown together: either open, or collapsed behind "Show N unchanged lines".</summary>
public readonly record struct DiffSegment(int Start, int Count, bool Collapsed)
{
    public int End => Start + Count;
}

/// <summary>
/// Decides which unchanged lines the approver sees by default: <c>contextLines</c> either side of a change; longer
/// runs of context collapse, so a 20,000-line plan opens on its few dozen changes.
/// </summary>
public static class DiffLayout
{
    public static IReadOnlyList<DiffSegment> Segments(DiffDocument document, int contextLines)
    {
        var lines = document.Lines;
        var keep = Math.Max(0, contextLines);
        var segments = new List<DiffSegment>();

        // Nothing changes (a "No changes." plan): collapsing everything would leave the approver an empty page.
        if (!document.HasChanges || lines.Count == 0)
        {
            return lines.Count == 0 ? segments : [new(0, lines.Count, false)];
        }

        var open = 0;
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Kind != DiffLineKind.Context)
            {
                i++;
                continue;
            }

            var runStart = i;
            while (i < lines.Count && lines[i].Kind == DiffLineKind.Context)
            {
                i++;
            }

            // Context only serves the change beside it: at the start or end of the plan only one side has one.
            var before = runStart == 0 ? 0 : keep;
            var after = i == lines.Count ? 0 : keep;
            var hidden = (i - runStart) - before - after;
            if (i - runStart > 2 * keep && hidden > 0)
            {
                Add(segments, open, runStart + before - open, false);
                Add(segments, runStart + before, hidden, true);
                open = i - after;
            }
        }

        Add(segments, open, lines.Count - open, false);
        return segments;
    }

    private static void Add(List<DiffSegment> segments, int start, int count, bool collapsed)
    {
        if (count > 0)
        {
            segments.Add(new(start, count, collapsed));
        }
    }
}
