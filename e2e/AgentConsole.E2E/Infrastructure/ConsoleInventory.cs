using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>
/// Puts assistants in place through the inventory's own service, speaking for people already added, so that a test
/// drives in the browser only the step it is about.
/// </summary>
public static class ConsoleInventory
{
    /// <summary>A unique assistant name: <paramref name="prefix"/> plus a short suffix.</summary>
    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 7)];

    public static AssistantInput Input(string name, string owner, string tier = RiskTiers.Low, string[]? environments = null,
        string[]? scopes = null, string team = "platform", string? description = null) => new()
    {
        Name = name,
        DisplayName = name,
        Description = description ?? $"{name}, put in place by an end-to-end test",
        Owner = owner,
        Team = team,
        RiskTier = tier,
        Environments = environments ?? ["dev"],
        Scopes = scopes ?? ["terraform:plan"],
        Reason = "e2e",
    };

    /// <summary>Registers as <paramref name="by"/>; with <paramref name="approvedBy"/>, its widening is approved as well.</summary>
    public static async Task<AssistantSaved> RegisterAsync(this ConsoleFixture console, string by, AssistantInput input, string? approvedBy = null)
    {
        var inventory = console.App.Services.GetRequiredService<AssistantInventory>();
        var saved = Succeeded(await inventory.CreateAsync(await console.CallerAsync(by), input));
        if (approvedBy is not null && saved.Pending is { } pending)
        {
            Succeeded(await inventory.DecideAsync(await console.CallerAsync(approvedBy), saved.Assistant.Name, pending.Id, approve: true, "ok"));
        }

        return saved;
    }

    /// <summary>Edits as <paramref name="by"/>: whatever is widened waits as a pending change.</summary>
    public static async Task<AssistantSaved> UpdateAsync(this ConsoleFixture console, string by, string name, AssistantInput input) =>
        Succeeded(await console.App.Services.GetRequiredService<AssistantInventory>().UpdateAsync(await console.CallerAsync(by), name, input));

    public static async Task<IssuedSecret> IssueSecretAsync(this ConsoleFixture console, string by, string name) =>
        Succeeded(await console.App.Services.GetRequiredService<AssistantInventory>().CreateSecretAsync(await console.CallerAsync(by), name, null, null));

    public static async Task<Caller> CallerAsync(this ConsoleFixture console, string name)
    {
        var user = await console.App.Services.GetRequiredService<UserStore>().FindByNameAsync(name);
        Assert.NotNull(user);
        return new Caller(Actor.User(user.Name), user.Id, user.Name, user.Roles.ToHashSet(StringComparer.Ordinal));
    }

    private static T Succeeded<T>(AgentConsole.Infrastructure.Web.Outcome<T> outcome)
    {
        Assert.True(outcome.IsSuccess, outcome.Error?.Detail);
        return outcome.Value!;
    }
}
