namespace AgentConsole.Features.Approvals.Review;

/// <summary>A row of the split view: the old side, the new side, or one wide line (headers; every unified row).</summary>
internal readonly record struct SplitRow(DiffLine? Left, DiffLine? Right, bool Wide);

/// <summary>
/// Pairs lines for the split view: removed on the left, added on the right, paired line by line within each run
/// of changes; context and in-place changes (<c>~</c>) appear on both sides.
/// </summary>
internal static class SplitRows
{
    public static List<SplitRow> Pair(IReadOnlyList<DiffLine> lines, DiffSegment segment)
    {
        var rows = new List<SplitRow>(segment.Count);
        var removed = new List<DiffLine>();
        var added = new List<DiffLine>();
        for (var i = segment.Start; i < segment.End; i++)
        {
            var line = lines[i];
            switch (line.Kind)
            {
                case DiffLineKind.Removed:
                    removed.Add(line);
                    continue;
                case DiffLineKind.Added:
                    added.Add(line);
                    continue;
            }

            Flush(rows, removed, added);
            rows.Add(line.Kind is DiffLineKind.Header or DiffLineKind.Hunk ? new(line, null, Wide: true) : new(line, line, Wide: false));
        }

        Flush(rows, removed, added);
        return rows;
    }

    private static void Flush(List<SplitRow> rows, List<DiffLine> removed, List<DiffLine> added)
    {
        for (var i = 0; i < Math.Max(removed.Count, added.Count); i++)
        {
            rows.Add(new(i < removed.Count ? removed[i] : null, i < added.Count ? added[i] : null, Wide: false));
        }

        removed.Clear();
        added.Clear();
    }
}
