using System.Net;
using AgentConsole.Tests.Features.Approvals;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>The banner on every page: there while a grant is in force, gone the moment it expires, and its fragment for live updates.</summary>
public sealed class BreakGlassPagesBannerTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_unrelated_page_shows_the_grant_in_force_and_drops_it_once_it_expires(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var grant = await app.RequestGrantAsync("rhea", seconds: 600);
        var abe = await app.BrowserAsAsync("abe");

        foreach (var path in new[] { "/", "/assistants" })
        {
            var page = await abe.PageAsync(path);
            var item = page.QuerySelector($"#break-glass-banner .bg-banner-item[data-grant-id='{grant.Id}']");
            Assert.True(item is not null, $"no banner item on {path}");
            Assert.Contains("deployer", item.TextContent);
            Assert.Contains("scope terraform:apply", item.TextContent);
            Assert.Contains("INC-4211 · asked by rhea", item.TextContent);
            Assert.Equal("10:00", item.QuerySelector(".bg-countdown-time")!.TextContent);
            Assert.Equal("2026-11-22T09:10:00.000Z", item.QuerySelector("[data-bg-expires]")!.GetAttribute("data-bg-expires"));
            Assert.Equal($"/break-glass/{grant.Id}", item.QuerySelector("a")!.GetAttribute("href"));
            Assert.Equal("1", page.QuerySelector("[data-live-grants]")!.TextContent);
        }

        // One tick before expiry it is still there; at expiry it is gone, sweeper or not.
        app.Clock.Advance(TimeSpan.FromSeconds(599));
        Assert.NotNull((await abe.PageAsync("/assistants")).QuerySelector($".bg-banner-item[data-grant-id='{grant.Id}']"));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await abe.PageAsync("/assistants");
        Assert.Empty(after.QuerySelectorAll(".bg-banner-item"));
        Assert.True(after.QuerySelector("#break-glass-banner")!.HasAttribute("hidden"));
        Assert.True(after.QuerySelector("[data-live-grants]")!.HasAttribute("hidden"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Everyone_signed_in_sees_the_banner_and_only_possible_approvers_see_requests_waiting(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.SetUpAsync();
        var active = await app.RequestGrantAsync("rhea");
        var waiting = await app.RequestGrantAsync("otto", "guardian", incident: "INC-9");
        Assert.Equal("pending", waiting.State);

        // The default policy lets security and approvers approve; never the person who asked.
        foreach (var (name, seesWaiting) in new[] { ("abe", true), ("sam", true), ("rhea", true), ("ada", false), ("cole", false), ("olive", false), ("otto", false) })
        {
            var client = await app.BrowserAsAsync(name);
            var response = await client.GetHtmxAsync("/break-glass/banner");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("<div id=\"break-glass-banner\"", html.TrimStart()); // the fragment alone, no layout
            Assert.DoesNotContain("<html", html);
            var banner = BreakGlassPagesSetup.Html(html);
            Assert.True(banner.QuerySelector($".bg-banner-item[data-grant-id='{active.Id}']") is not null, $"{name} does not see the grant in force");
            Assert.True(seesWaiting == (banner.QuerySelector($"[data-testid=break-glass-waiting] a[data-grant-id='{waiting.Id}']") is not null),
                $"{name}: waiting line");
            Assert.Empty(banner.QuerySelectorAll($".bg-banner-item[data-grant-id='{waiting.Id}']")); // not in force while it waits
        }

        var anonymous = app.Browser();
        Assert.StartsWith("/account/signin", (await anonymous.GetAsync("/break-glass/banner")).RedirectPath());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetHtmxAsync("/break-glass/banner")).StatusCode);
        // Pages anyone may open signed out carry no banner.
        Assert.DoesNotContain("bg-banner-item", await anonymous.GetStringAsync("/account/signin"));
    }
}
