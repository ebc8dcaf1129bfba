using System.Net;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>Hand-offs: a planner's task passed to an executor never grows, moves or outlives its parent.</summary>
public sealed class TaskHandOffTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_hand_off_gets_the_scopes_both_hold_works_for_the_same_person_records_the_chain_and_never_outlives_its_parent(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (planner, executor) = await PlannerAndExecutorAsync(app);
        var parent = await app.TaskAsync(planner, "dev", ["terraform:plan", "k8s:read"], onBehalfOf: "olive", ttlSeconds: 600);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var child = (await executor.CallAsync(HttpMethod.Post, "/v1/tasks", new
        {
            description = "apply what was planned", environment = "dev", ttlSeconds = 3600, parentTaskId = parent.TaskId,
        })).AssertStatus(HttpStatusCode.Created);
        var grandchild = (await planner.CallAsync(HttpMethod.Post, "/v1/tasks", new
        {
            description = "check the result", environment = "dev", parentTaskId = child.Text("taskId"),
        })).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(["terraform:plan"], child.Body.GetProperty("scopes").Strings());
        Assert.Equal([parent.TaskId], child.Body.GetProperty("chain").Strings());
        Assert.Equal("olive", child.Text("onBehalfOf"));
        Assert.Equal(parent.ExpiresAt, child.Body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal([parent.TaskId, child.Text("taskId")], grandchild.Body.GetProperty("chain").Strings());
        Assert.Equal(["terraform:plan"], grandchild.Body.GetProperty("scopes").Strings());
        Assert.True(grandchild.Body.GetProperty("expiresAt").GetDateTimeOffset() <= parent.ExpiresAt);
        var seen = (await app.TaskClient(child.Text("token")).CallAsync(HttpMethod.Get, $"/v1/tasks/{child.Text("taskId")}"))
            .AssertStatus(HttpStatusCode.OK);
        Assert.Equal(parent.TaskId, seen.Text("parentTaskId"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_hand_off_cannot_widen_scope_nor_start_from_a_finished_or_expired_parent(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (planner, executor) = await PlannerAndExecutorAsync(app);
        var parent = await app.TaskAsync(planner, "dev", ["terraform:plan"], ttlSeconds: 600);
        var finished = await app.TaskAsync(planner, "dev", ["terraform:plan"], ttlSeconds: 3600);
        (await finished.Client.CallAsync(HttpMethod.Post, $"/v1/tasks/{finished.TaskId}/complete")).AssertStatus(HttpStatusCode.OK);

        var widened = await HandOffAsync(executor, parent.TaskId, ["terraform:apply"]);
        var fromFinished = await HandOffAsync(executor, finished.TaskId, ["terraform:plan"]);
        var unknown = await HandOffAsync(executor, "no-such-task", ["terraform:plan"]);
        (await HandOffAsync(executor, parent.TaskId, ["terraform:plan"])).AssertStatus(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromSeconds(601));
        var fromExpired = await HandOffAsync(executor, parent.TaskId, ["terraform:plan"]);

        widened.AssertProblem(HttpStatusCode.Forbidden);
        fromFinished.AssertProblem(HttpStatusCode.Conflict);
        fromExpired.AssertProblem(HttpStatusCode.Conflict);
        unknown.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("expired", fromExpired.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await app.AuditedAsync("task.refused")).Count);
        Assert.Equal(1, await app.RowsAsync("tasks", "parent_task_id IS NOT NULL"));
    }

    private static async Task<(HttpClient Planner, HttpClient Executor)> PlannerAndExecutorAsync(ConsoleFactory app)
    {
        await app.AddInventoryPeopleAsync();
        var planner = await app.AgentAsync("planner", environments: ["dev"], scopes: ["terraform:plan", "k8s:read"]);
        var executor = await app.AgentAsync("executor", environments: ["dev"], scopes: ["terraform:plan", "terraform:apply"]);
        return (planner, executor);
    }

    private static Task<ApiAnswer> HandOffAsync(HttpClient executor, string parentTaskId, string[] scopes) =>
        executor.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "apply the plan", environment = "dev", scopes, parentTaskId });
}
