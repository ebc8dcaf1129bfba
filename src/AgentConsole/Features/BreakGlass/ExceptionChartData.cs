namespace AgentConsole.Features.BreakGlass;

/// <summary>Grants per week, stacked by team or assistant: the numbers behind the report's bar chart.</summary>
public sealed class ExceptionChartData
{
    public const int MaxSeries = 7;
    public const string Other = "other";

    private ExceptionChartData(IReadOnlyList<DateOnly> weeks, IReadOnlyList<string> series, int[,] counts)
    {
        Weeks = weeks;
        Series = series;
        Counts = counts;
    }

    /// <summary>Every week (Mondays) of the range, empty ones included.</summary>
    public IReadOnlyList<DateOnly> Weeks { get; }

    /// <summary>Teams or assistants with the most grants first; beyond <see cref="MaxSeries"/> they share "other".</summary>
    public IReadOnlyList<string> Series { get; }

    /// <summary>[week, series] grants.</summary>
    public int[,] Counts { get; }

    public int Total(int week) => Enumerable.Range(0, Series.Count).Sum(s => Counts[week, s]);

    public int Max => Weeks.Count == 0 ? 0 : Enumerable.Range(0, Weeks.Count).Max(Total);

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static ExceptionChartData From(ExceptionReport report, ReportRange range)
    {
        var weeks = new List<DateOnly>();
        for (var week = Monday(range.From); week <= range.To; week = week.AddDays(7))
        {
            weeks.Add(week);
        }

        string Key(ExceptionReportRow row) => range.By == "assistant" ? row.Assistant : row.Team;
        var ranked = report.Rows.GroupBy(Key, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Grants: g.Sum(r => r.Grants)))
            .OrderByDescending(k => k.Grants).ThenBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => k.Key).ToList();
        var series = ranked.Count > MaxSeries ? [.. ranked.Take(MaxSeries - 1), Other] : ranked;
        var counts = new int[weeks.Count, series.Count];
        foreach (var row in report.Rows)
        {
            var w = weeks.IndexOf(Monday(row.Week));
            var s = series.IndexOf(Key(row));
            if (w >= 0)
            {
                counts[w, s < 0 ? series.Count - 1 : s] += row.Grants;
            }
        }

        return new ExceptionChartData(weeks, series, counts);
    }
}
