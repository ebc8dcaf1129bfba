using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Web;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Assistants;

/// <summary>Client secrets: revoked with suspension, rotated with an overlap, never stored or audited in clear.</summary>
public class SecretRulesTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Suspension_revokes_every_valid_secret_at_once_and_resuming_does_not_restore_them(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        var rhea = await app.CallerAsync("rhea");
        var deployer = await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var secrets = new List<IssuedSecret>();
        for (var i = 0; i < 3; i++)
        {
            secrets.Add((await inventory.CreateSecretAsync(rhea, "deployer", null, null)).Succeeded());
        }

        (await inventory.RevokeSecretAsync(rhea, "deployer", secrets[0].Secret.Id)).Succeeded();
        Assert.NotNull(await inventory.AuthenticateAsync("deployer", secrets[1].Value));

        var suspended = (await inventory.SuspendAsync(await app.CallerAsync("olive"), "deployer", "acting up")).Succeeded();

        Assert.Equal(AssistantStatus.Suspended, suspended.Status);
        foreach (var secret in secrets)
        {
            Assert.Null(await inventory.AuthenticateAsync("deployer", secret.Value));
        }

        var stored = await app.Service<AssistantStore>().SecretsAsync(deployer.Id);
        Assert.All(stored, s => Assert.NotNull(s.RevokedAt));
        Assert.Equal(["revoked", "suspended", "suspended"], stored.OrderBy(s => s.Id).Select(s => s.RevokedReason));
        var audit = (await app.HistoryAsync("deployer"))[0];
        Assert.Equal(("assistant.suspended", "olive"), (audit.Action, audit.ActorId));
        Assert.Equal(2, audit.Json().GetProperty("revokedSecrets").GetInt32());
        Assert.Equal("suspended", audit.Json().GetProperty("after").GetProperty("status").GetString());

        (await inventory.ResumeAsync(rhea, "deployer", "fixed")).Succeeded();
        Assert.Null(await inventory.AuthenticateAsync("deployer", secrets[2].Value));
        Assert.Equal("assistant.resumed", (await app.HistoryAsync("deployer"))[0].Action);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_rotated_secret_keeps_working_for_the_overlap_and_then_stops(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        var rhea = await app.CallerAsync("rhea");
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var old = (await inventory.CreateSecretAsync(rhea, "deployer", null, null)).Succeeded();
        app.Clock.Advance(TimeSpan.FromDays(10));

        var replacement = (await inventory.CreateSecretAsync(rhea, "deployer", 30, old.Secret.Id)).Succeeded();

        var rotated = (await app.Service<AssistantStore>().SecretsAsync(old.Secret.AssistantId)).Single(s => s.Id == old.Secret.Id);
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromHours(24), rotated.ExpiresAt);
        Assert.Equal((replacement.Secret.Id, "rotating"), (rotated.ReplacedBy, rotated.State(app.Clock.GetUtcNow())));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromDays(30), replacement.Secret.ExpiresAt);
        var audit = (await app.HistoryAsync("deployer"))[0];
        Assert.Equal("assistant.secret_rotated", audit.Action);
        Assert.Equal(old.Secret.Id, audit.Json().GetProperty("replaces").GetInt64());
        Assert.DoesNotContain(replacement.Value, audit.Payload, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));
        Assert.NotNull(await inventory.AuthenticateAsync("deployer", old.Value));
        Assert.NotNull(await inventory.AuthenticateAsync("deployer", replacement.Value));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await inventory.AuthenticateAsync("deployer", old.Value));
        Assert.NotNull(await inventory.AuthenticateAsync("deployer", replacement.Value));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Rotating_a_secret_that_is_not_valid_writes_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        var rhea = await app.CallerAsync("rhea");
        var deployer = await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var revoked = (await inventory.CreateSecretAsync(rhea, "deployer", null, null)).Succeeded();
        (await inventory.RevokeSecretAsync(rhea, "deployer", revoked.Secret.Id)).Succeeded();
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var fromRevoked = await inventory.CreateSecretAsync(rhea, "deployer", null, revoked.Secret.Id);
        var fromUnknown = await inventory.CreateSecretAsync(rhea, "deployer", null, 9999);
        var tooLong = await inventory.CreateSecretAsync(rhea, "deployer", 366, null);

        Assert.Equal("replaces", Assert.Single(Assert.IsType<ValidationError>(fromRevoked.Error).Errors).Key);
        Assert.Equal("replaces", Assert.Single(Assert.IsType<ValidationError>(fromUnknown.Error).Errors).Key);
        Assert.Equal("expiresInDays", Assert.Single(Assert.IsType<ValidationError>(tooLong.Error).Errors).Key);
        Assert.Single(await app.Service<AssistantStore>().SecretsAsync(deployer.Id));
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_secret_authenticates_only_the_assistant_it_was_issued_to(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var inventory = app.Service<AssistantInventory>();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        await app.RegisterAsync("rhea", Inventory.Input("builder", "olive"));
        var secret = (await inventory.CreateSecretAsync(await app.CallerAsync("rhea"), "deployer", null, null)).Succeeded();

        Assert.Equal("deployer", (await inventory.AuthenticateAsync("deployer", secret.Value))?.Name);
        Assert.Null(await inventory.AuthenticateAsync("builder", secret.Value));
        Assert.Null(await inventory.AuthenticateAsync("deployer", secret.Value[..^1] + (secret.Value[^1] == 'a' ? 'b' : 'a')));
        Assert.StartsWith(AssistantInventory.SecretPrefix, secret.Value, StringComparison.Ordinal);
        Assert.Equal(secret.Value[..12], secret.Secret.Prefix);
    }
}
