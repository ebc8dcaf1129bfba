using AgentConsole.Features.BreakGlass;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>Which buttons a grant's action panel offers, and its flags, by state and by what the person may do.</summary>
public class BreakGlassGrantActionsComponentTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public BreakGlassGrantActionsComponentTests() => Services.AddSingleton<AntiforgeryStateProvider>(new FixedToken());

    private sealed class FixedToken : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }

    private IRenderedComponent<GrantActions> Actions(BreakGlassGrant grant, bool mayApprove, bool mayEnd, DateTimeOffset? now = null) =>
        Render<GrantActions>(p => p.Add(c => c.Grant, grant).Add(c => c.Now, now ?? Now).Add(c => c.MayApprove, mayApprove).Add(c => c.MayEnd, mayEnd));

    private static string[] Buttons(IRenderedComponent<GrantActions> panel) =>
        panel.FindAll("button[data-action]").Select(b => b.GetAttribute("data-action")!).ToArray();

    [Fact]
    public void A_waiting_request_offers_approve_and_reject_to_an_approver_and_withdraw_to_its_requester()
    {
        var pending = BreakGlassBannerComponentTests.Grant(state: BreakGlassStates.Pending);

        Assert.Equal(["approve", "reject"], Buttons(Actions(pending, mayApprove: true, mayEnd: false)));
        var requester = Actions(pending, mayApprove: false, mayEnd: true);
        Assert.Equal(["end"], Buttons(requester));
        Assert.Contains("Withdraw request", requester.Find("button[data-action=end]").TextContent);
        Assert.Empty(Buttons(Actions(pending, mayApprove: false, mayEnd: false)));
        // Past its expiry nobody can approve it any more: it lapsed, whatever the sweeper has stored yet.
        Assert.Empty(Buttons(Actions(pending, mayApprove: true, mayEnd: true, Now.AddSeconds(754))));
    }

    [Fact]
    public void A_grant_in_force_offers_end_now_until_its_last_tick()
    {
        var active = BreakGlassBannerComponentTests.Grant();

        Assert.Equal(["end"], Buttons(Actions(active, mayApprove: true, mayEnd: true)));
        Assert.Contains("End now", Actions(active, false, true).Find("button").TextContent);
        Assert.Equal(["end"], Buttons(Actions(active, false, true, Now.AddSeconds(753))));
        Assert.Empty(Buttons(Actions(active, false, true, Now.AddSeconds(754))));
    }

    [Fact]
    public void Every_action_is_a_plain_form_post_with_an_antiforgery_token_that_htmx_upgrades_in_place()
    {
        var panel = Actions(BreakGlassBannerComponentTests.Grant(state: BreakGlassStates.Pending), mayApprove: true, mayEnd: true);

        foreach (var form in panel.FindAll("form"))
        {
            Assert.Equal("post", form.GetAttribute("method"));
            Assert.Equal(form.GetAttribute("action"), form.GetAttribute("hx-post"));
            Assert.Equal("#actions-bg_1", form.GetAttribute("hx-target"));
            Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        }

        Assert.Equal(["/break-glass/bg_1/approve", "/break-glass/bg_1/reject", "/break-glass/bg_1/end"], panel.FindAll("form").Select(f => f.GetAttribute("action")));
        Assert.True(panel.Find("#reject-bg_1").HasAttribute("required"));
    }

    [Fact]
    public void Flags_say_renewal_becoming_permanent_and_review_overdue()
    {
        var grant = new BreakGlassGrant
        {
            Id = "bg_2", RequestedBy = "rhea", Justification = "x", Incident = "INC-1", State = BreakGlassStates.Ended, EndReason = BreakGlassEndReasons.Expired,
            RenewalNumber = 2, Flagged = true, RepeatCount = 4, StartedAt = Now.AddHours(-2), EndedAt = Now.AddHours(-1), ReviewDueAt = Now.AddMinutes(-1),
            RequestedAt = Now.AddHours(-2), ExpiresAt = Now.AddHours(-1),
        };

        var flags = Render<GrantFlags>(p => p.Add(c => c.Grant, grant).Add(c => c.Now, Now));

        Assert.Equal("expired", flags.Find("[data-testid=grant-state]").TextContent);
        Assert.Equal("renewal #2", flags.Find("[data-testid=flag-renewal]").TextContent);
        Assert.Contains("becoming permanent", flags.Find("[data-testid=flag-permanent]").TextContent);
        Assert.Contains("review overdue", flags.Find("[data-testid=flag-overdue]").TextContent);
        Assert.Empty(flags.FindAll("[data-testid=flag-review]"));
    }
}
