using System.Net;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Decisions;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Web;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>What ending a grant early does to work already under way: waiting requests end with it, no task is issued on a stale copy, and the review stays independent.</summary>
public sealed class DecisionsUnderGrantEndTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Ending_a_grant_early_expires_the_requests_waiting_under_it_and_a_waiting_agent_hears_deny(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var grant = await app.GrantAsync("deployer", TenMinutes, scopes: ["k8s:deploy"], incident: "INC-3");
        var task = await app.TaskAsync(deployer, "prod", ["terraform:plan", "k8s:deploy"]);
        var other = await app.TaskAsync(deployer, "prod", ["terraform:plan", "terraform:apply"]);
        var waiting = (await task.Client.DecideAsync("k8s:deploy", "k8s/prod/payments")).AssertStatus(HttpStatusCode.Accepted).Text("decisionId");
        var unrelated = (await other.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket)))
            .AssertStatus(HttpStatusCode.Accepted).Text("decisionId");

        var polling = task.PollAsync(waiting, waitSeconds: 30); // the agent waits for people
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // as in the approval long-poll tests: let the poll start waiting
        var ended = await app.Service<BreakGlassService>().EndAsync(await app.CallerAsync("sam"), grant);

        Assert.True(ended.IsSuccess, ended.Error?.Detail);
        var answer = await polling.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("deny", answer.Text("decision"));
        Assert.Contains("ended early", answer.Text("reason"), StringComparison.Ordinal);
        Assert.Equal(DecisionStates.Expired, (await app.Service<DecisionStore>().FindAsync(waiting))!.State);
        Assert.Equal(DecisionStates.Pending, (await app.Service<DecisionStore>().FindAsync(unrelated))!.State); // not made under the grant
        var expired = Assert.Single(await app.AuditedAsync("decision.expired"));
        Assert.Equal((waiting, grant), (expired.SubjectId, expired.Json().GetProperty("breakGlassId").GetString()));
        var endAudit = Assert.Single(await app.AuditedAsync("break-glass.ended")).Json();
        Assert.Equal([waiting], endAudit.GetProperty("expiredDecisions").Strings());
        (await (await app.PersonAsync("abe")).VerdictAsync(waiting, "approve")).AssertProblem(HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_task_is_not_issued_under_a_grant_that_ended_in_the_store_while_this_node_still_had_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var grant = await app.GrantAsync("deployer", TenMinutes, scopes: ["k8s:deploy"]);
        var request = new { description = "roll back", environment = "prod", scopes = new[] { "k8s:deploy" }, onBehalfOf = "olive" };
        (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks", request)).AssertStatus(HttpStatusCode.Created);

        await app.EndGrantAsync(grant, tellNode: false);
        Assert.NotNull(await app.Service<ActiveGrants>().InForceAsync(grant, app.Clock.GetUtcNow())); // this node has not heard
        var refused = (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks", request)).AssertProblem(HttpStatusCode.Conflict);

        Assert.Contains(grant, refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(1, await app.RowsAsync("tasks", $"break_glass_id = '{grant}'"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_person_who_approved_a_grant_may_not_review_it_even_with_the_compliance_role(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        await app.AddAsync("nell", ConsoleRoles.Approver, ConsoleRoles.Compliance);
        var service = app.Service<BreakGlassService>();
        var grant = (await app.RequestAsync("rhea", GrantScenarios.Ask("guardian", 600, scopes: ["k8s:deploy"]))).Succeeded();
        (await service.ApproveAsync(await app.CallerAsync("nell"), grant.Id)).Succeeded();
        (await service.EndAsync(await app.CallerAsync("rhea"), grant.Id)).Succeeded();

        var byApprover = await service.ReviewAsync(await app.CallerAsync("nell"), grant.Id, ReviewOutcomes.Appropriate, "Looked fine to me.");
        var byCompliance = await service.ReviewAsync(await app.CallerAsync("cole"), grant.Id, ReviewOutcomes.Appropriate, "Matches INC-4211's timeline.");

        Assert.Contains("You approved this grant", Assert.IsType<ForbiddenError>(byApprover.Error).Detail, StringComparison.Ordinal);
        Assert.True(byCompliance.IsSuccess, byCompliance.Error?.Detail);
        Assert.Equal("cole", Assert.Single(await app.AuditedAsync("break-glass.reviewed")).ActorId);
    }
}
