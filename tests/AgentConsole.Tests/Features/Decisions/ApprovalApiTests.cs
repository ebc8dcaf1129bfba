using System.Diagnostics;
using System.Globalization;
using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary><c>POST /v1/approvals/{id}</c>: people settle pending decisions with personal tokens, under the rule's terms.</summary>
public sealed class ApprovalApiTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_approver_approves_with_a_personal_token_and_the_receipt_names_them(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync();

        var approved = (await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "matches PR 1234")).AssertStatus(HttpStatusCode.OK);
        var polled = await task.PollAsync(id, waitSeconds: 5);

        Assert.Equal(("approved", "allow"), (approved.Text("state"), approved.Text("decision")));
        Assert.Equal("abe", Assert.Single(approved.Body.GetProperty("approvals").EnumerateArray()).GetProperty("by").GetString());
        Assert.Equal(("allow", "approved"), (polled.Text("decision"), polled.Text("state")));
        var claims = await app.VerifiedReceiptAsync(polled.Text("receipt"));
        Assert.Equal(["abe"], claims.GetProperty("approved_by").Strings());
        Assert.Equal((id, Plans.Digest(Plans.AddBucket)), (claims.GetProperty("jti").GetString(), claims.GetProperty("plan_digest").GetString()));
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(15).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        var vote = Assert.Single(await app.AuditedAsync("approval.approve"));
        Assert.Equal(("user", "abe", id), (vote.ActorKind, vote.ActorId, vote.SubjectId));
        Assert.Single(await app.AuditedAsync("decision.approved"));
    }

    /// <summary>The long-poll is woken by the approval itself, not by its timeout.</summary>
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_waiting_long_poll_returns_as_soon_as_the_decision_is_approved(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync();
        var abe = await app.PersonAsync("abe");
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(25));

        var poll = task.Client.CallAsync(HttpMethod.Get, $"/v1/decisions/{id}?wait=30", cancellationToken: giveUp.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(poll.IsCompleted, "the long-poll answered before anyone decided");
        var sinceApproval = Stopwatch.StartNew();
        (await abe.VerdictAsync(id, "approve", "ok")).AssertStatus(HttpStatusCode.OK);
        var answer = (await poll).AssertStatus(HttpStatusCode.OK);
        sinceApproval.Stop();

        Assert.Equal("allow", answer.Text("decision"));
        Assert.Equal(["abe"], (await app.VerifiedReceiptAsync(answer.Text("receipt"))).GetProperty("approved_by").Strings());
        Assert.True(sinceApproval.Elapsed < TimeSpan.FromSeconds(5), $"the poll answered {sinceApproval.Elapsed} after the approval");
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_person_the_agent_works_for_and_roles_the_rule_does_not_name_cannot_approve(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync(onBehalfOf: "abe");

        var self = await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "looks fine to me");
        var compliance = await (await app.PersonAsync("cole")).VerdictAsync(id, "approve");
        var owner = await (await app.PersonAsync("olive")).VerdictAsync(id, "deny", "not mine to say");

        self.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Contains("separation of duties", self.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        compliance.AssertProblem(HttpStatusCode.Forbidden);
        owner.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(["abe", "cole", "olive"], (await app.AuditedAsync("approval.refused")).Select(e => e.ActorId));
        Assert.Equal(0, await app.RowsAsync("approvals"));
        Assert.Equal("pending", (await task.PollAsync(id)).Text("decision"));
        (await (await app.PersonAsync("rhea")).VerdictAsync(id, "approve")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("allow", (await task.PollAsync(id)).Text("decision"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_critical_tier_write_needs_two_distinct_approvers(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync(tier: RiskTiers.Critical);
        var abe = await app.PersonAsync("abe");

        var first = (await abe.VerdictAsync(id, "approve", "ok")).AssertStatus(HttpStatusCode.OK);
        var twice = await abe.VerdictAsync(id, "approve", "really ok");
        var between = await task.PollAsync(id);
        var second = (await (await app.PersonAsync("rhea")).VerdictAsync(id, "approve")).AssertStatus(HttpStatusCode.OK);
        var settled = await task.PollAsync(id);

        Assert.Equal(("pending", 2), (first.Text("state"), first.Body.GetProperty("approvalsRequired").GetInt32()));
        twice.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(("pending", "critical-tier-writes-need-two-approvers"), (between.Text("decision"), between.Text("rule")));
        Assert.Equal("approved", second.Text("state"));
        Assert.Equal("allow", settled.Text("decision"));
        Assert.Equal(["abe", "rhea"], (await app.VerifiedReceiptAsync(settled.Text("receipt"))).GetProperty("approved_by").Strings());
        Assert.Equal(2, await app.RowsAsync("approvals"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Any_deny_ends_the_decision_and_must_say_why(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync(tier: RiskTiers.Critical);
        var rhea = await app.PersonAsync("rhea");
        (await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "ok")).AssertStatus(HttpStatusCode.OK);

        var silent = await rhea.VerdictAsync(id, "deny");
        var denied = (await rhea.VerdictAsync(id, "deny", "not during the change freeze")).AssertStatus(HttpStatusCode.OK);
        var polled = await task.PollAsync(id, waitSeconds: 5);
        var late = await (await app.PersonAsync("sam")).VerdictAsync(id, "approve", "ok");

        silent.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.True(silent.Body.GetProperty("errors").TryGetProperty("comment", out _));
        Assert.Equal("rejected", denied.Text("state"));
        Assert.Equal(("deny", "rejected"), (polled.Text("decision"), polled.Text("state")));
        Assert.Contains("not during the change freeze", polled.Text("reason"), StringComparison.Ordinal);
        Assert.False(polled.Body.TryGetProperty("receipt", out _));
        late.AssertProblem(HttpStatusCode.Conflict);
        Assert.StartsWith("Already denied by rhea", late.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(await app.AuditedAsync("decision.rejected"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Approving_a_settled_decision_is_refused_with_who_settled_it_and_when(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync();
        var approvedAt = app.Clock.GetUtcNow();
        (await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "ok")).AssertStatus(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var late = await (await app.PersonAsync("rhea")).VerdictAsync(id, "approve", "me too");
        var unknown = await (await app.PersonAsync("rhea")).VerdictAsync(Guid.NewGuid().ToString(), "approve");

        late.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"Already approved by abe at {approvedAt:yyyy-MM-dd HH:mm} UTC."), late.Body.GetProperty("detail").GetString());
        unknown.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(1, await app.RowsAsync("approvals"));
    }
}
