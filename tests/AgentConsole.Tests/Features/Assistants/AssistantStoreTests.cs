using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;
using Microsoft.Extensions.Options;

namespace AgentConsole.Tests.Features.Assistants;

/// <summary>Searching, filtering, sorting and paging the inventory, against the real store on both engines.</summary>
public class AssistantStoreTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Filters_find_exactly_the_matching_assistants(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await BuildFleetAsync(app);
        var bea = await app.Service<UserStore>().FindByNameAsync("bea");

        (string Case, AssistantFilter Filter, string[] Expected)[] cases =
        [
            ("everything but retired", new(), ["alpha", "bravo", "charlie", "delta", "echo"]),
            ("any status", new() { Status = "any" }, ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]),
            ("retired", new() { Status = AssistantStatus.Retired }, ["foxtrot"]),
            ("suspended", new() { Status = AssistantStatus.Suspended }, ["echo"]),
            ("active", new() { Status = AssistantStatus.Active }, ["alpha", "bravo", "charlie", "delta"]),
            ("search in the name, any case", new() { Query = "ALPH" }, ["alpha"]),
            ("search in the team", new() { Query = "dat" }, ["bravo", "charlie"]),
            ("search in the description", new() { Query = "100% of prod" }, ["alpha"]),
            ("a LIKE wildcard is searched for literally", new() { Query = "%" }, ["alpha"]),
            ("an underscore is searched for literally", new() { Query = "_" }, []),
            ("owner or backup owner", new() { Owner = "bea" }, ["alpha", "charlie"]),
            ("owner", new() { Owner = "olive" }, ["alpha", "echo"]),
            ("team", new() { Team = "platform" }, ["alpha", "delta"]),
            ("tier", new() { Tier = RiskTiers.Low }, ["bravo", "charlie", "echo"]),
            ("critical tier", new() { Tier = RiskTiers.Critical }, ["alpha"]),
            ("granted environment, not a pending one", new() { Environment = "staging" }, ["delta"]),
            ("environment, retired left out", new() { Environment = "prod" }, ["alpha"]),
            ("scope", new() { Scope = "k8s:read" }, ["bravo", "delta"]),
            ("write scope", new() { Scope = "terraform:apply" }, ["alpha"]),
            ("overdue", new() { Flag = AssistantFlags.Overdue }, ["alpha"]),
            ("idle", new() { Flag = AssistantFlags.Idle }, ["alpha", "bravo"]),
            ("orphaned", new() { Flag = AssistantFlags.Orphaned }, ["delta"]),
            ("long-lived secret", new() { Flag = AssistantFlags.LongLivedSecret }, ["bravo"]),
            ("pending", new() { Flag = AssistantFlags.Pending }, ["charlie"]),
            ("filters combine", new() { Team = "data", Tier = RiskTiers.Low, Scope = "terraform:plan" }, ["charlie"]),
            ("what an owner may see", new() { VisibleToUserId = bea!.Id }, ["alpha", "charlie"]),
        ];

        var wrong = new List<string>();
        foreach (var (name, filter, expected) in cases)
        {
            var page = await app.Service<AssistantStore>().ListAsync(filter, app.Clock.GetUtcNow());
            var found = page.Items.Select(a => a.Name).ToArray();
            if (!found.SequenceEqual(expected) || page.Total != expected.Length)
            {
                wrong.Add($"{name}: found [{string.Join(", ", found)}] (total {page.Total}), expected [{string.Join(", ", expected)}]");
            }
        }

        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_flag_filter_agrees_with_the_flags_shown_on_each_assistant(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await BuildFleetAsync(app);
        var options = app.Service<IOptions<InventoryOptions>>().Value;
        var now = app.Clock.GetUtcNow();
        var everyone = (await app.Service<AssistantStore>().ListAsync(new() { Status = "any" }, now)).Items;

        foreach (var flag in AssistantFlags.All)
        {
            var filtered = (await app.Service<AssistantStore>().ListAsync(new() { Status = "any", Flag = flag }, now)).Items.Select(a => a.Name);
            var shown = everyone.Where(a => a.Flags(now, options).Contains(flag)).Select(a => a.Name);
            Assert.True(filtered.SequenceEqual(shown), $"{flag}: filter finds [{string.Join(", ", filtered)}], flags show [{string.Join(", ", shown)}]");
        }
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_summary_counts_the_fleet(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await BuildFleetAsync(app);

        var summary = await app.Service<AssistantStore>().SummaryAsync(app.Clock.GetUtcNow(), null);

        Assert.Equal((6L, 4L, 1L), (summary.Total, summary.Active, summary.Suspended));
        Assert.Equal((1L, 2L, 1L, 1L, 1L), (summary.Overdue, summary.Idle, summary.Orphaned, summary.LongLivedSecrets, summary.PendingChanges));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Tiers_sort_by_risk_not_by_spelling_in_both_directions(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await BuildTiersAsync(app);

        Assert.Equal(["d-low", "e-low", "c-medium", "b-high", "a-critical"], await NamesAsync(app, new() { Sort = "tier" }));
        Assert.Equal(["a-critical", "b-high", "c-medium", "e-low", "d-low"], await NamesAsync(app, new() { Sort = "tier", Descending = true }));
        Assert.Equal(["a-critical", "b-high", "c-medium", "d-low", "e-low"], await NamesAsync(app, new() { Sort = "review" }));
        Assert.Equal(["e-low", "d-low", "c-medium", "b-high", "a-critical"], await NamesAsync(app, new() { Descending = true }));
        Assert.Equal(["b-high", "d-low", "a-critical", "c-medium", "e-low"], await NamesAsync(app, new() { Sort = "team" }));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Pages_hold_the_page_size_and_every_page_tells_the_total(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await BuildTiersAsync(app);
        var assistants = app.Service<AssistantStore>();
        var now = app.Clock.GetUtcNow();

        var pages = new List<AssistantPage>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await assistants.ListAsync(new() { Page = page, PageSize = 2 }, now));
        }

        Assert.Equal([["a-critical", "b-high"], ["c-medium", "d-low"], ["e-low"], []], pages.Select(p => p.Items.Select(a => a.Name).ToArray()));
        Assert.All(pages, p => Assert.Equal((5L, 3), (p.Total, p.Pages)));
        Assert.All(pages[0].Items, a => Assert.NotEmpty(a.Environments));
    }

    /// <summary>Five assistants whose names sort in the opposite order to their tiers (teams: b, d = alpha; a, c, e = beta).</summary>
    private static async Task BuildTiersAsync(ConsoleFactory app)
    {
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("a-critical", "olive", RiskTiers.Critical, team: "beta"), approvedBy: "sam");
        await app.RegisterAsync("rhea", Inventory.Input("b-high", "olive", RiskTiers.High, team: "alpha"), approvedBy: "sam");
        await app.RegisterAsync("rhea", Inventory.Input("c-medium", "olive", RiskTiers.Medium, team: "beta"), approvedBy: "sam");
        await app.RegisterAsync("rhea", Inventory.Input("d-low", "olive", team: "alpha"));
        await app.RegisterAsync("rhea", Inventory.Input("e-low", "olive", team: "beta"));
    }

    /// <summary>
    /// alpha and bravo are 91 days old (alpha critical and overdue; bravo with a year-long secret); charlie waits for staging;
    /// delta's owner dora is disabled; echo is suspended; foxtrot is retired.
    /// </summary>
    private static async Task BuildFleetAsync(ConsoleFactory app)
    {
        await app.AddInventoryPeopleAsync();
        await app.AddAsync("bea", ConsoleRoles.Owner);
        await app.AddAsync("dora", ConsoleRoles.Owner);
        var inventory = app.Service<AssistantInventory>();
        var rhea = await app.CallerAsync("rhea");

        await app.RegisterAsync("rhea", Inventory.Input("alpha", "olive", RiskTiers.Critical, ["dev", "prod"], ["terraform:plan", "terraform:apply"],
            backupOwner: "bea", description: "Deploys 100% of prod"), approvedBy: "sam");
        await app.RegisterAsync("rhea", Inventory.Input("bravo", "otto", scopes: ["k8s:read"], team: "data"));
        (await inventory.CreateSecretAsync(rhea, "bravo", 365, null)).Succeeded();
        app.Clock.Advance(TimeSpan.FromDays(91));

        await app.RegisterAsync("rhea", Inventory.Input("charlie", "bea", team: "data"));
        Assert.NotNull((await inventory.UpdateAsync(rhea, "charlie", new AssistantInput { Environments = ["dev", "staging"] })).Succeeded().Pending);
        await app.RegisterAsync("rhea", Inventory.Input("delta", "dora", RiskTiers.Medium, ["staging"], ["k8s:read"]), approvedBy: "sam");
        (await app.Service<UserAccounts>().SetDisabledAsync(Actor.User("ada"), "dora", disabled: true)).Succeeded();
        await app.RegisterAsync("rhea", Inventory.Input("echo", "olive", team: "security"));
        (await inventory.SuspendAsync(rhea, "echo", null)).Succeeded();
        await app.RegisterAsync("rhea", Inventory.Input("foxtrot", "otto", RiskTiers.High, ["prod"], team: "data"), approvedBy: "sam");
        (await inventory.RetireAsync(rhea, "foxtrot", null)).Succeeded();
    }

    private static async Task<string[]> NamesAsync(ConsoleFactory app, AssistantFilter filter) =>
        (await app.Service<AssistantStore>().ListAsync(filter, app.Clock.GetUtcNow())).Items.Select(a => a.Name).ToArray();
}
