using System.Net;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Tests.Features.Approvals;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>Approve, reject and end from the pages: who may, what htmx gets back, where a plain post goes.</summary>
public sealed class BreakGlassPagesActionTests
{
    private static KeyValuePair<string, string>[] Comment(string text) => [new("comment", text)];

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Approve_is_refused_to_the_requester_and_to_roles_the_policy_does_not_name_then_an_approver_starts_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var grant = await app.RequestGrantAsync("otto", "guardian");
        var path = $"/break-glass/{grant.Id}";

        foreach (var name in new[] { "otto", "ada", "cole" })
        {
            var client = await app.BrowserAsAsync(name);
            var htmx = await client.PostAsync(path, $"{path}/approve", [], htmx: true);
            Assert.Equal(HttpStatusCode.Forbidden, htmx.StatusCode);
            Assert.Contains("may not approve", await htmx.Content.ReadAsStringAsync());
            var plain = await client.PostAsync(path, $"{path}/approve", []);
            Assert.Equal("/account/denied", plain.RedirectPath());
        }

        // olive neither owns guardian nor asked: to her it does not exist.
        var olive = await app.BrowserAsAsync("olive");
        Assert.Equal(HttpStatusCode.NotFound, (await olive.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await olive.PostAsync("/break-glass", $"{path}/approve", [], htmx: true)).StatusCode);
        Assert.Equal(BreakGlassStates.Pending, (await app.StoredAsync(grant.Id))!.State);

        var abe = await app.BrowserAsAsync("abe");
        var approved = await abe.PostAsync(path, $"{path}/approve", [], htmx: true);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var fragment = await approved.Content.ReadAsStringAsync();
        Assert.StartsWith($"<div class=\"grant-actions\" id=\"actions-{grant.Id}\"", fragment.TrimStart());
        Assert.Contains("Approved: break-glass for guardian is in force until", fragment);
        var stored = (await app.StoredAsync(grant.Id))!;
        Assert.Equal(BreakGlassStates.Active, stored.State);
        Assert.Equal("abe", stored.ApprovedBy);
        Assert.Equal(grant.ExpiresAt, stored.ExpiresAt); // the clock started at the request

        // A second click finds it settled: an error in place, not a crash.
        var again = await (await app.BrowserAsAsync("sam")).PostAsync(path, $"{path}/approve", [], htmx: true);
        Assert.True(again.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{again.StatusCode}");
        Assert.Contains("data-testid=\"action-error\"", await again.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Reject_needs_a_reason_shown_beside_the_field_and_a_plain_post_lands_on_the_grant(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var grant = await app.RequestGrantAsync("otto", "guardian");
        var path = $"/break-glass/{grant.Id}";
        var abe = await app.BrowserAsAsync("abe");

        var blank = await abe.PostAsync(path, $"{path}/reject", Comment("   "), htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        var form = BreakGlassPagesSetup.Html(await blank.Content.ReadAsStringAsync());
        Assert.Contains("is-invalid", form.QuerySelector($"#reject-{grant.Id}")!.ClassName);
        Assert.Equal($"reject-{grant.Id}-error", form.QuerySelector($"#reject-{grant.Id}")!.GetAttribute("aria-describedby"));
        Assert.Equal(BreakGlassStates.Pending, (await app.StoredAsync(grant.Id))!.State);

        var plain = await abe.PostAsync(path, $"{path}/reject", Comment("Use the runbook's read-only path first."));
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.StartsWith($"{path}?notice=Rejected", plain.RedirectPath());
        var stored = (await app.StoredAsync(grant.Id))!;
        Assert.Equal(BreakGlassStates.Ended, stored.State);
        Assert.Equal(BreakGlassEndReasons.Rejected, stored.EndReason);
        var page = await abe.PageAsync(path);
        Assert.Equal("rejected", page.QuerySelector("[data-testid=grant-state]")!.TextContent);
        Assert.Null(page.QuerySelector("button[data-action=approve]"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Only_the_requester_or_security_may_end_a_grant_early(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var grant = await app.RequestGrantAsync("abe");
        var path = $"/break-glass/{grant.Id}";

        foreach (var name in new[] { "ada", "cole", "olive" })
        {
            var client = await app.BrowserAsAsync(name);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(path, $"{path}/end", [], htmx: true)).StatusCode);
            Assert.Equal("/account/denied", (await client.PostAsync(path, $"{path}/end", [])).RedirectPath());
        }

        var abe = await app.BrowserAsAsync("abe");
        Assert.Equal(HttpStatusCode.BadRequest, (await abe.PostAsync(path, $"{path}/end", [], withToken: false)).StatusCode);
        Assert.True((await app.StoredAsync(grant.Id))!.IsInForce(app.Clock.GetUtcNow()));

        var ended = await abe.PostAsync(path, $"{path}/end", [], htmx: true);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Contains("is no longer in force", await ended.Content.ReadAsStringAsync());
        var stored = (await app.StoredAsync(grant.Id))!;
        Assert.Equal(BreakGlassEndReasons.Ended, stored.EndReason);
        Assert.Equal("abe", stored.EndedBy);
        Assert.Empty((await abe.PageAsync("/")).QuerySelectorAll(".bg-banner-item"));

        // security ends someone else's
        var other = await app.RequestGrantAsync("olive");
        var rhea = await app.BrowserAsAsync("rhea");
        Assert.StartsWith($"/break-glass/{other.Id}?notice=Ended", (await rhea.PostAsync($"/break-glass/{other.Id}", $"/break-glass/{other.Id}/end", [])).RedirectPath());
    }
}
