using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Web;
using Microsoft.Extensions.Options;

namespace AgentConsole.Tests.Support;

/// <summary>Puts assistants in place through the inventory's own service, speaking for people already added.</summary>
public static class Inventory
{
    /// <summary>The catalogue of appsettings.json: dev (low), staging (medium), prod (high); read and write scopes.</summary>
    public static Catalogue Catalogue(Action<InventoryOptions>? change = null)
    {
        var options = new InventoryOptions
        {
            Environments =
            [
                new() { Name = "dev", Sensitivity = Sensitivity.Low },
                new() { Name = "staging", Sensitivity = Sensitivity.Medium },
                new() { Name = "prod", Sensitivity = Sensitivity.High },
            ],
            Scopes =
            [
                new() { Name = "terraform:plan", Access = ScopeAccess.Read },
                new() { Name = "terraform:apply", Access = ScopeAccess.Write },
                new() { Name = "k8s:read", Access = ScopeAccess.Read },
                new() { Name = "k8s:deploy", Access = ScopeAccess.Write },
            ],
            ReviewIntervalDays = new() { ["low"] = 180, ["medium"] = 90, ["high"] = 60, ["critical"] = 30 },
        };
        change?.Invoke(options);
        return new Catalogue(Options.Create(options));
    }

    public static AssistantInput Input(string name, string owner, string tier = RiskTiers.Low, string[]? environments = null, string[]? scopes = null,
        string team = "platform", string? backupOwner = null, string? description = null) => new()
    {
        Name = name,
        Owner = owner,
        BackupOwner = backupOwner,
        Team = team,
        RiskTier = tier,
        Environments = environments ?? ["dev"],
        Scopes = scopes ?? ["terraform:plan"],
        Description = description,
    };

    /// <summary>
    /// The people of the inventory tests: rhea and sam (security), ada (admin), abe (approver), cole (compliance),
    /// olive and otto (owners).
    /// </summary>
    public static async Task AddInventoryPeopleAsync(this ConsoleFactory app)
    {
        await app.AddAsync("rhea", ConsoleRoles.Security);
        await app.AddAsync("sam", ConsoleRoles.Security);
        await app.AddAsync("ada", ConsoleRoles.Admin);
        await app.AddAsync("abe", ConsoleRoles.Approver);
        await app.AddAsync("cole", ConsoleRoles.Compliance);
        await app.AddAsync("olive", ConsoleRoles.Owner);
        await app.AddAsync("otto", ConsoleRoles.Owner);
    }

    public static async Task<Caller> CallerAsync(this ConsoleFactory app, string name)
    {
        var user = await app.Service<UserStore>().FindByNameAsync(name);
        Assert.NotNull(user);
        return new Caller(Actor.User(user.Name), user.Id, user.Name, user.Roles.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Registers an assistant as <paramref name="by"/>; with <paramref name="approvedBy"/>, its widening is approved too.</summary>
    public static async Task<Assistant> RegisterAsync(this ConsoleFactory app, string by, AssistantInput input, string? approvedBy = null)
    {
        var inventory = app.Service<AssistantInventory>();
        var saved = (await inventory.CreateAsync(await app.CallerAsync(by), input)).Succeeded();
        if (approvedBy is not null && saved.Pending is { } pending)
        {
            (await inventory.DecideAsync(await app.CallerAsync(approvedBy), saved.Assistant.Name, pending.Id, approve: true, "ok")).Succeeded();
        }

        return (await app.Service<AssistantStore>().FindAsync(saved.Assistant.Name, app.Clock.GetUtcNow()))!;
    }

    public static async Task<Assistant> AssistantAsync(this ConsoleFactory app, string name) =>
        (await app.Service<AssistantStore>().FindAsync(name, app.Clock.GetUtcNow()))!;

    public static async Task<IReadOnlyList<AssistantChange>> ChangesAsync(this ConsoleFactory app, string name, string? state = null) =>
        await app.Service<AssistantStore>().ChangesAsync((await app.AssistantAsync(name)).Id, state);

    /// <summary>The assistant's audit history, newest first.</summary>
    public static Task<IReadOnlyList<AuditEvent>> HistoryAsync(this ConsoleFactory app, string name) =>
        app.Service<AuditChain>().ForSubjectAsync(new Subject("assistant", name), 50);

    public static JsonElement Json(this AuditEvent e) => JsonDocument.Parse(e.Payload).RootElement;

    public static void AssertPrivileges(string tier, string[] environments, string[] scopes, Assistant assistant)
    {
        Assert.Equal(tier, assistant.RiskTier);
        Assert.Equal(environments, assistant.Environments);
        Assert.Equal(scopes, assistant.Scopes);
    }

    public static T Succeeded<T>(this Outcome<T> outcome)
    {
        Assert.True(outcome.IsSuccess, outcome.Error?.Detail);
        return outcome.Value!;
    }
}
