using System.Net;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Decisions;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>
/// Expiry is checked at decision time against the clock (a hand-moved <see cref="ManualClock"/>), never left to the
/// sweeper: nothing here ends the grant in the store, only time passes.
/// </summary>
public sealed class DecisionsUnderGrantClockTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_task_relying_on_a_grants_scope_is_allowed_one_tick_before_expiry_and_denied_one_tick_after(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var grant = await app.GrantAsync("deployer", Duration, scopes: ["k8s:read"]);
        var expiry = app.Clock.GetUtcNow() + Duration;
        var task = await app.TaskAsync(deployer, "prod", ["k8s:read"]);

        app.Clock.Advance(Duration - Tick);
        var allowed = (await task.Client.DecideAsync("k8s:read", "k8s/prod/payments")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("allow", "allow-reads"), (allowed.Text("decision"), allowed.Text("rule")));
        Assert.Equal(expiry, allowed.Body.GetProperty("expiresAt").GetDateTimeOffset()); // the receipt ends with the grant, not 15 min later
        Assert.True((await app.VerifiedReceiptAsync(allowed.Text("receipt"))).GetProperty("exp").GetInt64() <= expiry.ToUnixTimeSeconds());

        app.Clock.Advance(Tick + Tick);
        var denied = (await task.Client.DecideAsync("k8s:read", "k8s/prod/payments")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("deny", DecisionGrants.EndedRule), (denied.Text("decision"), denied.Text("rule")));
        Assert.Contains($"{grant} (incident INC-1) this task relied on expired at", denied.Text("reason"), StringComparison.Ordinal);
        Assert.Equal(grant, denied.Body.GetProperty("breakGlass").GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_skip_approval_grant_allows_one_tick_before_expiry_citing_it_and_the_policy_waits_again_one_tick_after(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("prod");
        var grant = await app.GrantAsync("deployer", Duration, skipApprovalFor: [new SkipApproval("terraform:*", "aws/prod/*")], incident: "INC-9");
        var expiry = app.Clock.GetUtcNow() + Duration;

        app.Clock.Advance(Duration - Tick);
        var allowed = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(("allow", DecisionGrants.SkipRule), (allowed.Text("decision"), allowed.Text("rule")));
        Assert.Equal(expiry, allowed.Body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(grant, allowed.Body.GetProperty("breakGlass").GetProperty("id").GetString());
        Assert.False(allowed.Body.TryGetProperty("approvalsRequired", out _));
        var stored = (await app.Service<DecisionStore>().FindAsync(allowed.Text("decisionId")))!;
        Assert.Equal(($"break-glass {grant}", grant, DecisionStates.Allowed), (stored.DecidedBy, stored.BreakGlassId, stored.State));
        Assert.Equal(
            $"Approval skipped under break-glass grant {grant} (incident INC-9); the policy rule prod-writes-need-approval would have required 1 approval.",
            stored.Reason);
        var claims = await app.VerifiedReceiptAsync(allowed.Text("receipt"));
        Assert.Equal((DecisionGrants.SkipRule, grant), (claims.GetProperty("rule").GetString(), claims.GetProperty("break_glass").GetString()));
        var audited = Assert.Single(await app.AuditedAsync("decision.allowed")).Json();
        Assert.Equal((grant, "prod-writes-need-approval", 1),
            (audited.GetProperty("breakGlassId").GetString(), audited.GetProperty("skippedApproval").GetProperty("rule").GetString(),
             audited.GetProperty("skippedApproval").GetProperty("count").GetInt32()));

        app.Clock.Advance(Tick + Tick);
        var pending = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.Accepted);
        Assert.Equal(("pending", "prod-writes-need-approval"), (pending.Text("decision"), pending.Text("rule")));
        Assert.False(pending.Body.TryGetProperty("breakGlass", out _));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_skip_grant_skips_only_the_actions_and_resources_its_globs_match(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("prod");
        await app.GrantAsync("deployer", Duration, skipApprovalFor: [new SkipApproval("terraform:apply", "aws/prod/vpc-*")]);

        var otherResource = (await task.Client.DecideAsync("terraform:apply", "aws/prod/db-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.Accepted);
        var matched = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-edge", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("prod-writes-need-approval", otherResource.Text("rule"));
        Assert.Equal(DecisionGrants.SkipRule, matched.Text("rule"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Deny_rules_still_deny_under_a_grant_that_skips_everything(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var grant = await app.GrantAsync("deployer", Duration, scopes: ["k8s:deploy"], skipApprovalFor: [new SkipApproval("*", "*")]);
        var task = await app.TaskAsync(deployer, "prod", ["terraform:apply", "k8s:deploy"], onBehalfOf: null);

        var denied = (await task.Client.DecideAsync("terraform:apply", "aws/prod/db-main", Plans.Terraform(Plans.DestroyDatabase))).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(("deny", "deny-unattended-destructive-prod"), (denied.Text("decision"), denied.Text("rule")));
        Assert.Equal(grant, denied.Body.GetProperty("breakGlass").GetProperty("id").GetString()); // the task relied on the grant
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_skip_grant_ended_in_the_store_but_still_cached_here_is_caught_by_the_write_with_409(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("prod");
        var grant = await app.GrantAsync("deployer", Duration, skipApprovalFor: [new SkipApproval("terraform:apply", "*")]);
        Assert.NotEmpty(await app.Service<ActiveGrants>().InForceForAsync((await app.AssistantAsync("deployer")).Id, app.Clock.GetUtcNow()));

        await app.EndGrantAsync(grant, tellNode: false);
        var refused = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertProblem(HttpStatusCode.Conflict);

        Assert.Contains(grant, refused.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(0, await app.RowsAsync("decisions"));
        Assert.Single(await app.AuditedAsync("decision.refused"));
        app.Service<ActiveGrants>().Invalidate();
        Assert.Equal("pending", (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket))).Text("decision"));
    }
}
