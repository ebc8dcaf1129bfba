using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Web;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Assistants;

/// <summary>The governance rules of <see cref="AssistantInventory"/> for privilege: narrowing at once, widening after a second person.</summary>
public class InventoryRulesTests
{
    private static readonly AssistantInput Deployer = Inventory.Input("deployer", "olive", RiskTiers.High, ["dev", "prod"], ["terraform:plan", "terraform:apply"]);

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_new_assistant_starts_narrow_and_its_widening_waits_with_an_audit_record(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();

        var saved = (await app.Service<AssistantInventory>().CreateAsync(await app.CallerAsync("rhea"), Deployer)).Succeeded();

        Inventory.AssertPrivileges("low", ["dev"], ["terraform:plan"], await app.AssistantAsync("deployer"));
        Assert.Equal(ChangeStates.Pending, saved.Pending!.State);
        Assert.Equal("high", saved.Pending.PendingGrant.Tier);
        Assert.Equal(["prod"], saved.Pending.PendingGrant.AddEnvironments);
        Assert.Equal(["terraform:apply"], saved.Pending.PendingGrant.AddScopes);
        var history = await app.HistoryAsync("deployer");
        Assert.Equal(["assistant.change_requested", "assistant.created"], history.Select(e => e.Action));
        var created = history[1].Json();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("before").ValueKind);
        Assert.Equal("low", created.GetProperty("after").GetProperty("riskTier").GetString());
        Assert.Equal("rhea", history[1].ActorId);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_requester_cannot_approve_their_own_widening(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        var saved = (await inventory.CreateAsync(await app.CallerAsync("rhea"), Deployer)).Succeeded();
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var outcome = await inventory.DecideAsync(await app.CallerAsync("rhea"), "deployer", saved.Pending!.Id, approve: true, null);

        Assert.IsType<ForbiddenError>(outcome.Error);
        Assert.Equal(ChangeStates.Pending, Assert.Single(await app.ChangesAsync("deployer")).State);
        Inventory.AssertPrivileges("low", ["dev"], ["terraform:plan"], await app.AssistantAsync("deployer"));
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_second_security_person_approves_and_the_privileges_widen(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        var saved = (await inventory.CreateAsync(await app.CallerAsync("rhea"), Deployer)).Succeeded();
        app.Clock.Advance(TimeSpan.FromHours(3));

        var change = (await inventory.DecideAsync(await app.CallerAsync("sam"), "deployer", saved.Pending!.Id, approve: true, "looks right")).Succeeded();

        Assert.Equal((ChangeStates.Approved, "sam", "looks right"), (change.State, change.DecidedBy, change.DecisionComment));
        var deployer = await app.AssistantAsync("deployer");
        Inventory.AssertPrivileges("high", ["dev", "prod"], ["terraform:apply", "terraform:plan"], deployer);
        Assert.Equal(deployer.CreatedAt + TimeSpan.FromDays(60), deployer.NextReviewAt);
        var approved = (await app.HistoryAsync("deployer"))[0];
        Assert.Equal(("assistant.change_approved", "sam"), (approved.Action, approved.ActorId));
        Assert.Equal("rhea", approved.Json().GetProperty("requestedBy").GetString());
        Assert.Equal("low", approved.Json().GetProperty("before").GetProperty("riskTier").GetString());
        Assert.Equal("high", approved.Json().GetProperty("after").GetProperty("riskTier").GetString());
        Assert.Equal(2, approved.Json().GetProperty("after").GetProperty("scopes").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Approving_a_settled_change_again_is_a_conflict_and_writes_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.AddAsync("sue", "security");
        var inventory = app.Service<AssistantInventory>();
        var saved = (await inventory.CreateAsync(await app.CallerAsync("rhea"), Deployer)).Succeeded();
        (await inventory.DecideAsync(await app.CallerAsync("sam"), "deployer", saved.Pending!.Id, approve: true, null)).Succeeded();
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var again = await inventory.DecideAsync(await app.CallerAsync("sue"), "deployer", saved.Pending.Id, approve: true, null);
        var rejectLate = await inventory.DecideAsync(await app.CallerAsync("sue"), "deployer", saved.Pending.Id, approve: false, null);
        var unknown = await inventory.DecideAsync(await app.CallerAsync("sue"), "deployer", saved.Pending.Id + 100, approve: true, null);

        Assert.Contains("already approved by sam", Assert.IsType<ConflictError>(again.Error).Detail, StringComparison.Ordinal);
        Assert.IsType<ConflictError>(rejectLate.Error);
        Assert.IsType<NotFoundError>(unknown.Error);
        Assert.Equal(ChangeStates.Approved, Assert.Single(await app.ChangesAsync("deployer")).State);
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Concurrent_approvals_of_one_change_settle_it_exactly_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var approvers = new List<Caller>();
        for (var i = 0; i < 8; i++)
        {
            await app.AddAsync($"guard{i}", "security");
            approvers.Add(await app.CallerAsync($"guard{i}"));
        }

        var inventory = app.Service<AssistantInventory>();
        var saved = (await inventory.CreateAsync(await app.CallerAsync("rhea"), Deployer)).Succeeded();

        var outcomes = await Task.WhenAll(approvers.Select(a => Task.Run(() =>
            inventory.DecideAsync(a, "deployer", saved.Pending!.Id, approve: true, null))));

        Assert.Single(outcomes, o => o.IsSuccess);
        Assert.All(outcomes.Where(o => !o.IsSuccess), o => Assert.IsType<ConflictError>(o.Error));
        Assert.Single(await app.HistoryAsync("deployer"), e => e.Action == "assistant.change_approved");
        Inventory.AssertPrivileges("high", ["dev", "prod"], ["terraform:apply", "terraform:plan"], await app.AssistantAsync("deployer"));
        var verification = await app.Service<AuditChain>().VerifyAsync();
        Assert.True(verification.IsIntact, verification.Describe());
    }

    /// <summary>Regression: on PostgreSQL the second approval wrote back the tier it had read before the first committed.</summary>
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Concurrent_approvals_of_two_changes_keep_both_widenings(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.AddAsync("sue", "security");
        var inventory = app.Service<AssistantInventory>();
        var (rhea, olive, sam, sue) = (await app.CallerAsync("rhea"), await app.CallerAsync("olive"), await app.CallerAsync("sam"), await app.CallerAsync("sue"));
        var pairs = new List<(string Name, long Tier, long Scope)>();
        for (var i = 0; i < 10; i++)
        {
            var name = $"deployer-{i}";
            await app.RegisterAsync("rhea", Inventory.Input(name, "olive"));
            var tier = (await inventory.UpdateAsync(olive, name, new AssistantInput { RiskTier = RiskTiers.High })).Succeeded().Pending!;
            var scope = (await inventory.UpdateAsync(rhea, name, new AssistantInput { Scopes = ["terraform:plan", "terraform:apply"] })).Succeeded().Pending!;
            pairs.Add((name, tier.Id, scope.Id));
        }

        await Task.WhenAll(pairs.Select(p => Task.WhenAll(
            Task.Run(async () => (await inventory.DecideAsync(sam, p.Name, p.Tier, approve: true, null)).Succeeded()),
            Task.Run(async () => (await inventory.DecideAsync(sue, p.Name, p.Scope, approve: true, null)).Succeeded()))));

        foreach (var (name, _, _) in pairs)
        {
            Inventory.AssertPrivileges("high", ["dev"], ["terraform:apply", "terraform:plan"], await app.AssistantAsync(name));
        }
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Narrowing_applies_at_once_and_is_audited_with_before_and_after(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Deployer, approvedBy: "sam");

        var saved = (await app.Service<AssistantInventory>().UpdateAsync(await app.CallerAsync("olive"), "deployer",
            new AssistantInput { RiskTier = RiskTiers.Medium, Environments = ["dev"], Scopes = ["terraform:plan"] })).Succeeded();

        Assert.Null(saved.Pending);
        Inventory.AssertPrivileges("medium", ["dev"], ["terraform:plan"], await app.AssistantAsync("deployer"));
        Assert.Empty(await app.ChangesAsync("deployer", ChangeStates.Pending));
        var updated = (await app.HistoryAsync("deployer"))[0];
        Assert.Equal(("assistant.updated", "olive"), (updated.Action, updated.ActorId));
        Assert.Equal("high", updated.Json().GetProperty("before").GetProperty("riskTier").GetString());
        Assert.Equal("medium", updated.Json().GetProperty("after").GetProperty("riskTier").GetString());
        Assert.Equal(1, updated.Json().GetProperty("after").GetProperty("environments").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_owner_may_ask_for_widening_and_withdraw_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var olive = await app.CallerAsync("olive");

        var asked = (await inventory.UpdateAsync(olive, "deployer", new AssistantInput { Environments = ["dev", "staging"] })).Succeeded().Pending!;
        var approved = await inventory.DecideAsync(olive, "deployer", asked.Id, approve: true, null);
        var withdrawn = (await inventory.DecideAsync(olive, "deployer", asked.Id, approve: false, "not needed after all")).Succeeded();

        Assert.Equal(("olive", "staging"), (asked.RequestedBy, Assert.Single(asked.PendingGrant.AddEnvironments)));
        Assert.IsType<ForbiddenError>(approved.Error);
        Assert.Equal((ChangeStates.Rejected, "olive"), (withdrawn.State, withdrawn.DecidedBy));
        Inventory.AssertPrivileges("low", ["dev"], ["terraform:plan"], await app.AssistantAsync("deployer"));
        Assert.Equal("assistant.change_rejected", (await app.HistoryAsync("deployer"))[0].Action);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_owner_with_the_security_role_still_cannot_approve_their_own_request(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.AddAsync("nora", "owner", "security");
        var inventory = app.Service<AssistantInventory>();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "nora"));
        var nora = await app.CallerAsync("nora");
        var asked = (await inventory.UpdateAsync(nora, "deployer", new AssistantInput { Scopes = ["terraform:plan", "terraform:apply"] })).Succeeded().Pending!;
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var approved = await inventory.DecideAsync(nora, "deployer", asked.Id, approve: true, null);

        Assert.Contains("second person", Assert.IsType<ForbiddenError>(approved.Error).Detail, StringComparison.Ordinal);
        Assert.Equal(ChangeStates.Pending, Assert.Single(await app.ChangesAsync("deployer")).State);
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_owner_cannot_change_owners_or_team_and_nothing_is_written(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var olive = await app.CallerAsync("olive");
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var owner = await inventory.UpdateAsync(olive, "deployer", new AssistantInput { Owner = "otto" });
        var backup = await inventory.UpdateAsync(olive, "deployer", new AssistantInput { BackupOwner = "otto" });
        var team = await inventory.UpdateAsync(olive, "deployer", new AssistantInput { Team = "data", DisplayName = "Renamed" });
        var notTheirs = await inventory.UpdateAsync(await app.CallerAsync("otto"), "deployer", new AssistantInput { DisplayName = "Mine" });

        Assert.All([owner, backup, team], o => Assert.IsType<ForbiddenError>(o.Error));
        Assert.IsType<NotFoundError>(notTheirs.Error);
        var deployer = await app.AssistantAsync("deployer");
        Assert.Equal(("olive", null, "platform", "deployer"), (deployer.OwnerName, deployer.BackupOwnerName, deployer.Team, deployer.DisplayName));
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }
}
