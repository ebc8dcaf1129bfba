using System.Net;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Infrastructure.Storage;
using AgentConsole.Tests.Support;
using Dapper;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>Forced expiry: a grant is in force until the tick of its expiry and no longer; the sweeper then ends it and what relied on it.</summary>
public sealed class BreakGlassSweeperTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_grant_is_in_force_one_tick_before_its_expiry_and_swept_one_tick_after(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 90, scopes: ["k8s:deploy"]))).Succeeded();
        var service = app.Service<BreakGlassService>();
        var active = app.Service<ActiveGrants>();

        app.Clock.Advance(TimeSpan.FromSeconds(90) - TimeSpan.FromTicks(1));
        var before = await service.ExpireDueAsync();
        var inForceBefore = await active.InForceAsync(grant.Id, app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromTicks(2));
        var inForceAfter = await active.InForceAsync(grant.Id, app.Clock.GetUtcNow()); // no sweep needed for this
        var after = await service.ExpireDueAsync();

        Assert.Equal(0, before);
        Assert.NotNull(inForceBefore);
        Assert.Null(inForceAfter);
        Assert.Equal(1, after);
        var stored = (await app.Service<BreakGlassStore>().FindAsync(grant.Id))!;
        Assert.Equal((BreakGlassStates.Ended, BreakGlassEndReasons.Expired, grant.ExpiresAt, grant.ExpiresAt.AddDays(3)),
            (stored.State, stored.EndReason, stored.EndedAt!.Value, stored.ReviewDueAt!.Value));
        var expired = Assert.Single(await app.AuditedAsync("break-glass.expired"));
        Assert.Equal(("system", grant.Id), (expired.ActorKind, expired.SubjectId));
        Assert.Equal(0, await service.ExpireDueAsync());
        Assert.Equal([grant.Id], (await app.Service<BreakGlassQueries>().ReviewQueueAsync()).Select(g => g.Id));
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Tasks_that_relied_on_an_expired_grant_are_revoked_and_their_tokens_stop_working(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).Succeeded();
        var agent = app.AgentClient("fixer", await app.SecretAsync("fixer"));
        var relying = await app.TaskAsync(agent, "dev", ["terraform:plan"]);
        var ordinary = await app.TaskAsync(agent, "dev", ["terraform:plan"]);
        await app.RelyOnAsync(relying.TaskId, grant.Id);
        (await relying.Client.CallAsync(HttpMethod.Get, $"/v1/tasks/{relying.TaskId}")).AssertStatus(HttpStatusCode.OK); // cached now

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.Service<BreakGlassService>().ExpireDueAsync();

        (await relying.Client.CallAsync(HttpMethod.Get, $"/v1/tasks/{relying.TaskId}")).AssertProblem(HttpStatusCode.Unauthorized);
        (await ordinary.Client.CallAsync(HttpMethod.Get, $"/v1/tasks/{ordinary.TaskId}")).AssertStatus(HttpStatusCode.OK);
        var revoked = Assert.Single(await app.AuditedAsync("task.revoked"));
        Assert.Equal(relying.TaskId, revoked.SubjectId);
        Assert.Contains(grant.Id, revoked.Payload, StringComparison.Ordinal);
        Assert.Equal(1, await app.RowsAsync("tasks", $"state = 'revoked' AND ended_reason = 'break-glass grant {grant.Id} ended'"));
        var activity = (await app.Service<BreakGlassQueries>().ActivityAsync(await app.CallerAsync("cole"), grant.Id))!;
        Assert.Equal([relying.TaskId], activity.Tasks.Select(t => t.Id));
        Assert.Equal(["break-glass.requested", "break-glass.started", "task.revoked", "break-glass.expired"], activity.History.Select(h => h.Action));
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Ending_a_grant_early_revokes_the_tasks_that_relied_on_it_in_the_same_step(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var agent = app.AgentClient("fixer", await app.SecretAsync("fixer"));
        var relying = await app.TaskAsync(agent, "dev", ["terraform:plan"]);
        await app.RelyOnAsync(relying.TaskId, grant.Id);

        var ended = (await app.Service<BreakGlassService>().EndAsync(await app.CallerAsync("sam"), grant.Id)).Succeeded();

        Assert.Equal(BreakGlassEndReasons.Ended, ended.EndReason);
        (await relying.Client.CallAsync(HttpMethod.Get, $"/v1/tasks/{relying.TaskId}")).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(relying.TaskId, Assert.Single(await app.AuditedAsync("task.revoked")).SubjectId);
        Assert.Contains(relying.TaskId, Assert.Single(await app.AuditedAsync("break-glass.ended")).Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Ending_a_grant_whose_time_is_up_before_the_sweep_records_the_expiry_not_an_early_end(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).Succeeded();

        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var late = await app.Service<BreakGlassService>().EndAsync(await app.CallerAsync("olive"), grant.Id);

        Assert.Contains("already expired", late.Error!.Detail, StringComparison.Ordinal);
        Assert.Equal(BreakGlassEndReasons.Expired, (await app.Service<BreakGlassStore>().FindAsync(grant.Id))!.EndReason);
        Assert.Single(await app.AuditedAsync("break-glass.expired"));
        Assert.Empty(await app.AuditedAsync("break-glass.ended"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_console_started_after_a_grant_expired_ends_it_at_once_without_waiting_for_the_interval(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        string id;
        await using (var before = GrantScenarios.Console(store))
        {
            await before.GrantPeopleAndAssistantsAsync();
            id = (await before.RequestAsync("olive", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).Succeeded().Id;
        }

        await using var after = GrantScenarios.Console(store); // sweeps every hour, and once at start-up
        after.Clock.Advance(TimeSpan.FromMinutes(5));
        var grants = after.Service<BreakGlassStore>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await grants.FindAsync(id))!.State != BreakGlassStates.Ended && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(BreakGlassEndReasons.Expired, (await grants.FindAsync(id))!.EndReason);
        await after.AssertAuditIntactAsync();
    }
}

/// <summary>Ties a task to a grant the way the task-issuing side does (tasks.break_glass_id).</summary>
public static class GrantTasks
{
    public static async Task RelyOnAsync(this ConsoleFactory app, string taskId, string grantId)
    {
        await using var connection = await app.Service<Database>().OpenAsync();
        Assert.Equal(1, await connection.ExecuteAsync("UPDATE tasks SET break_glass_id = @GrantId WHERE id = @TaskId", new { GrantId = grantId, TaskId = taskId }));
    }
}
