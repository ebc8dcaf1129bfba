using AgentConsole.Features.BreakGlass;
using Bunit;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>The banner on every page, rendered alone: what it says about each grant and how it stays quiet for screen readers.</summary>
public class BreakGlassBannerComponentTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static BreakGlassGrant Grant(string id = "bg_1", string state = BreakGlassStates.Active, int seconds = 754, string assistant = "deployer") => new()
    {
        Id = id,
        AssistantName = assistant,
        Team = "payments",
        RiskTier = "low",
        RequestedBy = "rhea",
        RequestedById = 1,
        Justification = "Payments API down; the fix needs a prod apply now.",
        Incident = "INC-4211",
        DurationSeconds = seconds,
        Scopes = "[\"terraform:apply\"]",
        Environments = "[\"prod\"]",
        SkipApprovalFor = "[{\"action\":\"terraform:apply\",\"resource\":\"aws/prod/*\"}]",
        State = state,
        RequestedAt = Now,
        ExpiresAt = Now.AddSeconds(seconds),
    };

    [Fact]
    public void A_grant_in_force_names_the_assistant_what_it_allows_the_incident_the_requester_and_the_time_left()
    {
        var banner = Render<BreakGlassBanner>(p => p.Add(c => c.View, new BannerView([Grant()], [], Now, false)));

        var item = banner.Find(".bg-banner-item");
        Assert.Equal("bg_1", item.GetAttribute("data-grant-id"));
        Assert.Equal("/break-glass/bg_1", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("scope terraform:apply; environment prod; no approval for terraform:apply on aws/prod/*", item.TextContent);
        Assert.Contains("INC-4211 · asked by rhea", item.TextContent);
        Assert.Equal("2026-11-22T09:12:34.000Z", item.QuerySelector("[data-bg-expires]")!.GetAttribute("data-bg-expires"));
        Assert.Equal("12:34", item.QuerySelector(".bg-countdown-time")!.TextContent);
        Assert.Equal("2026-11-22T09:00:00.000Z", banner.Find("#break-glass-banner").GetAttribute("data-server-now"));
        Assert.Equal("1", banner.Find("#break-glass-banner").GetAttribute("data-count"));
        Assert.False(banner.Find("#break-glass-banner").HasAttribute("hidden"));
    }

    [Fact]
    public void The_countdown_is_not_inside_a_live_region_so_it_is_not_read_out_every_second()
    {
        var banner = Render<BreakGlassBanner>(p => p.Add(c => c.View, new BannerView([Grant(), Grant("bg_2", seconds: 4000)], [], Now, false)));

        Assert.Equal(["12:34", "1:06:40"], banner.FindAll(".bg-countdown-time").Select(t => t.TextContent));
        foreach (var countdown in banner.FindAll(".bg-countdown"))
        {
            for (var e = countdown.ParentElement; e is not null; e = e.ParentElement)
            {
                Assert.Null(e.GetAttribute("aria-live"));
                Assert.NotEqual("status", e.GetAttribute("role"));
            }
        }

        Assert.Equal("2 grants", banner.Find("[role=status]").TextContent);
        Assert.Equal("bg-banner-title", banner.Find("section").GetAttribute("aria-labelledby"));
    }

    [Fact]
    public void No_grant_leaves_the_banner_hidden_but_present_for_live_updates()
    {
        var banner = Render<BreakGlassBanner>(p => p.Add(c => c.View, new BannerView([], [], Now, false)));

        Assert.True(banner.Find("#break-glass-banner").HasAttribute("hidden"));
        Assert.Empty(banner.FindAll(".bg-banner-item"));
        Assert.Equal("0", banner.Find("#break-glass-banner").GetAttribute("data-count"));
    }

    [Fact]
    public void Requests_waiting_for_this_persons_approval_show_as_one_compact_line()
    {
        var banner = Render<BreakGlassBanner>(p => p.Add(c => c.View,
            new BannerView([], [Grant("bg_9", BreakGlassStates.Pending, assistant: "guardian")], Now, false)));

        var waiting = banner.Find("[data-testid=break-glass-waiting]");
        Assert.Contains("1 break-glass request waits for your approval", waiting.TextContent);
        Assert.Equal("/break-glass/bg_9", waiting.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(banner.FindAll(".bg-banner-item"));
        Assert.False(banner.Find("#break-glass-banner").HasAttribute("hidden"));
    }

    [Fact]
    public void Grants_that_cannot_be_read_are_said_so_not_shown_as_none()
    {
        var banner = Render<BreakGlassBanner>(p => p.Add(c => c.View, new BannerView([], [], Now, true)));

        Assert.Contains("cannot be read", banner.Find("[role=alert]").TextContent);
        Assert.False(banner.Find("#break-glass-banner").HasAttribute("hidden"));
    }
}
