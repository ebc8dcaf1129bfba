using AgentConsole.Features.Notifications;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Notifications;

/// <summary>Pending decisions reach every subscribed webhook, signed, in the webhook's format, retried until they land or give up.</summary>
public sealed class WebhookDeliveryTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_pending_decision_sends_exactly_one_signed_delivery_to_each_webhook(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, Hooks.Settings());
        var oncall = await app.AddWebhookAsync("on-call", receiver.Url("oncall"));
        var pager = await app.AddWebhookAsync("pager", receiver.Url("pager"), secret: "a-secret-of-our-own-1234");
        await app.AddWebhookAsync("escalations only", receiver.Url("escalations"), pending: false);

        var (_, id) = await app.PendingDecisionAsync();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 2, "both webhooks were called");
        await Task.Delay(500);

        var requests = receiver.Requests;
        Assert.Equal(["oncall", "pager"], requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        foreach (var (request, secret) in new[] { (requests.Single(r => r.Path == "oncall"), oncall.Secret), (requests.Single(r => r.Path == "pager"), pager.Secret) })
        {
            Assert.True(WebhookSignature.Verify(secret, request.Headers[WebhookSignature.Header], request.Body, app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)),
                $"signature {request.Headers[WebhookSignature.Header]} does not verify");
            Assert.False(WebhookSignature.Verify(secret + "x", request.Headers[WebhookSignature.Header], request.Body, app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
            Assert.Equal("pending", request.Headers[WebhookSender.EventHeader]);
            var body = request.Json;
            Assert.Equal(request.Headers[WebhookSender.DeliveryHeader], body.GetProperty("deliveryId").GetString());
            Assert.Equal("pending", body.GetProperty("event").GetString());
            var decision = body.GetProperty("decision");
            Assert.Equal((id, "deployer", "olive", "low", "prod"), (decision.GetProperty("id").GetString(), decision.GetProperty("assistant").GetString(),
                decision.GetProperty("owner").GetString(), decision.GetProperty("tier").GetString(), decision.GetProperty("environment").GetString()));
            Assert.Equal(("terraform:apply", "aws/prod/vpc-main", "olive"), (decision.GetProperty("action").GetString(),
                decision.GetProperty("resource").GetString(), decision.GetProperty("onBehalfOf").GetString()));
            Assert.Equal(1, decision.GetProperty("approvalsRequired").GetInt32());
            Assert.Equal(decision.GetProperty("createdAt").GetDateTimeOffset().AddMinutes(45), decision.GetProperty("slaDueAt").GetDateTimeOffset());
            Assert.Equal($"{Hooks.PublicUrl}/approvals/{id}", body.GetProperty("reviewUrl").GetString());
            Assert.DoesNotContain("prompt", request.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("aws_s3_bucket", request.Body, StringComparison.Ordinal);
        }

        Assert.All(await app.DeliveriesAsync(), d => Assert.Equal((DeliveryStates.Delivered, 1, 204), (d.State, d.Attempts, d.LastStatusCode)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Slack_and_Teams_webhooks_get_bodies_their_incoming_webhooks_accept(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, Hooks.Settings());
        await app.AddWebhookAsync("slack", receiver.Url("slack"), WebhookFormats.Slack);
        await app.AddWebhookAsync("teams", receiver.Url("teams"), WebhookFormats.Teams);

        var (_, id) = await app.PendingDecisionAsync();
        await Hooks.EventuallyAsync(() => receiver.Requests.Count >= 2, "both webhooks were called");

        var review = $"{Hooks.PublicUrl}/approvals/{id}";
        var slack = receiver.Requests.Single(r => r.Path == "slack").Json;
        Assert.Contains("deployer", slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = slack.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(("section", "mrkdwn"), (blocks[0].GetProperty("type").GetString(), blocks[0].GetProperty("text").GetProperty("type").GetString()));
        var button = blocks[1].GetProperty("elements")[0];
        Assert.Equal(("button", review), (button.GetProperty("type").GetString(), button.GetProperty("url").GetString()));

        var teams = receiver.Requests.Single(r => r.Path == "teams").Json;
        Assert.Equal("MessageCard", teams.GetProperty("@type").GetString());
        Assert.Contains("deployer", teams.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var open = teams.GetProperty("potentialAction")[0];
        Assert.Equal(("OpenUri", review), (open.GetProperty("@type").GetString(), open.GetProperty("targets")[0].GetProperty("uri").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_500_is_retried_after_the_backoff_and_the_attempts_are_recorded(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, Hooks.Settings());
        await app.AddWebhookAsync("on-call", receiver.Url("oncall"));
        receiver.FailNext(1);

        await app.PendingDecisionAsync();
        await Hooks.EventuallyAsync(async () => (await app.DeliveriesAsync(DeliveryStates.Failed)).Count == 1, "the first attempt failed");
        var failed = Assert.Single(await app.DeliveriesAsync());
        Assert.Equal((1, 500), (failed.Attempts, failed.LastStatusCode));
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(10), failed.NextAttemptAt);
        await Task.Delay(300);
        Assert.Single(receiver.Requests); // not due before the backoff has passed

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await Hooks.EventuallyAsync(async () => (await app.DeliveriesAsync(DeliveryStates.Delivered)).Count == 1, "the retry was delivered");

        var delivered = Assert.Single(await app.DeliveriesAsync());
        Assert.Equal((2, 204, null), (delivered.Attempts, delivered.LastStatusCode, delivered.LastError));
        Assert.Equal(app.Clock.GetUtcNow(), delivered.DeliveredAt);
        Assert.Equal([500, 204], receiver.Requests.Select(r => r.AnsweredWith));
        Assert.Equal(receiver.Requests[0].Body, receiver.Requests[1].Body);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_delivery_is_abandoned_and_audited_after_the_last_attempt(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, Hooks.Settings(maxAttempts: 3));
        await app.AddWebhookAsync("on-call", receiver.Url("oncall"));
        receiver.FailNext(100, 503);

        await app.PendingDecisionAsync();
        foreach (var attempts in new[] { 1, 2 })
        {
            await Hooks.EventuallyAsync(async () => (await app.DeliveriesAsync(DeliveryStates.Failed)) is [{ } d] && d.Attempts == attempts,
                $"attempt {attempts} was recorded");
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await Hooks.EventuallyAsync(async () => (await app.DeliveriesAsync(DeliveryStates.Abandoned)).Count == 1, "the delivery was abandoned");
        await Task.Delay(300);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(300);

        Assert.Equal(3, receiver.Requests.Count);
        var abandoned = Assert.Single(await app.DeliveriesAsync());
        Assert.Equal((3, 503), (abandoned.Attempts, abandoned.LastStatusCode));
        var audited = Assert.Single(await app.AuditedAsync("webhook.abandoned"));
        Assert.Equal(("webhook", "on-call"), (audited.SubjectType, audited.SubjectId));
        Assert.Contains(abandoned.Id, audited.Payload, StringComparison.Ordinal);
        await app.AssertAuditIntactAsync();
    }
}
