using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Notifications;
using AgentConsole.Tests.Features.BreakGlass;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Notifications;

/// <summary>Break-glass grants are announced: started, ended and expired to every webhook, a waiting request to those that take pending requests.</summary>
public sealed class BreakGlassWebhookTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_grant_that_starts_at_once_and_is_ended_early_is_announced_to_every_webhook_signed(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store, Hooks.Settings());
        await app.GrantPeopleAndAssistantsAsync();
        var oncall = await app.AddWebhookAsync("on-call", receiver.Url("oncall"));
        await app.AddWebhookAsync("escalations only", receiver.Url("escalations"), pending: false);
        var off = await app.AddWebhookAsync("switched off", receiver.Url("off"));
        (await app.Service<WebhookSubscriptions>().SetEnabledAsync(await app.CallerAsync("ada"), off.Webhook.Id, enabled: false)).Succeeded();

        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"], environments: ["prod"]))).Succeeded();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 2, "both enabled webhooks heard of the start");
        (await app.Service<BreakGlassService>().EndAsync(await app.CallerAsync("sam"), grant.Id)).Succeeded();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 4, "both enabled webhooks heard of the end");
        await Task.Delay(500);

        var requests = receiver.Requests;
        Assert.Equal(["escalations", "escalations", "oncall", "oncall"], requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal([WebhookEvents.BreakGlassStarted, WebhookEvents.BreakGlassEnded],
            requests.Where(r => r.Path == "oncall").Select(r => r.Headers[WebhookSender.EventHeader]));
        var started = requests.First(r => r.Path == "oncall");
        Assert.True(WebhookSignature.Verify(oncall.Secret, started.Headers[WebhookSignature.Header], started.Body, app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var body = started.Json;
        Assert.Equal(WebhookEvents.BreakGlassStarted, body.GetProperty("event").GetString());
        Assert.Equal($"{Hooks.PublicUrl}/break-glass/{grant.Id}", body.GetProperty("url").GetString());
        var facts = body.GetProperty("grant");
        Assert.Equal((grant.Id, "fixer", "olive", "olive", "INC-4211"), (facts.GetProperty("id").GetString(), facts.GetProperty("assistant").GetString(),
            facts.GetProperty("owner").GetString(), facts.GetProperty("requestedBy").GetString(), facts.GetProperty("incident").GetString()));
        Assert.Equal("scopes k8s:deploy; environments prod", facts.GetProperty("exceptions").GetString());
        Assert.Equal(grant.ExpiresAt, facts.GetProperty("expiresAt").GetDateTimeOffset());
        var ended = requests.Last(r => r.Path == "oncall").Json.GetProperty("grant");
        Assert.Equal(("ended", "ended", "sam"), (ended.GetProperty("state").GetString(), ended.GetProperty("endReason").GetString(), ended.GetProperty("endedBy").GetString()));
        Assert.All(await app.DeliveriesAsync(), d => Assert.Equal((DeliveryStates.Delivered, grant.Id, (string?)null), (d.State, d.GrantId, d.DecisionId)));

        // The delivery log names the grant each notice was about, with a link to it.
        var security = await app.SignedInAsync("webhook-reader", "security");
        using var log = new HttpRequestMessage(HttpMethod.Get, "/settings/webhooks/deliveries");
        log.Headers.Add("HX-Request", "true");
        var fragment = await (await security.SendAsync(log)).Content.ReadAsStringAsync();
        Assert.Equal(4, fragment.Split($"<a href=\"/break-glass/{grant.Id}\">break-glass {grant.Id}</a>").Length - 1);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_request_waiting_for_approval_goes_to_the_pending_webhooks_then_its_start_and_expiry_to_all(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store, Hooks.Settings());
        await app.GrantPeopleAndAssistantsAsync();
        await app.AddWebhookAsync("on-call", receiver.Url("oncall"));
        await app.AddWebhookAsync("escalations only", receiver.Url("escalations"), pending: false);

        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("guardian", 600, skips: [new SkipApproval("terraform:apply", "aws/prod/*")]))).Succeeded();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 1, "the on-call webhook heard of the request");
        await Task.Delay(500);
        var waiting = Assert.Single(receiver.Requests);
        (await app.Service<BreakGlassService>().ApproveAsync(await app.CallerAsync("abe"), grant.Id)).Succeeded();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 3, "both webhooks heard of the start");
        app.Clock.Advance(TimeSpan.FromSeconds(600));
        await app.Service<BreakGlassService>().ExpireDueAsync();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 5, "both webhooks heard of the expiry");

        Assert.Equal(("oncall", WebhookEvents.BreakGlassPending), (waiting.Path, waiting.Headers[WebhookSender.EventHeader]));
        Assert.Equal("approval skipped for terraform:apply on aws/prod/*", waiting.Json.GetProperty("grant").GetProperty("exceptions").GetString());
        Assert.Equal([WebhookEvents.BreakGlassStarted, WebhookEvents.BreakGlassExpired],
            receiver.Requests.Where(r => r.Path == "escalations").Select(r => r.Headers[WebhookSender.EventHeader]));
        var expired = receiver.Requests.Last(r => r.Path == "oncall").Json.GetProperty("grant");
        Assert.Equal(grant.ExpiresAt.AddDays(3), expired.GetProperty("reviewDueAt").GetDateTimeOffset());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Slack_and_Teams_get_a_break_glass_message_with_a_link_to_the_grant(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store, Hooks.Settings());
        await app.GrantPeopleAndAssistantsAsync();
        await app.AddWebhookAsync("slack", receiver.Url("slack"), WebhookFormats.Slack);
        await app.AddWebhookAsync("teams", receiver.Url("teams"), WebhookFormats.Teams);

        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 2, "both webhooks were called");

        var link = $"{Hooks.PublicUrl}/break-glass/{grant.Id}";
        var slack = receiver.Requests.Single(r => r.Path == "slack").Json;
        Assert.StartsWith("Break-glass started: fixer has scopes k8s:deploy until", slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Asked by: olive", slack.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(link, slack.GetProperty("blocks")[1].GetProperty("elements")[0].GetProperty("url").GetString());
        var teams = receiver.Requests.Single(r => r.Path == "teams").Json;
        Assert.Equal(("MessageCard", "D13438"), (teams.GetProperty("@type").GetString(), teams.GetProperty("themeColor").GetString()));
        Assert.Contains("INC-4211", teams.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(link, teams.GetProperty("potentialAction")[0].GetProperty("targets")[0].GetProperty("uri").GetString());
    }
}
