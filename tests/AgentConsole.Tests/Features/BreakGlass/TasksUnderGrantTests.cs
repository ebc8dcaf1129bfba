using System.Net;
using AgentConsole.Features.Decisions;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>
/// <c>POST /v1/tasks</c> under a break-glass grant: a scope or environment the assistant lacks is issued only while a
/// grant in force for it covers everything missing, and the task then names the grant. deployer holds dev and prod,
/// terraform:plan and terraform:apply.
/// </summary>
public sealed class TasksUnderGrantTests
{
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_extra_scope_is_refused_without_a_grant_and_issued_citing_the_grant_with_one(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var request = new { description = "roll back", environment = "prod", scopes = new[] { "terraform:plan", "k8s:deploy" }, onBehalfOf = "olive" };

        var refused = (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks", request)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Contains("does not hold k8s:deploy", refused.Text("detail"), StringComparison.Ordinal);

        var grant = await app.GrantAsync("deployer", HalfHour, scopes: ["k8s:deploy"], incident: "INC-42");
        var issued = (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks", request)).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(["k8s:deploy", "terraform:plan"], issued.Body.GetProperty("scopes").Strings());
        var cited = issued.Body.GetProperty("breakGlass");
        Assert.Equal((grant, "INC-42"), (cited.GetProperty("id").GetString(), cited.GetProperty("incident").GetString()));
        Assert.Equal(app.Clock.GetUtcNow() + HalfHour, cited.GetProperty("expiresAt").GetDateTimeOffset());
        var taskId = issued.Text("taskId");
        Assert.Equal(grant, (await app.Service<TaskStore>().FindAsync(taskId))!.BreakGlassId);
        var audited = (await app.AuditedAsync("task.issued")).Single(e => e.SubjectId == taskId);
        Assert.Equal(grant, audited.Json().GetProperty("breakGlassId").GetString());
        var seen = (await app.TaskClient(issued.Text("token")).CallAsync(HttpMethod.Get, $"/v1/tasks/{taskId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(grant, seen.Text("breakGlassId"));
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_extra_environment_is_refused_without_a_grant_and_issued_with_one(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var request = new { description = "fix staging", environment = "staging", scopes = new[] { "terraform:apply" }, onBehalfOf = "olive" };

        (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks", request)).AssertProblem(HttpStatusCode.Forbidden);
        var grant = await app.GrantAsync("deployer", HalfHour, environments: ["staging"]);
        var issued = (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks", request)).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(("staging", grant), (issued.Text("environment"), issued.Body.GetProperty("breakGlass").GetProperty("id").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_task_within_the_assistants_own_privileges_does_not_rely_on_its_grant(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        await app.GrantAsync("deployer", HalfHour, scopes: ["k8s:deploy"], environments: ["staging"]);

        var task = await app.TaskAsync(deployer, "prod", ["terraform:plan"]);

        Assert.False(task.Issued.TryGetProperty("breakGlass", out _));
        Assert.Null((await app.Service<TaskStore>().FindAsync(task.TaskId))!.BreakGlassId);
    }

    public static TheoryData<string, string> Uncovered => new()
    {
        { "sqlite", "grant covers the environment but not the scope" },
        { "sqlite", "grant is for another assistant" },
        { "sqlite", "grant ended early" },
        { "sqlite", "grant expired by the clock" },
        { "postgres", "grant covers the environment but not the scope" },
        { "postgres", "grant ended early" },
    };

    [Theory]
    [MemberData(nameof(Uncovered))]
    public async Task A_grant_that_does_not_cover_everything_missing_leaves_the_usual_403(string engine, string situation)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        await app.AgentAsync("helper");
        switch (situation)
        {
            case "grant covers the environment but not the scope":
                await app.GrantAsync("deployer", HalfHour, environments: ["staging"]);
                break;
            case "grant is for another assistant":
                await app.GrantAsync("helper", HalfHour, scopes: ["k8s:deploy"], environments: ["staging"]);
                break;
            case "grant ended early":
                await app.EndGrantAsync(await app.GrantAsync("deployer", HalfHour, scopes: ["k8s:deploy"], environments: ["staging"]));
                break;
            default:
                await app.GrantAsync("deployer", HalfHour, scopes: ["k8s:deploy"], environments: ["staging"]);
                app.Clock.Advance(HalfHour);
                break;
        }

        var refused = (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks",
            new { description = "x", environment = "staging", scopes = new[] { "k8s:deploy" }, onBehalfOf = "olive" })).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Contains("may not work in 'staging'", refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(0, await app.RowsAsync("tasks", "environment = 'staging'"));
        Assert.Single(await app.AuditedAsync("task.refused"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_hand_off_inherits_its_parents_grant_and_is_refused_once_the_grant_has_ended(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var grant = await app.GrantAsync("deployer", HalfHour, scopes: ["k8s:deploy"]);
        var parent = await app.TaskAsync(deployer, "prod", ["terraform:plan", "k8s:deploy"]);

        var child = await app.TaskAsync(deployer, "prod", ["terraform:plan"], parentTaskId: parent.TaskId);

        Assert.Equal(grant, child.Issued.GetProperty("breakGlass").GetProperty("id").GetString());
        Assert.Equal(grant, (await app.Service<TaskStore>().FindAsync(child.TaskId))!.BreakGlassId);

        await app.EndGrantAsync(grant);
        var refused = (await deployer.CallAsync(HttpMethod.Post, "/v1/tasks",
            new { description = "x", environment = "prod", scopes = new[] { "terraform:plan" }, onBehalfOf = "olive", parentTaskId = parent.TaskId }))
            .AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains(grant, refused.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_hand_off_to_another_assistant_is_not_widened_by_the_parents_grant(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var helper = await app.AgentAsync("helper", scopes: ["terraform:plan"]);
        await app.GrantAsync("deployer", HalfHour, scopes: ["k8s:deploy"]);
        var parent = await app.TaskAsync(deployer, "prod", ["terraform:plan", "k8s:deploy"]);

        var refused = (await helper.CallAsync(HttpMethod.Post, "/v1/tasks",
            new { description = "x", environment = "prod", scopes = new[] { "k8s:deploy" }, onBehalfOf = "olive", parentTaskId = parent.TaskId }))
            .AssertProblem(HttpStatusCode.Forbidden);
        Assert.Contains("helper does not hold k8s:deploy", refused.Text("detail"), StringComparison.Ordinal);
    }
}
