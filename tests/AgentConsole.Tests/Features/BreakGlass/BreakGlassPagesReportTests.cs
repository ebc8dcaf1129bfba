using AgentConsole.Features.BreakGlass;
using AgentConsole.Infrastructure.Web;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>The report's pieces without a console: CSV escaping, the from/to filter, the weeks of the chart, the clock text.</summary>
public sealed class BreakGlassPagesReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("payments", "payments")]
    [InlineData("ops, blue", "\"ops, blue\"")]
    [InlineData("the \"red\" team", "\"the \"\"red\"\" team\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-team", "'-team")]
    [InlineData("@ops", "'@ops")]
    [InlineData("", "")]
    public void Csv_fields_are_quoted_doubled_and_defused(string value, string expected) =>
        Assert.Equal(expected, ExceptionCsv.Field(value));

    [Fact]
    public void Csv_has_a_header_and_one_crlf_line_per_row_with_invariant_numbers()
    {
        var report = new ExceptionReport(Now.AddDays(-7), Now, [
            new ExceptionReportRow(new DateOnly(2026, 11, 16), "ops, blue", "deployer", 3, 1, 1, 2.5, 0),
        ]);

        var csv = ExceptionCsv.Write(report);

        Assert.Equal("week,team,assistant,grants,renewals,flagged,hours,inappropriate\r\n2026-11-16,\"ops, blue\",deployer,3,1,1,2.5,0\r\n", csv);
    }

    [Fact]
    public void Report_range_defaults_to_twelve_weeks_up_to_today()
    {
        var range = ReportRange.Parse(null, null, null, Now).Value!;

        Assert.Equal(new DateOnly(2026, 11, 22), range.To);
        Assert.Equal(new DateOnly(2026, 8, 31), range.From); // 84 days, today included
        Assert.Equal("team", range.By);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), range.End);
    }

    [Theory]
    [InlineData("yesterday", "2026-11-22", null, "from")]
    [InlineData("2026-11-22", "2026-11-01", null, "from")]
    [InlineData("2020-01-01", "2026-11-01", null, "from")]
    [InlineData(null, "22/11/2026", null, "to")]
    [InlineData(null, null, "owner", "by")]
    public void Bad_report_ranges_are_refused_with_the_field_named(string? from, string? to, string? by, string field)
    {
        var error = Assert.IsType<ValidationError>(ReportRange.Parse(from, to, by, Now).Error);

        Assert.Contains(field, error.Errors.Keys);
    }

    [Fact]
    public void The_chart_has_every_week_of_the_range_and_stacks_the_grants_of_each_team()
    {
        var range = ReportRange.Parse("2026-11-01", "2026-11-22", "team", Now).Value!;
        var report = new ExceptionReport(range.Start, range.End, [
            new ExceptionReportRow(new DateOnly(2026, 11, 2), "payments", "deployer", 2, 0, 0, 1, 0),
            new ExceptionReportRow(new DateOnly(2026, 11, 2), "platform", "builder", 1, 0, 0, 1, 0),
            new ExceptionReportRow(new DateOnly(2026, 11, 16), "payments", "payer", 4, 2, 1, 3, 1),
        ]);

        var chart = ExceptionChartData.From(report, range);

        Assert.Equal([new DateOnly(2026, 10, 26), new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16)], chart.Weeks);
        Assert.Equal(["payments", "platform"], chart.Series);
        Assert.Equal([0, 3, 0, 4], Enumerable.Range(0, 4).Select(chart.Total));
        Assert.Equal(4, chart.Max);
    }

    [Theory]
    [InlineData(754, "12:34")]
    [InlineData(0.2, "0:01")]
    [InlineData(-5, "0:00")]
    [InlineData(3600, "1:00:00")]
    [InlineData(14399, "3:59:59")]
    public void The_clock_reads_minutes_and_seconds_and_hours_when_needed(double seconds, string expected) =>
        Assert.Equal(expected, BreakGlassText.Clock(TimeSpan.FromSeconds(seconds)));
}
