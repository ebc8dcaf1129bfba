using System.Globalization;
using System.Text;

namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Writes the rows of a <see cref="DiffView"/> as one HTML string. A 20,000-line plan is some 100,000 elements;
/// building them as render-tree frames would cost more than the rest of the page, so the rows are written directly
/// (text always escaped by <see cref="LineMarkup"/>), in blocks the browser can skip laying out while off screen.
/// </summary>
internal sealed class DiffMarkup(DiffDocument document, RiskReport risks, bool split)
{
    // Rows per block: small enough that the visible blocks lay out quickly, large enough to keep the markup light.
    private const int BlockRows = 64;
    private readonly StringBuilder _html = new(document.Lines.Count * 160);
    private readonly int _width = NumberWidth(document);

    public string Write(int contextLines) => Write(contextLines, 0, int.MaxValue, out _);

    /// <summary>
    /// Writes rows <paramref name="fromRow"/> to <paramref name="fromRow"/> + <paramref name="maxRows"/> only (a collapsed
    /// run cut by the window is collapsed on both sides); <paramref name="nextRow"/> is where the next window starts,
    /// or null at the end. A large plan's page sends its first rows at once and fetches the rest in windows, so the
    /// browser never parses megabytes of rows in one go.
    /// </summary>
    public string Write(int contextLines, int fromRow, int maxRows, out int? nextRow)
    {
        var row = 0;
        var until = (long)fromRow + maxRows;
        foreach (var segment in DiffLayout.Segments(document, contextLines))
        {
            var rows = split ? SplitRows.Pair(document.Lines, segment) : UnifiedRows(segment);
            var start = Math.Max(fromRow, row);
            var end = (int)Math.Min(until, row + rows.Count);
            if (start < end)
            {
                var window = rows.GetRange(start - row, end - start);
                if (segment.Collapsed)
                {
                    var count = window.Count.ToString(CultureInfo.InvariantCulture);
                    _html.Append("<details class=\"dv-more\"><summary>Show ").Append(count)
                        .Append(window.Count == 1 ? " unchanged line" : " unchanged lines").Append("</summary>");
                    Blocks(window);
                    _html.Append("</details>");
                }
                else
                {
                    Blocks(window);
                }
            }

            row += rows.Count;
        }

        nextRow = until < row ? (int)until : null;
        return _html.ToString();
    }

    /// <summary>Where the next window of rows is fetched (htmx swaps this placeholder for the rows and the next placeholder).</summary>
    public static string MorePlaceholder(string moreUrl, int fromRow)
    {
        var url = System.Net.WebUtility.HtmlEncode(moreUrl + fromRow.ToString(CultureInfo.InvariantCulture));
        return $"<div class=\"dv-next\" hx-get=\"{url}\" hx-trigger=\"load-more\" hx-swap=\"outerHTML\">Loading the lines from {(fromRow + 1).ToString(CultureInfo.InvariantCulture)} on…</div>";
    }

    private List<SplitRow> UnifiedRows(DiffSegment segment)
    {
        var rows = new List<SplitRow>(segment.Count);
        for (var i = segment.Start; i < segment.End; i++)
        {
            rows.Add(new(document.Lines[i], null, Wide: true));
        }

        return rows;
    }

    private void Blocks(List<SplitRow> rows)
    {
        for (var start = 0; start < rows.Count; start += BlockRows)
        {
            var end = Math.Min(rows.Count, start + BlockRows);
            _html.Append("<ol class=\"dv-b\" style=\"--n:").Append(end - start).Append("\">");
            for (var i = start; i < end; i++)
            {
                if (split && !rows[i].Wide)
                {
                    Pair(rows[i]);
                }
                else
                {
                    Unified(rows[i].Left!);
                }
            }

            _html.Append("</ol>");
        }
    }

    private void Unified(DiffLine line)
    {
        var findings = risks.At(line.Index);
        Open("li", line, findings);
        if (line.OldNumber is not null || line.NewNumber is not null)
        {
            LineMarkup.Gutter(_html, _width, line.OldNumber, line.NewNumber, two: true);
        }

        Cells(line, findings);
        _html.Append("</li>");
    }

    private void Pair(SplitRow row)
    {
        _html.Append("<li class=\"p\">");
        Side(row.Left, left: true);
        Side(row.Right, left: false);
        _html.Append("</li>");
    }

    private void Side(DiffLine? line, bool left)
    {
        if (line is null)
        {
            _html.Append("<div class=\"s e\"></div>");
            return;
        }

        // A line on both sides (context, in-place change) is flagged and anchored on the side that has it new.
        var findings = left && line.Kind != DiffLineKind.Removed ? [] : risks.At(line.Index);
        Open("div", line, findings, "s ");
        LineMarkup.Gutter(_html, _width, left ? line.OldNumber : line.NewNumber, null, two: false);
        Cells(line, findings);
        _html.Append("</div>");
    }

    private void Open(string element, DiffLine line, IReadOnlyList<RiskFinding> findings, string extraClass = "")
    {
        _html.Append('<').Append(element).Append(" class=\"").Append(extraClass).Append(LineMarkup.RowClass(line.Kind));
        if (findings.Count > 0)
        {
            _html.Append(" f\" id=\"").Append(DiffAnchors.ForLine(line.Index));
        }

        _html.Append("\">");
    }

    private void Cells(DiffLine line, IReadOnlyList<RiskFinding> findings)
    {
        LineMarkup.MarkerCell(_html, line.Kind);
        LineMarkup.RiskCell(_html, findings);
        LineMarkup.Code(_html, line);
    }

    private static int NumberWidth(DiffDocument document)
    {
        var max = 0;
        foreach (var line in document.Lines)
        {
            max = Math.Max(max, Math.Max(line.OldNumber ?? 0, line.NewNumber ?? 0));
        }

        return Math.Max(2, max.ToString(CultureInfo.InvariantCulture).Length);
    }
}
