using System.Net;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Decisions;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>
/// <c>POST /v1/decisions</c> from a task that relies on a grant (deployer given k8s:deploy by break-glass): every
/// decision cites the grant, and once the grant is not in force the task is told no, or, if the grant's end has not
/// reached this node yet, the write itself refuses it.
/// </summary>
public sealed class DecisionsUnderGrantTests
{
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    private static async Task<(ConsoleFactory App, string Grant, StartedTask Task)> TaskUnderGrantAsync(TestStore store, TimeSpan? duration = null)
    {
        var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var grant = await app.GrantAsync("deployer", duration ?? HalfHour, scopes: ["k8s:deploy"], incident: "INC-7");
        return (app, grant, await app.TaskAsync(deployer, "prod", ["terraform:plan", "k8s:deploy"]));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Decisions_cite_the_grant_in_the_answer_the_receipt_the_store_and_the_audit(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var (app, grant, task) = await TaskUnderGrantAsync(store);
        await using var running = app;
        var expiry = app.Clock.GetUtcNow() + HalfHour;

        var allowed = (await task.Client.DecideAsync("terraform:plan", "aws/prod/vpc-main")).AssertStatus(HttpStatusCode.OK);
        var pending = (await task.Client.DecideAsync("k8s:deploy", "k8s/prod/payments")).AssertStatus(HttpStatusCode.Accepted);

        foreach (var answer in new[] { allowed, pending, await task.PollAsync(pending.Text("decisionId")) })
        {
            var cited = answer.Body.GetProperty("breakGlass");
            Assert.Equal((grant, expiry), (cited.GetProperty("id").GetString(), cited.GetProperty("expiresAt").GetDateTimeOffset()));
        }

        Assert.Equal(("allow", "allow-reads"), (allowed.Text("decision"), allowed.Text("rule")));
        Assert.Equal(("pending", "prod-writes-need-approval"), (pending.Text("decision"), pending.Text("rule")));
        Assert.Equal(expiry, pending.Body.GetProperty("expiresAt").GetDateTimeOffset()); // the 1 h pending timeout is cut to the grant
        Assert.Equal(grant, (await app.VerifiedReceiptAsync(allowed.Text("receipt"))).GetProperty("break_glass").GetString());
        Assert.Equal(grant, (await app.Service<DecisionStore>().FindAsync(allowed.Text("decisionId")))!.BreakGlassId);
        Assert.Equal(grant, Assert.Single(await app.AuditedAsync("decision.allowed")).Json().GetProperty("breakGlassId").GetString());
        Assert.Equal(grant, Assert.Single(await app.AuditedAsync("decision.pending")).Json().GetProperty("breakGlassId").GetString());
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_decision_without_a_grant_cites_none(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");

        var answer = (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);

        Assert.False(answer.Body.TryGetProperty("breakGlass", out _));
        Assert.False(Assert.Single(await app.AuditedAsync("decision.allowed")).Json().TryGetProperty("breakGlassId", out _));
        Assert.False((await app.VerifiedReceiptAsync(answer.Text("receipt"))).TryGetProperty("break_glass", out _));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_grant_ended_early_turns_every_decision_of_its_tasks_into_a_deny_that_cites_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var (app, grant, task) = await TaskUnderGrantAsync(store);
        await using var running = app;
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.EndGrantAsync(grant, by: "sam");

        // Even a read the policy allows everywhere, within the assistant's own scopes: the task relied on the grant.
        var denied = (await task.Client.DecideAsync("terraform:plan", "aws/prod/vpc-main")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(("deny", DecisionGrants.EndedRule), (denied.Text("decision"), denied.Text("rule")));
        Assert.Contains(grant, denied.Text("reason"), StringComparison.Ordinal);
        Assert.Contains("ended early by sam at " + app.Clock.GetUtcNow().ToString("u", System.Globalization.CultureInfo.InvariantCulture), denied.Text("reason"), StringComparison.Ordinal);
        Assert.False(denied.Body.TryGetProperty("receipt", out _));
        Assert.Equal(grant, denied.Body.GetProperty("breakGlass").GetProperty("id").GetString());
        var stored = (await app.Service<DecisionStore>().FindAsync(denied.Text("decisionId")))!;
        Assert.Equal((DecisionStates.Denied, grant), (stored.State, stored.BreakGlassId));
        var audited = Assert.Single(await app.AuditedAsync("decision.denied")).Json();
        Assert.Equal((grant, DecisionGrants.EndedRule), (audited.GetProperty("breakGlassId").GetString(), audited.GetProperty("rule").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_grant_ended_in_the_store_but_still_cached_here_is_caught_by_the_write_with_401(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var (app, grant, task) = await TaskUnderGrantAsync(store);
        await using var running = app;
        (await task.Client.DecideAsync("terraform:plan", "aws/prod/vpc-main")).AssertStatus(HttpStatusCode.OK); // the grants are cached now
        Assert.NotNull(await app.Service<ActiveGrants>().InForceAsync(grant, app.Clock.GetUtcNow()));

        await app.EndGrantAsync(grant, tellNode: false);
        Assert.NotNull(await app.Service<ActiveGrants>().InForceAsync(grant, app.Clock.GetUtcNow())); // this node has not heard

        var refused = (await task.Client.DecideAsync("terraform:plan", "aws/prod/vpc-main")).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("the task ended", refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(1, await app.RowsAsync("decisions"));
        Assert.Single(await app.AuditedAsync("decision.refused"));

        app.Service<ActiveGrants>().Invalidate(); // the change reaches the node: now a recorded deny
        var denied = (await task.Client.DecideAsync("terraform:plan", "aws/prod/vpc-main")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("deny", DecisionGrants.EndedRule), (denied.Text("decision"), denied.Text("rule")));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_approval_under_a_grant_lasts_no_longer_than_the_grant_and_none_is_given_after_it_ended(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var (app, grant, task) = await TaskUnderGrantAsync(store, TimeSpan.FromMinutes(10));
        await using var running = app;
        var abe = await app.PersonAsync("abe");
        var first = (await task.Client.DecideAsync("k8s:deploy", "k8s/prod/payments")).AssertStatus(HttpStatusCode.Accepted).Text("decisionId");
        var second = (await task.Client.DecideAsync("k8s:deploy", "k8s/prod/ledger")).AssertStatus(HttpStatusCode.Accepted).Text("decisionId");

        (await abe.VerdictAsync(first, "approve")).AssertStatus(HttpStatusCode.OK);
        var approved = await task.PollAsync(first);
        Assert.Equal("allow", approved.Text("decision"));
        var grantEnds = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(10);
        Assert.Equal(grantEnds, approved.Body.GetProperty("expiresAt").GetDateTimeOffset()); // not the rule's 15 min TTL
        Assert.Equal(grantEnds.ToUnixTimeSeconds(), (await app.VerifiedReceiptAsync(approved.Text("receipt"))).GetProperty("exp").GetInt64());

        await app.EndGrantAsync(grant);
        var refused = (await abe.VerdictAsync(second, "approve")).AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains(grant, refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("expired", (await app.Service<DecisionStore>().FindAsync(second))!.State);
        Assert.Equal(0, await app.RowsAsync("approvals", $"decision_id = '{second}'"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_action_outside_the_task_scopes_is_still_refused_with_403_under_a_grant(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        var (app, _, task) = await TaskUnderGrantAsync(store);
        await using var running = app;

        (await task.Client.DecideAsync("k8s:read", "k8s/prod/payments")).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal(0, await app.RowsAsync("decisions"));
    }
}
