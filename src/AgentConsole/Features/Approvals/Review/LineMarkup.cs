using System.Globalization;
using System.Text;

namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Writes the parts of a diff row as HTML. Every piece of plan text goes through <see cref="Escape"/>: plans come
/// from agents and are untrusted. Class names are short because a 20,000-line plan repeats them 100,000 times.
/// </summary>
internal static class LineMarkup
{
    public static string RowClass(DiffLineKind kind) => kind switch
    {
        DiffLineKind.Added => "a",
        DiffLineKind.Removed => "d",
        DiffLineKind.Changed => "u",
        DiffLineKind.Header => "h",
        DiffLineKind.Hunk => "x",
        _ => "c",
    };

    /// <summary>The visible +/-/~ that says what happens without relying on colour.</summary>
    public static string? Marker(DiffLineKind kind) => kind switch
    {
        DiffLineKind.Added => "+",
        DiffLineKind.Removed => "-",
        DiffLineKind.Changed => "~",
        _ => null,
    };

    private static string TokenClass(TokenKind kind) => kind switch
    {
        TokenKind.Key => "k",
        TokenKind.Quoted => "s",
        TokenKind.Value => "v",
        TokenKind.Number => "n",
        TokenKind.Literal => "l",
        TokenKind.Comment => "c",
        TokenKind.Symbol => "y",
        TokenKind.Arrow => "a",
        TokenKind.Unknown => "u",
        TokenKind.ForcesReplacement => "r",
        TokenKind.Keyword => "w",
        _ => "h",
    };

    /// <summary>Line numbers, padded in one span: screen readers skip it, the row's text says what changed.</summary>
    public static void Gutter(StringBuilder html, int width, int? first, int? second, bool two)
    {
        html.Append("<span class=\"g\" aria-hidden=\"true\">");
        Number(html, width, first);
        if (two)
        {
            html.Append(' ');
            Number(html, width, second);
        }

        html.Append("</span>");
    }

    public static void MarkerCell(StringBuilder html, DiffLineKind kind)
    {
        if (Marker(kind) is { } marker)
        {
            html.Append("<span class=\"m\">").Append(marker).Append("</span>");
        }
    }

    /// <summary>The risk icon: its label and title name every risk on the line.</summary>
    public static void RiskCell(StringBuilder html, IReadOnlyList<RiskFinding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        var label = new StringBuilder("Risk: ");
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            label.Append(i == 0 ? "" : "; ").Append(RiskCategories.Name(finding.Category)).Append(" – ").Append(finding.Message);
            if (finding.Resource is { } resource && finding.Category is not (RiskCategory.Destroyed or RiskCategory.Replaced))
            {
                label.Append(" (").Append(resource).Append(')');
            }
        }

        var text = label.ToString();
        html.Append("<span class=\"r\" role=\"img\" aria-label=\"");
        Escape(html, text);
        html.Append("\" title=\"");
        Escape(html, text);
        html.Append("\">");
        foreach (var finding in findings)
        {
            html.Append("<i class=\"bi ").Append(RiskCategories.Icon(finding.Category)).Append("\"></i>");
        }

        html.Append("</span>");
    }

    /// <summary>The line's text in a <c>code</c> element, tokens as spans, the gaps as plain escaped text.</summary>
    public static void Code(StringBuilder html, DiffLine line)
    {
        var text = line.Text.AsSpan();
        html.Append("<code>");
        var at = 0;
        foreach (var token in line.Tokens)
        {
            if (token.Start < at || token.End > text.Length)
            {
                continue; // defensive: tokens are ordered and in range, but a bad one must not repeat or lose text
            }

            Escape(html, text[at..token.Start]);
            html.Append("<span class=\"").Append(TokenClass(token.Kind)).Append("\">");
            Escape(html, text.Slice(token.Start, token.Length));
            html.Append("</span>");
            at = token.End;
        }

        Escape(html, text[at..]);
        html.Append("</code>");
    }

    public static void Escape(StringBuilder html, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '&' => html.Append("&amp;"),
                '"' => html.Append("&quot;"),
                '\'' => html.Append("&#39;"),
                _ => html.Append(c),
            };
        }
    }

    private static void Number(StringBuilder html, int width, int? number)
    {
        var digits = number?.ToString(CultureInfo.InvariantCulture) ?? "";
        html.Append(' ', Math.Max(0, width - digits.Length)).Append(digits);
    }
}
