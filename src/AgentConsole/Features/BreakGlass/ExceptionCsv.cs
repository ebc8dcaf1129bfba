using System.Globalization;
using System.Text;

namespace AgentConsole.Features.BreakGlass;

/// <summary>The exception report as CSV (RFC 4180), safe to open in a spreadsheet.</summary>
public static class ExceptionCsv
{
    public static readonly string[] Header = ["week", "team", "assistant", "grants", "renewals", "flagged", "hours", "inappropriate"];

    public static string Write(ExceptionReport report)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var row in report.Rows)
        {
            csv.Append(row.Week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(row.Team)).Append(',')
                .Append(Field(row.Assistant)).Append(',')
                .Append(row.Grants.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Renewals.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Flagged.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Hours.ToString("0.##", CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Inappropriate.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// Quotes a field that holds a comma, a quote or a line break (quotes doubled). A field a spreadsheet would run as a
    /// formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe: team and assistant names come from people.
    /// </summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
