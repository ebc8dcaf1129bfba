using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary><c>POST /v1/tasks</c>: who may start a task, for what, and for how long.</summary>
public sealed class TaskApiTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Basic_credentials_start_a_task_with_a_token_its_scopes_expiry_and_location(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var agent = await app.DeployerAsync();

        var answer = await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new
        {
            description = "Apply the VPC change from PR 1234", environment = "prod", scopes = new[] { "terraform:plan", "terraform:apply" },
            ttlSeconds = 600, onBehalfOf = "olive",
        });

        answer.AssertStatus(HttpStatusCode.Created);
        var taskId = answer.Text("taskId");
        var token = answer.Text("token");
        Assert.StartsWith("act_", token, StringComparison.Ordinal);
        Assert.Equal(["terraform:apply", "terraform:plan"], answer.Body.GetProperty("scopes").Strings());
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(600), answer.Body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.False(answer.Body.GetProperty("ttlCapped").GetBoolean());
        Assert.Equal("prod", answer.Text("environment"));
        Assert.Empty(answer.Body.GetProperty("chain").Strings());
        Assert.Equal($"/v1/tasks/{taskId}", answer.Headers.Location?.OriginalString);
        var issued = Assert.Single(await app.AuditedAsync("task.issued"));
        Assert.Equal(("assistant", "deployer", taskId), (issued.ActorKind, issued.ActorId, issued.SubjectId));
        Assert.DoesNotContain(token, issued.Payload, StringComparison.Ordinal);

        var own = (await app.TaskClient(token).CallAsync(HttpMethod.Get, $"/v1/tasks/{taskId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("deployer", "olive", "active"), (own.Text("assistant"), own.Text("onBehalfOf"), own.Text("state")));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Wrong_unknown_missing_or_suspended_credentials_get_401_with_a_challenge(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var secret = await app.SecretAsync("deployer");
        var request = new { description = "plan the VPC", environment = "dev" };

        var refused = new[]
        {
            await app.AgentClient("deployer", "acs_not-the-secret").CallAsync(HttpMethod.Post, "/v1/tasks", request),
            await app.AgentClient("nobody", secret).CallAsync(HttpMethod.Post, "/v1/tasks", request),
            await app.CreateClient().CallAsync(HttpMethod.Post, "/v1/tasks", request),
        };
        (await app.AgentClient("deployer", secret).CallAsync(HttpMethod.Post, "/v1/tasks", request)).AssertStatus(HttpStatusCode.Created);
        (await app.Service<AssistantInventory>().SuspendAsync(await app.CallerAsync("rhea"), "deployer", "leaked secret")).Succeeded();
        var suspended = await app.AgentClient("deployer", secret).CallAsync(HttpMethod.Post, "/v1/tasks", request);

        foreach (var answer in refused.Append(suspended))
        {
            answer.AssertProblem(HttpStatusCode.Unauthorized);
            Assert.Contains("Basic", string.Join(", ", answer.Headers.WwwAuthenticate), StringComparison.Ordinal);
        }

        Assert.Equal(1, await app.RowsAsync("tasks"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_environment_or_scope_outside_the_assistant_is_refused_with_403_and_audited(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var agent = await app.AgentAsync("deployer", environments: ["dev"], scopes: ["terraform:plan"]);

        var staging = await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "plan", environment = "staging", scopes = new[] { "terraform:plan" } });
        var apply = await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "apply", environment = "dev", scopes = new[] { "terraform:apply" } });

        staging.AssertProblem(HttpStatusCode.Forbidden);
        apply.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.RowsAsync("tasks"));
        var audited = await app.AuditedAsync("task.refused");
        Assert.Equal(2, audited.Count);
        Assert.All(audited, e => Assert.Equal(("assistant", "deployer", "assistant", "deployer"), (e.ActorKind, e.ActorId, e.SubjectType, e.SubjectId)));
        Assert.Contains("staging", audited[0].Payload, StringComparison.Ordinal);
        Assert.Contains("terraform:apply", audited[1].Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Task_lifetimes_are_capped_per_risk_tier(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var caps = new DecisionOptions().MaxTaskTtlSeconds;
        var now = app.Clock.GetUtcNow();

        foreach (var tier in RiskTiers.All)
        {
            var agent = await app.AgentAsync($"bot-{tier}", tier, environments: ["dev"], scopes: ["terraform:plan"]);
            var capped = (await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "a long job", environment = "dev", ttlSeconds = 86_400 }))
                .AssertStatus(HttpStatusCode.Created);
            var within = (await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "a short job", environment = "dev", ttlSeconds = caps[tier] - 60 }))
                .AssertStatus(HttpStatusCode.Created);
            var unsaid = (await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "a job", environment = "dev" }))
                .AssertStatus(HttpStatusCode.Created);

            Assert.True(capped.Body.GetProperty("ttlCapped").GetBoolean(), tier);
            Assert.Equal(now.AddSeconds(caps[tier]), capped.Body.GetProperty("expiresAt").GetDateTimeOffset());
            Assert.False(within.Body.GetProperty("ttlCapped").GetBoolean(), tier);
            Assert.Equal(now.AddSeconds(caps[tier] - 60), within.Body.GetProperty("expiresAt").GetDateTimeOffset());
            Assert.Equal(now.AddSeconds(caps[tier]), unsaid.Body.GetProperty("expiresAt").GetDateTimeOffset());
        }
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Invalid_task_requests_get_422_or_400_and_start_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var agent = await app.DeployerAsync();

        var zero = await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "plan", environment = "dev", ttlSeconds = 0 });
        var undescribed = await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { environment = "dev" });
        var stranger = await agent.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "plan", environment = "dev", onBehalfOf = "mallory" });
        var malformed = await agent.PostRawAsync("/v1/tasks", "{\"description\": ");

        foreach (var (answer, field) in new[] { (zero, "ttlSeconds"), (undescribed, "description"), (stranger, "onBehalfOf") })
        {
            answer.AssertProblem(HttpStatusCode.UnprocessableEntity);
            Assert.True(answer.Body.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {answer.Body}");
        }

        malformed.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(0, await app.RowsAsync("tasks"));
    }
}
