using System.Text.Json;

namespace AgentConsole.Features.Decisions;

/// <summary>What an agent asks before it acts.</summary>
public sealed record DecisionRequest(
    string? Action,
    string? Resource,
    PlanInput? Plan,
    string? Prompt,
    JsonElement? ToolCall,
    string? IdempotencyKey);

/// <summary>The exact plan the action would carry out: <c>format</c> is terraform, kubernetes, json or text.</summary>
public sealed record PlanInput(string? Format, string? Content);

/// <summary>What the agent reports once it has acted.</summary>
public sealed record ResultRequest(string? Status, string? PlanDigest, IReadOnlyList<Artefact>? Artefacts, string? Output);

/// <summary>Something the action produced, e.g. a Terraform state version or a deployment revision.</summary>
public sealed record Artefact(string? Kind, string? Id, string? Uri);

/// <summary>
/// The answer to an agent: <c>allow</c> with a signed receipt, <c>deny</c> with the reason and the rule, or
/// <c>pending</c> with where to wait.
/// </summary>
public sealed record DecisionAnswer(
    string Decision,
    string DecisionId,
    string State,
    string? Reason,
    string? Rule,
    int PolicyVersion,
    string? Receipt,
    string? PlanDigest,
    DateTimeOffset? ExpiresAt,
    string? WaitUrl,
    int? ApprovalsRequired,
    IReadOnlyList<string>? ApprovedBy,
    DecisionGrant? BreakGlass = null)
{
    public static DecisionAnswer From(Decision d, IReadOnlyList<string>? approvedBy = null) => new(
        d.Answer,
        d.Id,
        d.State,
        d.IsAllowed ? null : d.Reason,
        d.Rule,
        d.PolicyVersion,
        d.IsAllowed ? d.Receipt : null,
        d.PlanDigest,
        d.State is DecisionStates.Denied or DecisionStates.Rejected or DecisionStates.Expired ? null : d.ExpiresAt,
        d.State == DecisionStates.Pending ? $"/v1/decisions/{d.Id}?wait=60" : null,
        d.ApprovalsRequired > 0 ? d.ApprovalsRequired : null,
        approvedBy,
        d.BreakGlassId is { } grant ? new DecisionGrant(grant, d.BreakGlassExpiresAt) : null);
}

/// <summary>The break-glass grant a decision was made under, and when it runs out.</summary>
public sealed record DecisionGrant(string Id, DateTimeOffset? ExpiresAt);
