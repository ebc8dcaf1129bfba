using System.Net;
using AgentConsole.Tests.Features.Approvals;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>The report page and its CSV download over a real store.</summary>
public sealed class BreakGlassPagesCsvTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_report_charts_and_tables_the_weeks_grants_and_the_csv_escapes_what_people_typed(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var first = await app.RequestGrantAsync("rhea", seconds: 1800);
        await app.EndAsync("rhea", first.Id);
        await app.RequestGrantAsync("rhea", seconds: 1800, renews: first.Id);
        var cole = await app.BrowserAsAsync("cole");

        var page = await cole.PageAsync("/break-glass/report?from=2026-11-01&to=2026-11-22");
        var rows = page.QuerySelectorAll("[data-testid=report-table] tbody tr");
        var deployer = Assert.Single(rows);
        Assert.Equal(["payments, \"blue\"", "deployer", "2", "1"], deployer.QuerySelectorAll("td").Skip(1).Take(4).Select(td => td.TextContent));
        var bars = page.QuerySelectorAll("[data-testid=chart] rect[data-series]");
        Assert.Equal(2, bars.Sum(b => int.Parse(b.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("/break-glass/report.csv?from=2026-11-01&to=2026-11-22", page.QuerySelector("[data-testid=csv-link]")!.GetAttribute("href"));

        var csv = await cole.GetAsync("/break-glass/report.csv?from=2026-11-01&to=2026-11-22");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("break-glass-exceptions-2026-11-01-to-2026-11-22.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("week,team,assistant,grants,renewals,flagged,hours,inappropriate", lines[0]);
        Assert.StartsWith("2026-11-", lines[1]);
        Assert.Contains(",\"payments, \"\"blue\"\"\",deployer,2,1,", lines[1]);
        Assert.Equal("", lines[^1]);

        // A range with no grants, and bad ranges.
        Assert.Single((await cole.PageAsync("/break-glass/report?from=2025-01-01&to=2025-01-31")).QuerySelectorAll("[data-testid=report-table] tbody tr"));
        var bad = await cole.GetAsync("/break-glass/report?from=2026-11-22&to=2026-11-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("from must not be after to", BreakGlassPagesSetup.Html(await bad.Content.ReadAsStringAsync()).QuerySelector("#report-from-error")!.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await cole.GetAsync("/break-glass/report.csv?from=nope")).StatusCode);
    }
}
