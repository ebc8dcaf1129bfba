using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Web;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>Requests, approvals, early ends and reviews through the service, on a hand-moved clock.</summary>
public sealed class BreakGlassServiceTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_low_tier_grant_starts_at_once_and_a_high_tier_one_waits_for_one_approval(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var now = app.Clock.GetUtcNow();

        var low = (await app.RequestAsync("rhea", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var high = (await app.RequestAsync("rhea", GrantScenarios.Ask("guardian", 600, scopes: ["k8s:deploy"]))).Succeeded();

        Assert.Equal((BreakGlassStates.Active, "immediate", now, now.AddSeconds(600)), (low.State, low.StartMode, low.StartedAt!.Value, low.ExpiresAt));
        Assert.Equal((BreakGlassStates.Pending, "approval", (DateTimeOffset?)null, now.AddSeconds(600)), (high.State, high.StartMode, high.StartedAt, high.ExpiresAt));
        Assert.Equal([low.Id, high.Id], (await app.AuditedAsync("break-glass.requested")).Select(e => e.SubjectId));
        Assert.Equal([low.Id], (await app.AuditedAsync("break-glass.started")).Select(e => e.SubjectId));
        Assert.Equal([low.Id], (await app.Service<ActiveGrants>().AllAsync()).Select(g => g.Id));
        Assert.True(low.PolicyVersion >= 1);
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_duration_over_the_tiers_maximum_is_refused_with_422_and_nothing_is_stored(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();

        var refused = await app.RequestAsync("rhea", GrantScenarios.Ask("guardian", 3601, scopes: ["k8s:deploy"]));
        var atMaximum = await app.RequestAsync("rhea", GrantScenarios.Ask("guardian", 3600, scopes: ["k8s:deploy"]));

        var error = Assert.IsType<ValidationError>(refused.Error);
        Assert.Contains("at most 1h for a high-tier assistant", Assert.Single(error.Errors["durationSeconds"]), StringComparison.Ordinal);
        Assert.DoesNotContain("hard cap", error.Errors["durationSeconds"][0], StringComparison.Ordinal);
        Assert.True(atMaximum.IsSuccess, atMaximum.Error?.Detail);
        Assert.Equal(1, await app.RowsAsync("break_glass_grants"));
        Assert.Single(await app.AuditedAsync("break-glass.requested"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_duration_over_the_hard_cap_is_refused_even_when_the_policy_allows_more(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store, new() { ["BreakGlass:HardCap"] = "00:30:00" });
        await app.GrantPeopleAndAssistantsAsync();

        var refused = await app.RequestAsync("rhea", GrantScenarios.Ask("fixer", 1801, scopes: ["k8s:deploy"]));
        var zero = await app.RequestAsync("rhea", GrantScenarios.Ask("fixer", 0, scopes: ["k8s:deploy"]));
        var atCap = await app.RequestAsync("rhea", GrantScenarios.Ask("fixer", 1800, scopes: ["k8s:deploy"]));

        var message = Assert.Single(Assert.IsType<ValidationError>(refused.Error).Errors["durationSeconds"]);
        Assert.Contains("the hard cap of 30m", message, StringComparison.Ordinal);
        Assert.DoesNotContain("low-tier", message, StringComparison.Ordinal); // the policy's 4h for low tier was not exceeded
        Assert.Contains("at least 1", Assert.IsType<ValidationError>(zero.Error).Errors["durationSeconds"][0], StringComparison.Ordinal);
        Assert.True(atCap.IsSuccess, atCap.Error?.Detail);
        Assert.Equal(1, await app.RowsAsync("break_glass_grants"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Bad_requests_name_the_field_and_store_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var skips = Enumerable.Range(0, 21).Select(i => new SkipApproval($"a{i}", "r")).ToList();

        var cases = new (BreakGlassRequest Request, string Field, string Says)[]
        {
            (GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]) with { Justification = "too short" }, "justification", "10 to"),
            (GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]) with { Incident = " " }, "incident", "incident reference"),
            (GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]) with { Incident = new string('x', 201) }, "incident", "1 to 200"),
            (GrantScenarios.Ask("fixer", 60) with { DurationSeconds = null }, "durationSeconds", "at least 1"),
            (GrantScenarios.Ask("fixer", 60), "exceptions", "at least one exception"),
            (GrantScenarios.Ask("fixer", 60, scopes: ["k8s:nuke"]), "scopes", "'k8s:nuke'"),
            (GrantScenarios.Ask("fixer", 60, scopes: ["terraform:plan", "k8s:deploy"]), "scopes", "already holds terraform:plan"),
            (GrantScenarios.Ask("fixer", 60, environments: ["moon"]), "environments", "'moon'"),
            (GrantScenarios.Ask("fixer", 60, environments: ["dev"]), "environments", "already work in dev"),
            (GrantScenarios.Ask("fixer", 60, skips: [new SkipApproval("", "aws/prod/*")]), "skipApprovalFor", "an action and a resource"),
            (GrantScenarios.Ask("fixer", 60, skips: [new SkipApproval("terraform:apply", new string('r', 201))]), "skipApprovalFor", "at most 200"),
            (GrantScenarios.Ask("fixer", 60, skips: skips), "skipApprovalFor", "At most 20"),
            (GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]) with { Renews = "bg_nothing" }, "renews", "earlier grant for fixer"),
            (GrantScenarios.Ask(null, 60, scopes: ["k8s:deploy"]), "assistant", "Name the assistant"),
        };

        foreach (var (request, field, says) in cases)
        {
            var outcome = await app.RequestAsync("rhea", request);
            var error = Assert.IsType<ValidationError>(outcome.Error);
            Assert.True(error.Errors.ContainsKey(field), $"{field}: {error.Detail}");
            Assert.Contains(says, string.Join(" ", error.Errors[field]), StringComparison.Ordinal);
        }

        Assert.IsType<NotFoundError>((await app.RequestAsync("rhea", GrantScenarios.Ask("nobody", 60, scopes: ["k8s:deploy"]))).Error);
        Assert.Equal(0, await app.RowsAsync("break_glass_grants"));
        Assert.Empty(await app.AuditedAsync("break-glass.requested"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Who_may_ask_owners_for_their_own_assistants_responders_for_any_and_never_for_a_suspended_one(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();

        Assert.True((await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).IsSuccess);
        Assert.True((await app.RequestAsync("abe", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:read"]))).IsSuccess);
        Assert.True((await app.RequestAsync("ada", GrantScenarios.Ask("fixer", 60, scopes: ["iam:read"]))).IsSuccess);
        Assert.IsType<NotFoundError>((await app.RequestAsync("otto", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).Error);
        Assert.IsType<ForbiddenError>((await app.RequestAsync("cole", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).Error);

        (await app.Service<AssistantInventory>().SuspendAsync(await app.CallerAsync("rhea"), "fixer", "misbehaves")).Succeeded();
        Assert.IsType<ConflictError>((await app.RequestAsync("rhea", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).Error);
        Assert.Equal(3, await app.RowsAsync("break_glass_grants"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_requester_cannot_approve_their_own_request_and_one_approver_starts_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("rhea", GrantScenarios.Ask("guardian", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var service = app.Service<BreakGlassService>();

        var self = await service.ApproveAsync(await app.CallerAsync("rhea"), grant.Id);
        var compliance = await service.ApproveAsync(await app.CallerAsync("cole"), grant.Id);
        var owner = await service.ApproveAsync(await app.CallerAsync("olive"), grant.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var approved = (await service.ApproveAsync(await app.CallerAsync("abe"), grant.Id)).Succeeded();
        var again = await service.ApproveAsync(await app.CallerAsync("sam"), grant.Id);

        Assert.Contains("separation of duties", Assert.IsType<ForbiddenError>(self.Error).Detail, StringComparison.Ordinal);
        Assert.IsType<ForbiddenError>(compliance.Error);
        Assert.IsType<ForbiddenError>(owner.Error);
        Assert.Equal((BreakGlassStates.Active, "abe", app.Clock.GetUtcNow()), (approved.State, approved.ApprovedBy, approved.StartedAt!.Value));
        Assert.Equal(grant.ExpiresAt, approved.ExpiresAt); // the clock started when it was asked for
        Assert.IsType<ConflictError>(again.Error);
        Assert.Single(await app.AuditedAsync("break-glass.approved"));
        Assert.Single(await app.AuditedAsync("break-glass.started"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_request_nobody_approves_before_its_expiry_lapses_and_cannot_be_approved(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("rhea", GrantScenarios.Ask("guardian", 60, scopes: ["k8s:deploy"]))).Succeeded();

        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var late = await app.Service<BreakGlassService>().ApproveAsync(await app.CallerAsync("abe"), grant.Id);

        Assert.Contains("lapsed", Assert.IsType<ConflictError>(late.Error).Detail, StringComparison.Ordinal);
        var stored = (await app.Service<BreakGlassStore>().FindAsync(grant.Id))!;
        Assert.Equal((BreakGlassStates.Ended, BreakGlassEndReasons.Lapsed, (DateTimeOffset?)null), (stored.State, stored.EndReason, stored.StartedAt));
        Assert.Single(await app.AuditedAsync("break-glass.lapsed"));
        Assert.Empty(await app.AuditedAsync("break-glass.approved"));
        Assert.Empty(await app.Service<BreakGlassQueries>().ReviewQueueAsync()); // it never started: nothing to review
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_rejection_needs_a_reason_and_an_approver(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("guardian", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var service = app.Service<BreakGlassService>();

        Assert.IsType<ValidationError>((await service.RejectAsync(await app.CallerAsync("abe"), grant.Id, " ")).Error);
        Assert.IsType<ForbiddenError>((await service.RejectAsync(await app.CallerAsync("olive"), grant.Id, "never mind")).Error);
        Assert.IsType<ForbiddenError>((await service.RejectAsync(await app.CallerAsync("cole"), grant.Id, "no")).Error);
        var rejected = (await service.RejectAsync(await app.CallerAsync("abe"), grant.Id, "use the runbook instead")).Succeeded();

        Assert.Equal((BreakGlassStates.Ended, BreakGlassEndReasons.Rejected, "abe"), (rejected.State, rejected.EndReason, rejected.EndedBy));
        Assert.IsType<ConflictError>((await service.ApproveAsync(await app.CallerAsync("sam"), grant.Id)).Error);
        Assert.Contains("use the runbook", Assert.Single(await app.AuditedAsync("break-glass.rejected")).Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_requester_or_security_ends_a_grant_early_and_nobody_else(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var service = app.Service<BreakGlassService>();
        var byOwner = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var byApprover = (await app.RequestAsync("abe", GrantScenarios.Ask("fixer", 600, scopes: ["iam:write"]))).Succeeded();

        Assert.IsType<ForbiddenError>((await service.EndAsync(await app.CallerAsync("abe"), byOwner.Id)).Error);
        Assert.IsType<ForbiddenError>((await service.EndAsync(await app.CallerAsync("cole"), byOwner.Id)).Error);
        Assert.IsType<ForbiddenError>((await service.EndAsync(await app.CallerAsync("ada"), byOwner.Id)).Error);
        Assert.IsType<NotFoundError>((await service.EndAsync(await app.CallerAsync("otto"), byOwner.Id)).Error);
        Assert.IsType<ForbiddenError>((await service.EndAsync(await app.CallerAsync("olive"), byApprover.Id)).Error);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var ended = (await service.EndAsync(await app.CallerAsync("olive"), byOwner.Id)).Succeeded();
        var now = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var endedBySecurity = (await service.EndAsync(await app.CallerAsync("sam"), byApprover.Id)).Succeeded();
        var twice = await service.EndAsync(await app.CallerAsync("sam"), byOwner.Id);

        Assert.Equal((BreakGlassStates.Ended, BreakGlassEndReasons.Ended, "olive", now, now.AddDays(3)),
            (ended.State, ended.EndReason, ended.EndedBy, ended.EndedAt!.Value, ended.ReviewDueAt!.Value));
        Assert.Equal(("sam", BreakGlassEndReasons.Ended), (endedBySecurity.EndedBy, endedBySecurity.EndReason));
        Assert.IsType<ConflictError>(twice.Error);
        Assert.False(ended.IsInForce(now));
        Assert.Empty(await app.Service<ActiveGrants>().AllAsync());
        Assert.Equal(2, (await app.AuditedAsync("break-glass.ended")).Count);
        Assert.Equal([byOwner.Id, byApprover.Id], (await app.Service<BreakGlassQueries>().ReviewQueueAsync()).Select(g => g.Id));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_withdrawn_request_ends_without_a_review(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("guardian", 600, scopes: ["k8s:deploy"]))).Succeeded();

        var withdrawn = (await app.Service<BreakGlassService>().EndAsync(await app.CallerAsync("olive"), grant.Id)).Succeeded();

        Assert.Equal((BreakGlassStates.Ended, BreakGlassEndReasons.Ended, (DateTimeOffset?)null), (withdrawn.State, withdrawn.EndReason, withdrawn.ReviewDueAt));
        Assert.False(withdrawn.AwaitsReview);
        Assert.Contains("\"withdrawn\":true", Assert.Single(await app.AuditedAsync("break-glass.ended")).Payload, StringComparison.Ordinal);
        Assert.IsType<ConflictError>((await app.Service<BreakGlassService>().ReviewAsync(await app.CallerAsync("cole"), grant.Id, "appropriate", "fine")).Error);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Compliance_reviews_an_ended_grant_once_and_never_their_own(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        await app.AddAsync("cora", ConsoleRoles.Compliance, ConsoleRoles.Security);
        var service = app.Service<BreakGlassService>();
        var grant = (await app.RequestAsync("cora", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();

        var tooEarly = await service.ReviewAsync(await app.CallerAsync("cole"), grant.Id, "appropriate", "fine");
        (await service.EndAsync(await app.CallerAsync("cora"), grant.Id)).Succeeded();
        var own = await service.ReviewAsync(await app.CallerAsync("cora"), grant.Id, "appropriate", "all good");
        var approver = await service.ReviewAsync(await app.CallerAsync("abe"), grant.Id, "appropriate", "all good");
        var badOutcome = await service.ReviewAsync(await app.CallerAsync("cole"), grant.Id, "fine", "all good");
        var noNotes = await service.ReviewAsync(await app.CallerAsync("cole"), grant.Id, "appropriate", " ");
        app.Clock.Advance(TimeSpan.FromDays(4));
        var reviewed = (await service.ReviewAsync(await app.CallerAsync("cole"), grant.Id, "follow-up", "ask the team for a runbook")).Succeeded();
        var twice = await service.ReviewAsync(await app.CallerAsync("cole"), grant.Id, "appropriate", "again");

        Assert.Contains("still active", Assert.IsType<ConflictError>(tooEarly.Error).Detail, StringComparison.Ordinal);
        Assert.IsType<ForbiddenError>(own.Error);
        Assert.IsType<ForbiddenError>(approver.Error);
        Assert.True(Assert.IsType<ValidationError>(badOutcome.Error).Errors.ContainsKey("outcome"));
        Assert.True(Assert.IsType<ValidationError>(noNotes.Error).Errors.ContainsKey("notes"));
        Assert.Equal(("follow-up", "cole", "ask the team for a runbook"), (reviewed.ReviewOutcome, reviewed.ReviewedBy, reviewed.ReviewNotes));
        Assert.IsType<ConflictError>(twice.Error);
        Assert.Contains("\"overdue\":true", Assert.Single(await app.AuditedAsync("break-glass.reviewed")).Payload, StringComparison.Ordinal);
        Assert.Empty(await app.Service<BreakGlassQueries>().ReviewQueueAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Renewals_are_linked_and_counted_and_repeats_past_the_policys_count_are_flagged(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();

        // One outside the 30-day window: not counted.
        var old = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        app.Clock.Advance(TimeSpan.FromDays(31));
        var first = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var second = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy", "iam:write"]) with { Renews = first.Id })).Succeeded();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var otherScope = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:read"]))).Succeeded();
        var third = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]) with { Renews = second.Id })).Succeeded();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var fourth = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]) with { Renews = third.Id })).Succeeded();
        var otherAssistant = await app.RequestAsync("rhea", GrantScenarios.Ask("guardian", 600, scopes: ["k8s:deploy"]) with { Renews = fourth.Id });

        Assert.Equal((1, false, 0), (old.RepeatCount, old.Flagged, old.RenewalNumber));
        Assert.Equal((1, false, 0), (first.RepeatCount, first.Flagged, first.RenewalNumber));
        Assert.Equal((2, false, 1, first.Id), (second.RepeatCount, second.Flagged, second.RenewalNumber, second.RenewsId));
        Assert.Equal((1, false), (otherScope.RepeatCount, otherScope.Flagged));
        Assert.Equal((3, false, 2), (third.RepeatCount, third.Flagged, third.RenewalNumber));
        Assert.Equal((4, true, 3), (fourth.RepeatCount, fourth.Flagged, fourth.RenewalNumber));
        Assert.True(Assert.IsType<ValidationError>(otherAssistant.Error).Errors.ContainsKey("renews"));
        var audited = (await app.AuditedAsync("break-glass.requested")).Single(e => e.SubjectId == fourth.Id).Json();
        Assert.True(audited.GetProperty("flagged").GetBoolean());
        Assert.Contains("becoming permanent", audited.GetProperty("flag").GetString(), StringComparison.Ordinal);
        var chain = (await app.Service<BreakGlassQueries>().ActivityAsync(await app.CallerAsync("cole"), second.Id))!.Chain;
        Assert.Equal([first.Id, second.Id, third.Id, fourth.Id], chain.Select(g => g.Id));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Owners_see_only_grants_of_their_own_assistants_or_that_they_asked_for(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var mine = (await app.RequestAsync("rhea", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var notMine = (await app.RequestAsync("rhea", GrantScenarios.Ask("ottos", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var queries = app.Service<BreakGlassQueries>();

        Assert.Equal([mine.Id], (await queries.ListAsync(await app.CallerAsync("olive"), null, 100)).Select(g => g.Id));
        Assert.Equal([notMine.Id], (await queries.ListAsync(await app.CallerAsync("otto"), BreakGlassStates.Active, 100)).Select(g => g.Id));
        Assert.Equal([notMine.Id, mine.Id], (await queries.ListAsync(await app.CallerAsync("cole"), null, 100)).Select(g => g.Id));
        Assert.Empty(await queries.ListAsync(await app.CallerAsync("cole"), BreakGlassStates.Pending, 100));
        Assert.Null(await queries.FindAsync(await app.CallerAsync("olive"), notMine.Id));
        Assert.NotNull(await queries.FindAsync(await app.CallerAsync("olive"), mine.Id));
    }
}

/// <summary>The people, assistants and requests the break-glass tests share.</summary>
public static class GrantScenarios
{
    /// <summary>A console whose background sweeper stays out of the way (it still runs once at start-up); tests sweep by hand.</summary>
    public static ConsoleFactory Console(TestStore store, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["BreakGlass:SweepInterval"] = "01:00:00" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new ConsoleFactory(store, all);
    }

    /// <summary>
    /// The inventory people, and three assistants: fixer (low tier, olive's: dev, terraform:plan), guardian (high tier,
    /// olive's: dev, terraform:plan) and ottos (low tier, otto's).
    /// </summary>
    public static async Task GrantPeopleAndAssistantsAsync(this ConsoleFactory app)
    {
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("fixer", "olive", RiskTiers.Low, ["dev"], ["terraform:plan"]), approvedBy: "sam");
        await app.RegisterAsync("rhea", Inventory.Input("guardian", "olive", RiskTiers.High, ["dev"], ["terraform:plan"]), approvedBy: "sam");
        await app.RegisterAsync("rhea", Inventory.Input("ottos", "otto", RiskTiers.Low, ["dev"], ["terraform:plan"], team: "payments"), approvedBy: "sam");
    }

    public static BreakGlassRequest Ask(string? assistant, int seconds, string[]? scopes = null, string[]? environments = null,
        IReadOnlyList<SkipApproval>? skips = null) =>
        new(assistant, "The payment API is down and the fix needs a deploy.", "INC-4211", seconds, scopes, environments, skips, null);

    public static async Task<Outcome<BreakGlassGrant>> RequestAsync(this ConsoleFactory app, string who, BreakGlassRequest request) =>
        await app.Service<BreakGlassService>().RequestAsync(await app.CallerAsync(who), request);
}
