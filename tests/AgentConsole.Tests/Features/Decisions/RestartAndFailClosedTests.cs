using System.Net;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>Pending decisions outlive the process; when the store, the audit or the policy is missing nothing is allowed.</summary>
public sealed class RestartAndFailClosedTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_pending_decision_survives_a_restart_and_an_approval_still_binds_its_plan(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        string token, id;
        await using (var before = new ConsoleFactory(store))
        {
            var (task, decisionId) = await before.PendingDecisionAsync();
            (token, id) = (task.Token, decisionId);
        }

        await using var after = new ConsoleFactory(store);
        var agent = after.TaskClient(token);
        var abe = await after.PersonAsync("abe");
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(25));

        var poll = agent.CallAsync(HttpMethod.Get, $"/v1/decisions/{id}?wait=30", cancellationToken: giveUp.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(poll.IsCompleted, "the long-poll answered before anyone decided");
        (await abe.VerdictAsync(id, "approve", "still fine after the restart")).AssertStatus(HttpStatusCode.OK);
        var answer = (await poll).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("allow", answer.Text("decision"));
        var claims = await after.VerifiedReceiptAsync(answer.Text("receipt"));
        Assert.Equal((id, Plans.Digest(Plans.AddBucket)), (claims.GetProperty("jti").GetString(), claims.GetProperty("plan_digest").GetString()));
        Assert.Equal(["abe"], claims.GetProperty("approved_by").Strings());
        await after.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task When_the_audit_record_cannot_be_written_nothing_is_allowed_and_nothing_is_recorded(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        await app.AuditDownAsync();

        var refused = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket));
        var refusedWrite = await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main");

        refused.AssertProblem(HttpStatusCode.ServiceUnavailable);
        refusedWrite.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.False(refused.Body.TryGetProperty("receipt", out _));
        Assert.Equal(0, await app.RowsAsync("decisions"));
        Assert.Equal(0, await app.RowsAsync("plans"));

        await app.AuditUpAsync();
        var allowed = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket));

        allowed.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("allow", allowed.Text("decision"));
        Assert.Equal(1, await app.RowsAsync("decisions"));
        Assert.Single(await app.AuditedAsync("decision.allowed"));
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Without_a_published_policy_every_decision_answers_503(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);

        await app.BehindTheConsolesBackAsync("UPDATE policy_versions SET state = 'superseded';");
        app.Clock.Advance(TimeSpan.FromSeconds(11)); // the published policy is re-checked every 10 s of the console's clock
        var read = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main");
        var write = await task.Client.DecideAsync("terraform:apply", "aws/dev/vpc-main");

        read.AssertProblem(HttpStatusCode.ServiceUnavailable);
        write.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("No policy is published", read.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.RowsAsync("decisions"));
    }
}
