using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Web;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.CommandLine;

/// <summary><c>AgentConsole demo-data</c>: bulk demo inventory for trying the console and for benchmarks.</summary>
public class DemoDataTests
{
    private const string DemoPassword = "demo-password-1";

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Demo_data_command_fills_an_empty_inventory_and_refuses_a_second_time_unless_appending(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);

        var first = await ConsoleProcess.RunAsync(store, "demo-data", "--assistants", "300", "--people", "12");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("Seeded 300 demo assistants", first.Output, StringComparison.Ordinal);
        Assert.Contains("and 14 new people", first.Output, StringComparison.Ordinal);

        var refused = await ConsoleProcess.RunAsync(store, "demo-data", "--assistants", "10");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already holds 300 assistant(s)", refused.Output, StringComparison.Ordinal);
        Assert.Contains("--append", refused.Output, StringComparison.Ordinal);

        var appended = await ConsoleProcess.RunAsync(store, "demo-data", "--assistants", "20", "--people", "12", "--append");
        Assert.True(appended.ExitCode == 0, appended.Output);
        Assert.Contains("Seeded 20 demo assistants", appended.Output, StringComparison.Ordinal);
        Assert.Contains("and 0 new people", appended.Output, StringComparison.Ordinal);

        Assert.Equal(2, (await ConsoleProcess.RunAsync(store, "demo-data", "--assistants", "0")).ExitCode);

        var verify = await ConsoleProcess.RunAsync(store, "audit", "verify");
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("intact: 2 events verified", verify.Output, StringComparison.Ordinal);

        await using var app = new ConsoleFactory(store);
        var all = await app.Service<AssistantStore>().ListAsync(new AssistantFilter { Status = "any" }, TimeProvider.System.GetUtcNow());
        Assert.Equal(320, all.Total);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Demo_data_gives_every_flag_and_filter_hits_in_one_audited_transaction(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);

        var outcome = await SeedAsync(app, new DemoDataRequest(400, 12, Append: false, Password: null));

        Assert.True(outcome.IsSuccess, outcome.Error?.Detail);
        var seeded = outcome.Value!;
        Assert.Equal(400, seeded.Assistants);
        Assert.Equal(14, seeded.PeopleAdded);
        Assert.InRange(seeded.Suspended, 1, 399);
        Assert.InRange(seeded.Retired, 1, 399);
        Assert.InRange(seeded.PendingChanges, 1, 399);
        Assert.Equal(400, await CountAsync(app, new AssistantFilter { Status = "any" }));
        foreach (var flag in AssistantFlags.All)
        {
            Assert.True(await CountAsync(app, new AssistantFilter { Flag = flag }) > 0, $"no assistant is flagged {flag}");
        }

        foreach (var filter in new[]
                 {
                     new AssistantFilter { Status = AssistantStatus.Suspended }, new AssistantFilter { Status = AssistantStatus.Retired },
                     new AssistantFilter { Tier = RiskTiers.Critical, Environment = "prod" }, new AssistantFilter { Tier = RiskTiers.Low },
                     new AssistantFilter { Environment = "staging" }, new AssistantFilter { Scope = "terraform:apply" },
                     new AssistantFilter { Query = "deploy", Status = "any" }, new AssistantFilter { Owner = "amara.okafor", Team = "payments" },
                 })
        {
            Assert.True(await CountAsync(app, filter) > 0, $"no hits for {filter.ToQueryString()}");
        }

        Assert.InRange((await app.Service<AssistantStore>().TeamsAsync()).Count, 8, 12);
        var people = await app.Service<UserStore>().ListAsync();
        Assert.Equal(2, people.Count(p => p.HasRole(ConsoleRoles.Security)));
        Assert.Contains(people, p => p.IsDisabled && p.HasRole(ConsoleRoles.Owner));

        var events = await app.Service<AuditChain>().PageAsync(50);
        var recorded = Assert.Single(events, e => e.Action == "demo_data.seeded");
        Assert.Equal(seeded.AuditSeq, recorded.Seq);
        Assert.Equal(new Subject("inventory", DemoData.Label), new Subject(recorded.SubjectType, recorded.SubjectId));
        Assert.Contains("\"assistants\":400", recorded.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Action.StartsWith("assistant.", StringComparison.Ordinal));
        Assert.True((await app.Service<AuditChain>().VerifyAsync()).IsIntact);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Demo_people_sign_in_only_with_the_given_password_and_must_change_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        Assert.True((await SeedAsync(app, new DemoDataRequest(30, 3, Append: false, Password: DemoPassword))).IsSuccess);
        Assert.IsType<ValidationError>((await SeedAsync(app, new DemoDataRequest(5, 3, Append: true, Password: "short"))).Error);
        Assert.IsType<ConflictError>((await SeedAsync(app, new DemoDataRequest(5, 3, Append: false, Password: null))).Error);

        var signIn = await app.Browser().SignInAsync("amara.okafor", DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/password", signIn.RedirectPath());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Demo_people_without_a_password_cannot_sign_in(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        Assert.True((await SeedAsync(app, new DemoDataRequest(10, 2, Append: false, Password: null))).IsSuccess);

        var signIn = await app.Browser().SignInAsync("amara.okafor", DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    private static Task<Outcome<DemoDataSeeded>> SeedAsync(ConsoleFactory app, DemoDataRequest request) =>
        app.Service<DemoData>().SeedAsync(Actor.CommandLine("tester"), request);

    private static async Task<long> CountAsync(ConsoleFactory app, AssistantFilter filter) =>
        (await app.Service<AssistantStore>().ListAsync(filter with { PageSize = 1 }, app.Clock.GetUtcNow())).Total;
}
