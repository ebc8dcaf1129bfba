using System.Net;
using AgentConsole.Tests.Features.Approvals;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>The compliance review: the queue, the form on the grant page, and who may record it.</summary>
public sealed class BreakGlassPagesReviewTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_ended_grant_waits_in_the_queue_until_compliance_records_a_review_that_the_grant_page_then_shows(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var grant = await app.RequestGrantAsync("rhea", seconds: 60);
        await app.EndAsync("rhea", grant.Id);
        var path = $"/break-glass/{grant.Id}";
        var cole = await app.BrowserAsAsync("cole");

        var queue = await cole.PageAsync("/break-glass/reviews");
        Assert.NotNull(queue.QuerySelector($"tr[data-grant-id='{grant.Id}']"));
        Assert.Equal("1", queue.QuerySelector("[data-testid=count-awaiting]")!.TextContent);
        Assert.Equal("0", queue.QuerySelector("[data-testid=count-overdue]")!.TextContent);

        // Past the policy's review_within (3 days by default) it is flagged overdue (sessions idle that long sign in again).
        app.Clock.Advance(TimeSpan.FromDays(4));
        cole = await app.BrowserAsAsync("cole");
        queue = await cole.PageAsync("/break-glass/reviews");
        Assert.Equal("1", queue.QuerySelector("[data-testid=count-overdue]")!.TextContent);
        Assert.NotNull(queue.QuerySelector($"tr[data-grant-id='{grant.Id}'] [data-testid=flag-overdue]"));

        // The review form is compliance's: the others see that it awaits review.
        Assert.NotNull((await cole.PageAsync(path)).QuerySelector("#review-panel form"));
        var rhea = await app.BrowserAsAsync("rhea");
        Assert.Null((await rhea.PageAsync(path)).QuerySelector("#review-panel form"));
        Assert.NotNull((await rhea.PageAsync(path)).QuerySelector("[data-testid=awaits-review]"));
        foreach (var name in new[] { "rhea", "abe", "ada" })
        {
            var client = await app.BrowserAsAsync(name);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(path, $"{path}/review", [new("outcome", "appropriate")], htmx: true)).StatusCode);
            Assert.Equal("/account/denied", (await client.PostAsync(path, $"{path}/review", [new("outcome", "appropriate")])).RedirectPath());
        }

        var noOutcome = await cole.PostAsync(path, $"{path}/review", [new("notes", "looked fine")], htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noOutcome.StatusCode);
        var form = BreakGlassPagesSetup.Html(await noOutcome.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(form.QuerySelector("#review-outcome-error")?.TextContent + form.QuerySelector("[data-testid=review-error]")?.TextContent));
        Assert.Equal("looked fine", form.QuerySelector("#review-notes")!.TextContent);
        Assert.Null((await app.StoredAsync(grant.Id))!.ReviewOutcome);

        var recorded = await cole.PostAsync(path, $"{path}/review", [new("outcome", "follow-up"), new("notes", "Make the prod apply path permanent, reviewed.")], htmx: true);
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Contains("Your review is recorded.", await recorded.Content.ReadAsStringAsync());

        var page = await rhea.PageAsync(path);
        Assert.Equal("follow-up", page.QuerySelector("[data-testid=review-outcome-value]")!.TextContent);
        Assert.Contains("by cole", page.QuerySelector("[data-testid=review]")!.TextContent);
        Assert.Equal("Make the prod apply path permanent, reviewed.", page.QuerySelector("[data-testid=review-notes]")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=timeline]"));
        Assert.Empty((await cole.PageAsync("/break-glass/reviews")).QuerySelectorAll($"tr[data-grant-id='{grant.Id}']"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Who_may_open_each_break_glass_page(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var grant = await app.RequestGrantAsync("rhea");
        var grantPath = $"/break-glass/{grant.Id}";

        var matrix = new Dictionary<string, (HttpStatusCode Grant, HttpStatusCode Oversight)>
        {
            ["rhea"] = (HttpStatusCode.OK, HttpStatusCode.OK),
            ["ada"] = (HttpStatusCode.OK, HttpStatusCode.OK),
            ["cole"] = (HttpStatusCode.OK, HttpStatusCode.OK),
            ["abe"] = (HttpStatusCode.OK, HttpStatusCode.Forbidden),
            ["olive"] = (HttpStatusCode.OK, HttpStatusCode.Forbidden), // deployer is hers
            ["otto"] = (HttpStatusCode.NotFound, HttpStatusCode.Forbidden),
        };
        foreach (var (name, expected) in matrix)
        {
            var client = await app.BrowserAsAsync(name);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/break-glass")).StatusCode);
            Assert.True(expected.Grant == (await client.GetAsync(grantPath)).StatusCode, $"{name} {grantPath}");
            foreach (var path in new[] { "/break-glass/reviews", "/break-glass/report", "/break-glass/report.csv" })
            {
                Assert.True(expected.Oversight == (await client.GetAsync(path)).StatusCode, $"{name} {path}");
            }

            var nav = await client.PageAsync("/");
            Assert.NotNull(nav.QuerySelector("nav a[href='/break-glass']"));
            Assert.Equal(expected.Oversight == HttpStatusCode.OK, nav.QuerySelector("nav a[href='/break-glass/reviews']") is not null);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await (await app.BrowserAsAsync("rhea")).GetAsync("/break-glass/bg_nope")).StatusCode);
        var anonymous = app.Browser();
        foreach (var path in new[] { "/break-glass", grantPath, "/break-glass/reviews", "/break-glass/report", "/break-glass/report.csv" })
        {
            Assert.StartsWith("/account/signin", (await anonymous.GetAsync(path)).RedirectPath());
        }

        var token = app.Api(await app.TokenAsync("rhea"));
        Assert.Equal("/account/signin", (await token.GetAsync("/break-glass")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
