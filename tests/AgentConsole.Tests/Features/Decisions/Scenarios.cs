using System.Net;
using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>The starting points the decision tests share: an agent at work, and a decision waiting for people.</summary>
public static class Scenarios
{
    /// <summary>The inventory people and deployer (dev and prod; terraform:plan and terraform:apply), as a Basic client.</summary>
    public static async Task<HttpClient> DeployerAsync(this ConsoleFactory app, string tier = RiskTiers.Low)
    {
        await app.AddInventoryPeopleAsync();
        return await app.AgentAsync("deployer", tier);
    }

    /// <summary>A task of deployer in <paramref name="environment"/> with both Terraform scopes.</summary>
    public static async Task<StartedTask> DeployerTaskAsync(this ConsoleFactory app, string environment = "dev", string? onBehalfOf = "olive",
        string tier = RiskTiers.Low, int ttlSeconds = 3600) =>
        await app.TaskAsync(await app.DeployerAsync(tier), environment, ["terraform:plan", "terraform:apply"], onBehalfOf, ttlSeconds);

    /// <summary>
    /// A prod apply of a non-destructive plan: pending for one approver (prod-writes-need-approval), or for two when
    /// deployer is critical tier (critical-tier-writes-need-two-approvers).
    /// </summary>
    public static async Task<(StartedTask Task, string DecisionId)> PendingDecisionAsync(this ConsoleFactory app, string? onBehalfOf = "olive",
        string tier = RiskTiers.Low, int ttlSeconds = 3600)
    {
        var task = await app.DeployerTaskAsync("prod", onBehalfOf, tier, ttlSeconds);
        var pending = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket)))
            .AssertStatus(HttpStatusCode.Accepted);
        Assert.Equal("pending", pending.Text("decision"));
        return (task, pending.Text("decisionId"));
    }

    /// <summary>The decision as its task sees it, waiting at most <paramref name="waitSeconds"/> while it is pending.</summary>
    public static async Task<ApiAnswer> PollAsync(this StartedTask task, string decisionId, int waitSeconds = 0) =>
        (await task.Client.CallAsync(HttpMethod.Get, $"/v1/decisions/{decisionId}?wait={waitSeconds}")).AssertStatus(HttpStatusCode.OK);

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
