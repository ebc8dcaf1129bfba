using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Web;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Assistants;

/// <summary>An assistant's life after registration: owners' recertification, and retirement for good.</summary>
public class LifecycleRulesTests
{
    private static readonly AssistantInput Deployer = Inventory.Input("deployer", "olive", RiskTiers.High, ["dev", "prod"], ["terraform:plan", "terraform:apply"]);

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Retirement_rejects_pending_changes_revokes_secrets_and_is_final(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        var (rhea, sam, olive) = (await app.CallerAsync("rhea"), await app.CallerAsync("sam"), await app.CallerAsync("olive"));
        var pending = (await inventory.CreateAsync(rhea, Deployer)).Succeeded().Pending!;
        var secret = (await inventory.CreateSecretAsync(rhea, "deployer", null, null)).Succeeded();

        var retired = (await inventory.RetireAsync(rhea, "deployer", "replaced by deployer-2")).Succeeded();

        Assert.Equal(AssistantStatus.Retired, retired.Status);
        var rejected = Assert.Single(await app.ChangesAsync("deployer"));
        Assert.Equal((ChangeStates.Rejected, "rhea"), (rejected.State, rejected.DecidedBy));
        Assert.Equal("retired", Assert.Single(await app.Service<AssistantStore>().SecretsAsync(retired.Id)).RevokedReason);
        Assert.Null(await inventory.AuthenticateAsync("deployer", secret.Value));
        var audit = (await app.HistoryAsync("deployer"))[0];
        Assert.Equal("assistant.retired", audit.Action);
        Assert.Equal(1, audit.Json().GetProperty("rejectedChanges").GetInt32());
        Assert.Equal(1, audit.Json().GetProperty("revokedSecrets").GetInt32());
        Assert.Equal("active", audit.Json().GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("retired", audit.Json().GetProperty("after").GetProperty("status").GetString());

        var auditBefore = await app.Service<AuditChain>().CountAsync();
        Outcome<object>[] afterwards =
        [
            Loose(await inventory.DecideAsync(sam, "deployer", pending.Id, approve: true, null)),
            Loose(await inventory.ResumeAsync(rhea, "deployer", null)),
            Loose(await inventory.SuspendAsync(rhea, "deployer", null)),
            Loose(await inventory.RetireAsync(rhea, "deployer", null)),
            Loose(await inventory.UpdateAsync(rhea, "deployer", new AssistantInput { DisplayName = "Back again" })),
            Loose(await inventory.RecertifyAsync(olive, "deployer", ["dev"], ["terraform:plan"], null)),
            Loose(await inventory.CreateSecretAsync(rhea, "deployer", null, null)),
        ];
        Assert.All(afterwards, o => Assert.IsType<ConflictError>(o.Error));
        Assert.Equal(AssistantStatus.Retired, (await app.AssistantAsync("deployer")).Status);
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Recertification_keeps_what_the_owner_lists_drops_the_rest_and_moves_the_next_review(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive", RiskTiers.Medium, ["dev", "staging"], ["terraform:plan", "k8s:read"]), approvedBy: "sam");
        app.Clock.Advance(TimeSpan.FromDays(40));

        var after = (await app.Service<AssistantInventory>().RecertifyAsync(await app.CallerAsync("olive"), "deployer", ["dev"], ["k8s:read"], "still needed")).Succeeded();

        Inventory.AssertPrivileges("medium", ["dev"], ["k8s:read"], after);
        Assert.Equal((app.Clock.GetUtcNow(), "olive"), (after.LastReviewedAt, after.LastReviewedBy));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromDays(90), after.NextReviewAt);
        var audit = (await app.HistoryAsync("deployer"))[0];
        Assert.Equal(("assistant.recertified", "olive"), (audit.Action, audit.ActorId));
        Assert.Equal("staging", audit.Json().GetProperty("droppedEnvironments")[0].GetString());
        Assert.Equal("terraform:plan", audit.Json().GetProperty("droppedScopes")[0].GetString());
        Assert.Equal(2, audit.Json().GetProperty("before").GetProperty("environments").GetArrayLength());
        Assert.Equal(1, audit.Json().GetProperty("after").GetProperty("environments").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Recertification_cannot_add_access_and_only_owners_attest(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var adding = await inventory.RecertifyAsync(await app.CallerAsync("olive"), "deployer", ["dev", "prod"], ["terraform:plan", "k8s:deploy"], null);
        var bySecurity = await inventory.RecertifyAsync(await app.CallerAsync("rhea"), "deployer", ["dev"], ["terraform:plan"], null);

        Assert.Equal(["environments", "scopes"], Assert.IsType<ValidationError>(adding.Error).Errors.Keys.Order(StringComparer.Ordinal));
        Assert.IsType<ForbiddenError>(bySecurity.Error);
        var deployer = await app.AssistantAsync("deployer");
        Inventory.AssertPrivileges("low", ["dev"], ["terraform:plan"], deployer);
        Assert.Null(deployer.LastReviewedAt);
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }

    private static Outcome<object> Loose<T>(Outcome<T> outcome) => new(outcome.Value, outcome.Error);
}
