using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Web;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>Many hands on one grant at once: the grant's row lock lets exactly one change win, and the audit says only that.</summary>
public sealed class BreakGlassServiceConcurrencyTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Parallel_approvals_start_the_grant_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var approvers = new List<AgentConsole.Features.Assistants.Caller>();
        for (var i = 0; i < 6; i++)
        {
            await app.AddAsync($"approver-{i}", ConsoleRoles.Approver);
            approvers.Add(await app.CallerAsync($"approver-{i}"));
        }

        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("guardian", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var service = app.Service<BreakGlassService>();

        var outcomes = await Task.WhenAll(approvers.Select(a => Task.Run(() => service.ApproveAsync(a, grant.Id))));

        var winner = Assert.Single(outcomes, o => o.IsSuccess);
        Assert.All(outcomes.Where(o => !o.IsSuccess), o => Assert.IsType<ConflictError>(o.Error));
        Assert.Equal(winner.Value!.ApprovedBy, (await app.Service<BreakGlassStore>().FindAsync(grant.Id))!.ApprovedBy);
        Assert.Single(await app.AuditedAsync("break-glass.approved"));
        Assert.Single(await app.AuditedAsync("break-glass.started"));
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Parallel_requests_for_the_same_exception_are_each_counted_and_the_ones_past_the_count_flagged(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var service = app.Service<BreakGlassService>();
        var callers = new[] { "olive", "rhea", "sam", "abe", "ada" };
        var resolved = new List<AgentConsole.Features.Assistants.Caller>();
        foreach (var name in callers)
        {
            resolved.Add(await app.CallerAsync(name));
        }

        var outcomes = await Task.WhenAll(resolved.Select(c => Task.Run(() => service.RequestAsync(c, GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"])))));

        var grants = outcomes.Select(o => o.Succeeded()).ToList();
        Assert.Equal([1, 2, 3, 4, 5], grants.Select(g => g.RepeatCount).Order());
        Assert.All(grants, g => Assert.Equal(g.RepeatCount > 3, g.Flagged));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Ending_and_the_sweep_racing_at_the_expiry_give_one_ending(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var service = app.Service<BreakGlassService>();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 60, scopes: ["k8s:deploy"]))).Succeeded().Id);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var olive = await app.CallerAsync("olive");
        var sam = await app.CallerAsync("sam");
        var work = ids.SelectMany(id => new Task[]
        {
            Task.Run(() => service.EndAsync(olive, id)),
            Task.Run(() => service.EndAsync(sam, id)),
            Task.Run(() => service.ExpireDueAsync()),
        });
        await Task.WhenAll(work);

        var expired = await app.AuditedAsync("break-glass.expired");
        Assert.Equal(ids.Order(StringComparer.Ordinal), expired.Select(e => e.SubjectId).Order(StringComparer.Ordinal));
        Assert.Empty(await app.AuditedAsync("break-glass.ended"));
        Assert.Equal(4, await app.RowsAsync("break_glass_grants", "state = 'ended' AND end_reason = 'expired'"));
        await app.AssertAuditIntactAsync();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Parallel_early_ends_and_reviews_each_happen_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        await app.AddAsync("carl", ConsoleRoles.Compliance);
        var service = app.Service<BreakGlassService>();
        var grant = (await app.RequestAsync("olive", GrantScenarios.Ask("fixer", 600, scopes: ["k8s:deploy"]))).Succeeded();
        var enders = new[] { await app.CallerAsync("olive"), await app.CallerAsync("sam"), await app.CallerAsync("rhea") };

        var ends = await Task.WhenAll(enders.Select(c => Task.Run(() => service.EndAsync(c, grant.Id))));
        var reviewers = new[] { await app.CallerAsync("cole"), await app.CallerAsync("carl") };
        var reviews = await Task.WhenAll(reviewers.Select(c => Task.Run(() => service.ReviewAsync(c, grant.Id, "appropriate", $"{c.UserName}: fine"))));

        Assert.Single(ends, o => o.IsSuccess);
        Assert.Equal(2, ends.Count(o => o.Error is ConflictError));
        Assert.Single(reviews, o => o.IsSuccess);
        Assert.Single(reviews, o => o.Error is ConflictError);
        Assert.Single(await app.AuditedAsync("break-glass.ended"));
        Assert.Single(await app.AuditedAsync("break-glass.reviewed"));
        await app.AssertAuditIntactAsync();
    }
}
