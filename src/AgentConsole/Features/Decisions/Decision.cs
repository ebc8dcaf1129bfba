using System.Text.Json;

namespace AgentConsole.Features.Decisions;

/// <summary>One decision as stored: what was asked, what policy said, and what happened after.</summary>
public sealed class Decision
{
    public required string Id { get; init; }

    public required string TaskId { get; init; }

    public long AssistantId { get; init; }

    public string AssistantName { get; init; } = "";

    public string? OnBehalfOf { get; init; }

    public required string Action { get; init; }

    public required string Resource { get; init; }

    public required string Environment { get; init; }

    public string? PlanDigest { get; init; }

    public string? Prompt { get; init; }

    public string? ToolCall { get; init; }

    public string? IdempotencyKey { get; init; }

    public required string State { get; init; }

    public required string Rule { get; init; }

    public required string Reason { get; init; }

    /// <summary>JSON array of every rule that matched.</summary>
    public string Matched { get; init; } = "[]";

    public int PolicyVersion { get; init; }

    public int ApprovalsRequired { get; init; }

    /// <summary>JSON array of the roles that may approve.</summary>
    public string ApproverRoles { get; init; } = "[]";

    public int ApprovalTtlSeconds { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    /// <summary>Pending: when it turns into a deny. Allowed or approved: when the receipt stops being valid.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Receipt { get; set; }

    public string? ResultStatus { get; init; }

    public DateTimeOffset? ResultAt { get; init; }

    public string? Result { get; init; }

    /// <summary>The break-glass grant this decision was made under (its task relied on it, or it skipped the approval).</summary>
    public string? BreakGlassId { get; init; }

    /// <summary>Joined from the grant: when it runs out. No receipt of this decision outlives it.</summary>
    public DateTimeOffset? BreakGlassExpiresAt { get; init; }

    /// <summary>Joined from the grant: when it ended, if it has.</summary>
    public DateTimeOffset? BreakGlassEndedAt { get; init; }

    /// <summary>When the decision's task ends: no receipt of this decision may outlive it.</summary>
    public DateTimeOffset TaskExpiresAt { get; init; }

    public IReadOnlyList<string> ApproverRoleList => JsonSerializer.Deserialize<List<string>>(ApproverRoles) ?? [];

    public IReadOnlyList<string> MatchedList => JsonSerializer.Deserialize<List<string>>(Matched) ?? [];

    /// <summary>The answer an agent sees: allow, deny or pending.</summary>
    public string Answer => DecisionStates.Answer(State);

    public bool IsAllowed => State is DecisionStates.Allowed or DecisionStates.Approved;
}

/// <summary>
/// Allowed (by policy) and approved (by people) are allows; denied (by policy), rejected (by a person) and
/// expired (nobody decided in time) are denies; pending waits.
/// </summary>
public static class DecisionStates
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Allowed, Denied, Pending, Approved, Rejected, Expired];

    public static string Answer(string state) => state switch
    {
        Allowed or Approved => "allow",
        Pending => "pending",
        _ => "deny",
    };
}

/// <summary>One person's verdict on a pending decision.</summary>
public sealed class Approval
{
    public long Id { get; init; }

    public required string DecisionId { get; init; }

    public long UserId { get; init; }

    public required string UserName { get; init; }

    public required string Verdict { get; init; }

    public string Comment { get; init; } = "";

    public DateTimeOffset DecidedAt { get; init; }
}

public static class Verdicts
{
    public const string Approve = "approve";
    public const string Deny = "deny";
}
