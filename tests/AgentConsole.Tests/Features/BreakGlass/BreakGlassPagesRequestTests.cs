using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Tests.Features.Approvals;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>/break-glass: the lists by state, and the request form as a plain post and through htmx, with its errors inline.</summary>
public sealed class BreakGlassPagesRequestTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_list_shows_grants_by_state_with_their_flags_and_the_actions_each_person_may_take(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var first = await app.RequestGrantAsync("rhea");
        await app.EndAsync("rhea", first.Id);
        var renewal = await app.RequestGrantAsync("rhea", renews: first.Id);
        var waiting = await app.RequestGrantAsync("otto", "guardian");

        var rhea = await app.BrowserAsAsync("rhea");
        var active = await rhea.PageAsync("/break-glass");
        var card = active.QuerySelector($"#grant-{renewal.Id}");
        Assert.NotNull(card);
        Assert.Equal("active", card.QuerySelector("[data-testid=grant-state]")!.TextContent);
        Assert.Equal("renewal #1", card.QuerySelector("[data-testid=flag-renewal]")!.TextContent);
        Assert.Contains("no approval for terraform:apply on aws/prod/*", card.QuerySelector("[data-testid=grant-exceptions]")!.TextContent);
        Assert.NotNull(card.QuerySelector("button[data-action=end]")); // rhea asked for it
        Assert.Null(active.QuerySelector($"#grant-{waiting.Id}"));
        Assert.Equal("page", active.QuerySelector("[data-testid=tab-active]")!.GetAttribute("aria-current"));

        var pending = await rhea.PageAsync("/break-glass?state=pending");
        var waitingCard = pending.QuerySelector($"#grant-{waiting.Id}");
        Assert.NotNull(waitingCard);
        Assert.Equal("waiting for approval", waitingCard.QuerySelector("[data-testid=grant-state]")!.TextContent);
        Assert.NotNull(waitingCard.QuerySelector("button[data-action=approve]"));
        Assert.NotNull(waitingCard.QuerySelector("button[data-action=end]")); // security may end any

        var ended = await rhea.PageAsync("/break-glass?state=ended");
        var endedCard = ended.QuerySelector($"#grant-{first.Id}");
        Assert.NotNull(endedCard);
        Assert.Equal("ended early", endedCard.QuerySelector("[data-testid=grant-state]")!.TextContent);
        Assert.Equal("awaits review", endedCard.QuerySelector("[data-testid=flag-review]")!.TextContent);
        Assert.Null(endedCard.QuerySelector("button"));

        // otto asked for the waiting one: he may withdraw it, never approve it; abe may approve but not end it.
        var otto = await (await app.BrowserAsAsync("otto")).PageAsync("/break-glass?state=pending");
        Assert.Null(otto.QuerySelector($"#grant-{waiting.Id} button[data-action=approve]"));
        Assert.NotNull(otto.QuerySelector($"#grant-{waiting.Id} button[data-action=end]"));
        var abe = await (await app.BrowserAsAsync("abe")).PageAsync("/break-glass?state=pending");
        Assert.NotNull(abe.QuerySelector($"#grant-{waiting.Id} button[data-action=approve]"));
        Assert.Null(abe.QuerySelector($"#grant-{waiting.Id} button[data-action=end]"));
        // Owners see only their own assistants' grants.
        var olive = await (await app.BrowserAsAsync("olive")).PageAsync("/break-glass?state=pending");
        Assert.Null(olive.QuerySelector($"#grant-{waiting.Id}"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_request_form_offers_only_assistants_the_person_may_ask_for(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();

        foreach (var (name, expected) in new[] { ("rhea", new[] { "deployer", "guardian" }), ("abe", ["deployer", "guardian"]), ("ada", ["deployer", "guardian"]),
                     ("olive", ["deployer"]), ("otto", ["guardian"]), ("cole", []) })
        {
            var page = await (await app.BrowserAsAsync(name)).PageAsync("/break-glass");
            var offered = page.QuerySelectorAll("#bg-assistant option").Select(o => o.GetAttribute("value")).Where(v => !string.IsNullOrEmpty(v));
            Assert.True(expected.SequenceEqual(offered), $"{name}: {string.Join(",", offered)}");
            Assert.Equal(expected.Length == 0, page.QuerySelector("[data-testid=no-request]") is not null);
        }

        var form = await (await app.BrowserAsAsync("rhea")).PageAsync("/break-glass");
        Assert.Equal(["900", "1800", "3600", "7200", "14400", "custom"], form.QuerySelectorAll("input[name=duration]").Select(i => i.GetAttribute("value")));
        var catalogue = app.Service<Catalogue>();
        Assert.Equal(catalogue.Scopes.Select(s => s.Name), form.QuerySelectorAll("input[name=scopes]").Select(i => i.GetAttribute("value")));
        Assert.Equal(catalogue.Environments.Select(e => e.Name), form.QuerySelectorAll("input[name=environments]").Select(i => i.GetAttribute("value")));
        Assert.Contains("terraform:apply", catalogue.Scopes.Select(s => s.Name));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_plain_post_goes_to_the_new_grant_and_an_htmx_post_is_told_where(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var rhea = await app.BrowserAsAsync("rhea");

        var plain = await rhea.PostAsync("/break-glass", "/break-glass", BreakGlassPagesSetup.RequestFields());
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        var location = plain.RedirectPath()!;
        Assert.StartsWith("/break-glass/", location);
        var id = Uri.UnescapeDataString(location["/break-glass/".Length..location.IndexOf('?', StringComparison.Ordinal)]);
        var stored = await app.StoredAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(BreakGlassStates.Active, stored.State);
        Assert.Equal(900, stored.DurationSeconds);
        Assert.Equal(["terraform:apply"], stored.ScopeList);
        Assert.Equal(["prod"], stored.EnvironmentList);
        Assert.Equal([new SkipApproval("terraform:apply", "aws/prod/*")], stored.SkipList);
        var grantPage = await rhea.PageAsync(location);
        Assert.Contains("in force until", grantPage.QuerySelector("[data-testid=page-notice]")!.TextContent);

        var htmx = await rhea.PostAsync("/break-glass", "/break-glass",
            BreakGlassPagesSetup.RequestFields("guardian", duration: "custom", customSeconds: "10"), htmx: true);
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        var target = htmx.Headers.GetValues("HX-Redirect").Single();
        var second = await app.StoredAsync(Uri.UnescapeDataString(target["/break-glass/".Length..target.IndexOf('?', StringComparison.Ordinal)]));
        Assert.Equal(BreakGlassStates.Pending, second!.State); // high tier waits for one approval
        Assert.Equal(10, second.DurationSeconds);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Bad_requests_come_back_422_with_the_errors_beside_their_fields_and_nothing_stored(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var rhea = await app.BrowserAsAsync("rhea");

        foreach (var htmx in new[] { false, true })
        {
            var missing = await rhea.PostAsync("/break-glass", "/break-glass", BreakGlassPagesSetup.RequestFields(justification: "  "), htmx);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            var page = BreakGlassPagesSetup.Html(await missing.Content.ReadAsStringAsync());
            Assert.Contains("is-invalid", page.QuerySelector("#bg-justification")!.ClassName);
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("#bg-justification-error")!.TextContent));
            Assert.Equal("INC-7", page.QuerySelector("#bg-incident")!.GetAttribute("value")); // what was typed stays
            Assert.Equal("deployer", page.QuerySelector("#bg-assistant option[selected]")!.GetAttribute("value"));

            // Over the hard cap (4 h), which no policy setting can exceed.
            var overCap = await rhea.PostAsync("/break-glass", "/break-glass", BreakGlassPagesSetup.RequestFields(duration: "custom", customSeconds: "14401"), htmx);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, overCap.StatusCode);
            var capPage = BreakGlassPagesSetup.Html(await overCap.Content.ReadAsStringAsync());
            var panel = capPage.QuerySelector("#request-panel")!;
            Assert.True(panel.QuerySelector("#bg-duration-error")!.TextContent.Trim().Length > 0 || panel.QuerySelector("[data-testid=request-error]") is not null,
                "the cap is not explained in the form");
            Assert.Equal("14401", capPage.QuerySelector("#bg-custom-seconds")!.GetAttribute("value"));

            var notANumber = await rhea.PostAsync("/break-glass", "/break-glass", BreakGlassPagesSetup.RequestFields(duration: "custom", customSeconds: "ten"), htmx);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, notANumber.StatusCode);
            Assert.Contains("whole number of seconds", BreakGlassPagesSetup.Html(await notANumber.Content.ReadAsStringAsync()).QuerySelector("#bg-duration-error")!.TextContent);
        }

        // An owner asking for someone else's assistant, and a post without the antiforgery token, are refused too.
        var olive = await app.BrowserAsAsync("olive");
        var notHers = await olive.PostAsync("/break-glass", "/break-glass", BreakGlassPagesSetup.RequestFields("guardian"));
        Assert.True(notHers.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity, $"{notHers.StatusCode}");
        var noToken = await rhea.PostAsync("/break-glass", "/break-glass", BreakGlassPagesSetup.RequestFields(), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        foreach (var state in BreakGlassStates.All)
        {
            Assert.Empty(await app.Service<BreakGlassQueries>().ListAsync(await app.CallerAsync("rhea"), state, 10));
        }
    }
}
