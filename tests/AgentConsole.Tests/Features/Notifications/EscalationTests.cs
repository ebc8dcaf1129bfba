using AgentConsole.Features.Assistants;
using AgentConsole.Features.Notifications;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Notifications;

/// <summary>Requests unanswered past their tier's service level are escalated once; the outbox's cursor survives restarts.</summary>
public sealed class EscalationTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_request_past_its_SLA_is_escalated_once_and_only_once(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, FiveMinuteSla());
        await app.AddWebhookAsync("pending only", receiver.Url("pending"), escalation: false);
        await app.AddWebhookAsync("escalations", receiver.Url("escalations"), pending: false);
        var (_, id) = await app.PendingDecisionAsync(tier: RiskTiers.High, ttlSeconds: 1800);
        await Hooks.EventuallyAsync(() => receiver.Requests.Count == 1, "the pending notice was sent");

        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await app.Service<WebhookOutbox>().RunOnceAsync();
        Assert.Empty(await app.AuditedAsync("decision.escalated"));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.Service<WebhookOutbox>().RunOnceAsync();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count == 2, "the escalation was sent");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Service<WebhookOutbox>().RunOnceAsync();
        await Task.Delay(500);

        var escalation = Assert.Single(receiver.Requests, r => r.Path == "escalations");
        Assert.Equal("escalation", escalation.Headers[WebhookSender.EventHeader]);
        Assert.Equal((id, "high"), (escalation.Json.GetProperty("decision").GetProperty("id").GetString(),
            escalation.Json.GetProperty("decision").GetProperty("tier").GetString()));
        Assert.Equal(["pending", "escalations"], receiver.Requests.Select(r => r.Path));
        Assert.Equal(id, Assert.Single(await app.AuditedAsync("decision.escalated")).SubjectId);
        Assert.Equal(1, await app.RowsAsync("decision_escalations"));
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_settled_request_is_not_escalated(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, FiveMinuteSla());
        await app.AddWebhookAsync("escalations", receiver.Url("escalations"), pending: false);
        var (_, id) = await app.PendingDecisionAsync(tier: RiskTiers.High, ttlSeconds: 1800);
        (await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "ok")).AssertStatus(System.Net.HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await app.Service<WebhookOutbox>().RunOnceAsync();

        Assert.Empty(await app.AuditedAsync("decision.escalated"));
        Assert.Empty(await app.DeliveriesAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Nothing_is_queued_twice_after_a_restart(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using (var first = new ConsoleFactory(store, Hooks.Settings()))
        {
            await first.AddWebhookAsync("on-call", receiver.Url("oncall"), escalation: false);
            await first.PendingDecisionAsync();
            await Hooks.EventuallyAsync(async () => (await first.DeliveriesAsync(DeliveryStates.Delivered)).Count == 1, "the notice was delivered");
        }

        await using var second = new ConsoleFactory(store, Hooks.Settings());
        await second.Service<WebhookOutbox>().RunOnceAsync();
        await Task.Delay(500);

        Assert.Single(await second.DeliveriesAsync());
        Assert.Single(receiver.Requests);
    }

    // High-tier tasks are short; a short service level keeps the request pending when it runs out.
    private static Dictionary<string, string?> FiveMinuteSla()
    {
        var settings = Hooks.Settings();
        settings["Approvals:Sla:high"] = "00:05:00";
        return settings;
    }
}
