using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;
using Microsoft.Extensions.Options;

namespace AgentConsole.Tests.Features.Assistants;

/// <summary>What the inventory flags for attention, as time passes and people change.</summary>
public class FlagRulesTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_assistant_whose_owner_is_disabled_is_flagged_orphaned(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        Assert.DoesNotContain(AssistantFlags.Orphaned, await FlagsAsync(app, "deployer"));

        (await app.Service<UserAccounts>().SetDisabledAsync(Actor.User("ada"), "olive", disabled: true)).Succeeded();

        Assert.Contains(AssistantFlags.Orphaned, await FlagsAsync(app, "deployer"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_valid_secret_older_than_90_days_is_flagged_long_lived_until_revoked(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        var rhea = await app.CallerAsync("rhea");
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var secret = (await inventory.CreateSecretAsync(rhea, "deployer", 365, null)).Succeeded();

        app.Clock.Advance(TimeSpan.FromDays(89));
        Assert.DoesNotContain(AssistantFlags.LongLivedSecret, await FlagsAsync(app, "deployer"));

        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains(AssistantFlags.LongLivedSecret, await FlagsAsync(app, "deployer"));

        (await inventory.RevokeSecretAsync(rhea, "deployer", secret.Secret.Id)).Succeeded();
        Assert.DoesNotContain(AssistantFlags.LongLivedSecret, await FlagsAsync(app, "deployer"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_assistant_past_its_review_date_is_flagged_overdue_until_recertified(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));

        app.Clock.Advance(TimeSpan.FromDays(179));
        Assert.DoesNotContain(AssistantFlags.Overdue, await FlagsAsync(app, "deployer"));

        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains(AssistantFlags.Overdue, await FlagsAsync(app, "deployer"));

        (await app.Service<AssistantInventory>().RecertifyAsync(await app.CallerAsync("olive"), "deployer", ["dev"], ["terraform:plan"], null)).Succeeded();
        Assert.DoesNotContain(AssistantFlags.Overdue, await FlagsAsync(app, "deployer"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_higher_tier_shortens_the_review_interval(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive", RiskTiers.Critical), approvedBy: "sam");

        app.Clock.Advance(TimeSpan.FromDays(30));

        Assert.Contains(AssistantFlags.Overdue, await FlagsAsync(app, "deployer"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_active_assistant_without_activity_for_30_days_is_flagged_idle(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));

        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.DoesNotContain(AssistantFlags.Idle, await FlagsAsync(app, "deployer"));

        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains(AssistantFlags.Idle, await FlagsAsync(app, "deployer"));

        (await app.Service<AssistantInventory>().SuspendAsync(await app.CallerAsync("rhea"), "deployer", null)).Succeeded();
        Assert.DoesNotContain(AssistantFlags.Idle, await FlagsAsync(app, "deployer"));
    }

    /// <summary>Regression: nothing recorded activity, so every assistant turned idle 30 days after registration however busy it was.</summary>
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Authenticating_with_a_client_secret_counts_as_activity(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var secret = (await inventory.CreateSecretAsync(await app.CallerAsync("rhea"), "deployer", null, null)).Succeeded();

        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.NotNull(await inventory.AuthenticateAsync("deployer", secret.Value));
        app.Clock.Advance(TimeSpan.FromDays(2));

        var deployer = await app.AssistantAsync("deployer");
        Assert.Equal(app.Clock.GetUtcNow() - TimeSpan.FromDays(2), deployer.LastActivityAt);
        Assert.DoesNotContain(AssistantFlags.Idle, await FlagsAsync(app, "deployer"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_waiting_widening_is_flagged_pending_until_decided(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var saved = (await app.Service<AssistantInventory>().CreateAsync(await app.CallerAsync("rhea"),
            Inventory.Input("deployer", "olive", environments: ["dev", "prod"]))).Succeeded();
        Assert.Equal([AssistantFlags.Pending], await FlagsAsync(app, "deployer"));

        (await app.Service<AssistantInventory>().DecideAsync(await app.CallerAsync("sam"), "deployer", saved.Pending!.Id, approve: false, "no prod")).Succeeded();

        Assert.Empty(await FlagsAsync(app, "deployer"));
    }

    private static async Task<IReadOnlyList<string>> FlagsAsync(ConsoleFactory app, string name) =>
        (await app.AssistantAsync(name)).Flags(app.Clock.GetUtcNow(), app.Service<IOptions<InventoryOptions>>().Value);
}
