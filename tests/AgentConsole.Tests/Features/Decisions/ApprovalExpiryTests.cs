using System.Net;
using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>Nothing waits or stays approved for ever; and people see only what they may approve.</summary>
public sealed class ApprovalExpiryTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_pending_decision_nobody_decides_in_time_expires_into_a_deny(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, new Dictionary<string, string?> { ["Decisions:PendingTimeout"] = "00:10:00" });
        var (task, id) = await app.PendingDecisionAsync();
        var abe = await app.PersonAsync("abe");
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(10), (await task.PollAsync(id)).Body.GetProperty("expiresAt").GetDateTimeOffset());

        app.Clock.Advance(TimeSpan.FromMinutes(10).Add(TimeSpan.FromSeconds(1)));
        var expired = await task.PollAsync(id, waitSeconds: 5);
        var late = await abe.VerdictAsync(id, "approve", "sorry, was away");
        var queue = (await abe.CallAsync(HttpMethod.Get, "/v1/approvals")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(("deny", "expired"), (expired.Text("decision"), expired.Text("state")));
        Assert.Contains("Nobody decided", expired.Text("reason"), StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(await app.AuditedAsync("decision.expired")).SubjectId);
        late.AssertProblem(HttpStatusCode.Conflict);
        Assert.StartsWith("Expired at", late.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(queue.Body.EnumerateArray());
        Assert.Equal(0, await app.RowsAsync("approvals"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_approval_unused_within_the_rule_ttl_expires_and_nothing_may_run_under_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync();
        (await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "ok")).AssertStatus(HttpStatusCode.OK);
        var approved = await task.PollAsync(id);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(15), approved.Body.GetProperty("expiresAt").GetDateTimeOffset());

        app.Clock.Advance(TimeSpan.FromMinutes(15).Add(TimeSpan.FromSeconds(1)));
        var result = await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{id}/result",
            new { status = "succeeded", planDigest = Plans.Digest(Plans.AddBucket) });
        var after = await task.PollAsync(id);

        result.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(("deny", "expired"), (after.Text("decision"), after.Text("state")));
        var expired = Assert.Single(await app.AuditedAsync("decision.expired"));
        Assert.Equal("approved", expired.Json().GetProperty("previousState").GetString());
        Assert.Empty(await app.AuditedAsync("decision.result"));
    }

    /// <summary>Regression: an approval's receipt lived for the rule's TTL even when its task ended sooner.</summary>
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_approved_receipt_never_outlives_its_task(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync(ttlSeconds: 600);

        (await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "ok")).AssertStatus(HttpStatusCode.OK);
        var approved = await task.PollAsync(id);

        Assert.Equal("allow", approved.Text("decision"));
        var claims = await app.VerifiedReceiptAsync(approved.Text("receipt"));
        Assert.True(claims.GetProperty("exp").GetInt64() <= task.ExpiresAt.ToUnixTimeSeconds(),
            $"receipt exp {DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64()):u} is after the task's expiry {task.ExpiresAt:u}");
        Assert.True(approved.Body.GetProperty("expiresAt").GetDateTimeOffset() <= task.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_approval_queue_lists_only_what_the_caller_may_still_approve(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync(onBehalfOf: "abe", tier: RiskTiers.Critical);
        var rhea = await app.PersonAsync("rhea");

        var forRequester = await QueueAsync(await app.PersonAsync("abe"));
        var forCompliance = await QueueAsync(await app.PersonAsync("cole"));
        var forRhea = await QueueAsync(rhea);
        (await rhea.VerdictAsync(id, "approve", "ok")).AssertStatus(HttpStatusCode.OK);
        var forRheaAfterVoting = await QueueAsync(rhea);
        var forSam = await QueueAsync(await app.PersonAsync("sam"));

        Assert.Empty(forRequester);
        Assert.Empty(forCompliance);
        var listed = Assert.Single(forRhea);
        Assert.Equal((id, "deployer", "abe", 2), (listed.GetProperty("decisionId").GetString(), listed.GetProperty("assistant").GetString(),
            listed.GetProperty("onBehalfOf").GetString(), listed.GetProperty("approvalsRequired").GetInt32()));
        Assert.Empty(forRheaAfterVoting);
        var waiting = Assert.Single(forSam);
        Assert.Equal("rhea", Assert.Single(waiting.GetProperty("approvals").EnumerateArray()).GetProperty("by").GetString());
    }

    private static async Task<IReadOnlyList<JsonElement>> QueueAsync(HttpClient person) =>
        (await person.CallAsync(HttpMethod.Get, "/v1/approvals")).AssertStatus(HttpStatusCode.OK).Body.EnumerateArray().ToList();
}
