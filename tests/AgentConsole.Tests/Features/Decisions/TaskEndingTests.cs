using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>A task token stops working the moment its task is completed, revoked or expired; refusals are audited.</summary>
public sealed class TaskEndingTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Suspending_the_assistant_revokes_its_open_tasks_at_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var agent = await app.DeployerAsync();
        var first = await app.TaskAsync(agent, "dev", ["terraform:plan"]);
        var second = await app.TaskAsync(agent, "prod", ["terraform:plan"]);
        // Both tokens have been used (and are cached) before the brake is pulled.
        (await first.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);
        (await second.Client.CallAsync(HttpMethod.Get, $"/v1/tasks/{second.TaskId}")).AssertStatus(HttpStatusCode.OK);

        (await app.Service<AssistantInventory>().SuspendAsync(await app.CallerAsync("olive"), "deployer", "it misbehaves")).Succeeded();

        (await second.Client.CallAsync(HttpMethod.Get, $"/v1/tasks/{second.TaskId}")).AssertProblem(HttpStatusCode.Unauthorized);
        (await first.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertProblem(HttpStatusCode.Unauthorized);
        (await second.Client.DecideAsync("terraform:plan", "aws/prod/vpc-main")).AssertProblem(HttpStatusCode.Unauthorized);
        var revoked = await app.AuditedAsync("task.revoked");
        Assert.Equal(new[] { first.TaskId, second.TaskId }.Order(StringComparer.Ordinal), revoked.Select(e => e.SubjectId).Order(StringComparer.Ordinal));
        Assert.Equal(2, await app.RowsAsync("tasks", "state = 'revoked'"));
        Assert.Equal(1, await app.RowsAsync("decisions"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_completed_task_answers_401_and_the_refused_token_is_audited(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync();
        var other = await app.TaskAsync(app.AgentClient("deployer", await app.SecretAsync("deployer")), "dev", ["terraform:plan"]);
        (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);

        (await task.Client.CallAsync(HttpMethod.Post, $"/v1/tasks/{other.TaskId}/complete")).AssertProblem(HttpStatusCode.NotFound);
        var done = (await task.Client.CallAsync(HttpMethod.Post, $"/v1/tasks/{task.TaskId}/complete")).AssertStatus(HttpStatusCode.OK);
        var after = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main");
        var again = await task.Client.CallAsync(HttpMethod.Post, $"/v1/tasks/{task.TaskId}/complete");

        Assert.Equal("completed", done.Text("state"));
        after.AssertProblem(HttpStatusCode.Unauthorized);
        again.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", string.Join(", ", after.Headers.WwwAuthenticate), StringComparison.Ordinal);
        Assert.Equal(task.TaskId, Assert.Single(await app.AuditedAsync("task.completed")).SubjectId);
        var refusals = await app.AuditedAsync("task.token_refused");
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(("assistant", "deployer", task.TaskId), (e.ActorKind, e.ActorId, e.SubjectId)));
        Assert.Contains("completed", refusals[0].Payload, StringComparison.Ordinal);
        Assert.Equal(1, await app.RowsAsync("decisions"));
        (await other.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_task_token_stops_working_when_the_task_expires(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync(ttlSeconds: 600);

        app.Clock.Advance(TimeSpan.FromSeconds(599));
        (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main");
        var unknown = await app.TaskClient("act_never-issued").DecideAsync("terraform:plan", "aws/dev/vpc-main");

        expired.AssertProblem(HttpStatusCode.Unauthorized);
        unknown.AssertProblem(HttpStatusCode.Unauthorized);
        var refused = Assert.Single(await app.AuditedAsync("task.token_refused"));
        Assert.Equal(task.TaskId, refused.SubjectId);
        Assert.Contains("expired", refused.Payload, StringComparison.Ordinal);
        Assert.Equal(1, await app.RowsAsync("decisions"));
    }
}
