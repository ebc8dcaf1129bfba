using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AgentConsole.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary><c>POST /v1/decisions</c>: allow with a receipt, deny with the rule, pending with where to wait, or a refusal.</summary>
public sealed class DecisionApiTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_read_is_allowed_with_a_receipt_that_verifies_and_binds_the_task_action_resource_and_plan(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");

        var answer = (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.OK);

        var decisionId = answer.Text("decisionId");
        var digest = Plans.Digest(Plans.AddBucket);
        Assert.Equal(("allow", "allow-reads", 1), (answer.Text("decision"), answer.Text("rule"), answer.Body.GetProperty("policyVersion").GetInt32()));
        Assert.Equal(digest, answer.Text("planDigest"));
        var claims = await app.VerifiedReceiptAsync(answer.Text("receipt"));
        Assert.Equal(decisionId, claims.GetProperty("jti").GetString());
        Assert.Equal(task.TaskId, claims.GetProperty("task").GetString());
        Assert.Equal("terraform:plan", claims.GetProperty("action").GetString());
        Assert.Equal("aws/dev/vpc-main", claims.GetProperty("resource").GetString());
        Assert.Equal(digest, claims.GetProperty("plan_digest").GetString());
        Assert.Equal(("deployer", "dev"), (claims.GetProperty("sub").GetString(), claims.GetProperty("environment").GetString()));
        Assert.Equal(answer.Body.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        var allowed = Assert.Single(await app.AuditedAsync("decision.allowed"));
        Assert.Equal(decisionId, allowed.SubjectId);
        Assert.Contains(digest, allowed.Payload, StringComparison.Ordinal);
        Assert.Equal(1, await app.RowsAsync("plans", $"digest = '{digest}'"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_unattended_destructive_prod_plan_is_denied_by_its_rule(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("prod", onBehalfOf: null);

        var answer = await task.Client.DecideAsync("terraform:apply", "aws/prod/db-main", Plans.Terraform(Plans.DestroyDatabase));

        answer.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("deny", "deny-unattended-destructive-prod"), (answer.Text("decision"), answer.Text("rule")));
        Assert.Contains("on_behalf_of", answer.Text("reason"), StringComparison.Ordinal);
        Assert.False(answer.Body.TryGetProperty("receipt", out _));
        Assert.Equal(answer.Text("decisionId"), Assert.Single(await app.AuditedAsync("decision.denied")).SubjectId);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_prod_write_waits_for_approval_with_a_wait_url_and_location(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("prod");

        var answer = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.Accepted);

        var id = answer.Text("decisionId");
        Assert.Equal(("pending", "prod-writes-need-approval"), (answer.Text("decision"), answer.Text("rule")));
        Assert.Equal($"/v1/decisions/{id}?wait=60", answer.Text("waitUrl"));
        Assert.Equal(answer.Text("waitUrl"), answer.Headers.Location?.OriginalString);
        Assert.Equal(1, answer.Body.GetProperty("approvalsRequired").GetInt32());
        Assert.Equal(app.Clock.GetUtcNow().AddHours(1), answer.Body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.False(answer.Body.TryGetProperty("receipt", out _));
        Assert.Equal("pending", (await task.PollAsync(id)).Text("decision"));
        Assert.Equal(id, Assert.Single(await app.AuditedAsync("decision.pending")).SubjectId);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_action_outside_the_task_scopes_is_refused_audited_and_not_recorded(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.TaskAsync(await app.DeployerAsync(), "dev", ["terraform:plan"]);

        var answer = await task.Client.DecideAsync("terraform:apply", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket));

        answer.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.RowsAsync("decisions"));
        Assert.Equal(0, await app.RowsAsync("plans"));
        var refused = Assert.Single(await app.AuditedAsync("decision.refused"));
        Assert.Equal(("assistant", "deployer", "task", task.TaskId), (refused.ActorKind, refused.ActorId, refused.SubjectType, refused.SubjectId));
        Assert.Contains("terraform:apply", refused.Payload, StringComparison.Ordinal);
        Assert.Contains("403", refused.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_plan_over_the_limit_is_refused_with_413_never_truncated_and_only_the_refusal_is_kept(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, new Dictionary<string, string?> { ["Decisions:MaxPlanBytes"] = "1024" });
        var task = await app.DeployerTaskAsync("dev");

        var over = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", new { format = "text", content = new string('#', 1025) });
        // 600 characters but 1,200 bytes: the limit is on bytes.
        var wide = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", new { format = "text", content = new string('é', 600) });

        over.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        wide.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await app.RowsAsync("decisions"));
        Assert.Equal(0, await app.RowsAsync("plans"));
        var refusals = await app.AuditedAsync("decision.refused");
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, e => Assert.Contains("413", e.Payload, StringComparison.Ordinal));
        Assert.Single(await app.AuditedAsync("task.issued"));

        var atLimit = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", new { format = "text", content = new string('#', 1024) });
        atLimit.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(Plans.Digest(new string('#', 1024)), atLimit.Text("planDigest"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Unreadable_or_incomplete_decision_requests_get_400_or_422_and_record_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");

        var unknownFormat = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", new { format = "pulumi", content = "~ update" });
        var noContent = await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", new { format = "terraform" });
        var noAction = await task.Client.CallAsync(HttpMethod.Post, "/v1/decisions", new { resource = "aws/dev/vpc-main" });
        var malformed = await task.Client.PostRawAsync("/v1/decisions", "{\"action\": \"terraform:plan\",");
        using var plainText = new HttpRequestMessage(HttpMethod.Post, "/v1/decisions")
        {
            Content = new StringContent("action=terraform:plan", Encoding.UTF8, "text/plain"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", task.Token) },
        };
        var notJson = await ApiAnswer.ReadAsync(await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(plainText));

        foreach (var (answer, field) in new[] { (unknownFormat, "plan.format"), (noContent, "plan.content"), (noAction, "action") })
        {
            answer.AssertProblem(HttpStatusCode.UnprocessableEntity);
            Assert.True(answer.Body.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {answer.Body}");
        }

        malformed.AssertProblem(HttpStatusCode.BadRequest);
        // Not JSON at all: 400 (or 415 from routing), as problem+json; never the sign-in page.
        Assert.True(notJson.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType,
            $"{(int)notJson.Status} {notJson.MediaType} {notJson.Headers.Location}");
        Assert.Equal("application/problem+json", notJson.MediaType);
        Assert.Equal(0, await app.RowsAsync("decisions"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Unknown_decisions_and_decisions_of_another_task_are_404(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        var other = await app.TaskAsync(app.AgentClient("deployer", await app.SecretAsync("deployer")), "dev", ["terraform:plan"]);
        var mine = (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK).Text("decisionId");
        var result = new { status = "succeeded", planDigest = (string?)null };

        (await task.Client.CallAsync(HttpMethod.Get, $"/v1/decisions/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
        (await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{Guid.NewGuid()}/result", result)).AssertProblem(HttpStatusCode.NotFound);
        (await other.Client.CallAsync(HttpMethod.Get, $"/v1/decisions/{mine}")).AssertProblem(HttpStatusCode.NotFound);
        (await other.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{mine}/result", result)).AssertProblem(HttpStatusCode.NotFound);
        (await other.Client.CallAsync(HttpMethod.Get, $"/v1/tasks/{task.TaskId}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("allow", (await task.PollAsync(mine)).Text("decision"));
        Assert.Empty(await app.AuditedAsync("decision.result"));
    }
}
