using System.Text.Json;
using AgentConsole.Features.Decisions;

namespace AgentConsole.Features.Approvals;

/// <summary>A decision as an approver sees it: what the agent asks, whose agent it is, and how long it has waited.</summary>
public sealed class ApprovalRequest
{
    public required string Id { get; init; }

    public required string TaskId { get; init; }

    public long AssistantId { get; init; }

    public required string AssistantName { get; init; }

    public string AssistantDisplayName { get; init; } = "";

    public required string OwnerName { get; init; }

    public string? BackupOwnerName { get; init; }

    public string Team { get; init; } = "";

    public required string Tier { get; init; }

    public string? OnBehalfOf { get; init; }

    public string TaskDescription { get; init; } = "";

    /// <summary>JSON array of the tasks that handed the work down, the planner first.</summary>
    public string Chain { get; init; } = "[]";

    public IReadOnlyList<string> ChainList => JsonSerializer.Deserialize<List<string>>(Chain) ?? [];

    public required string Action { get; init; }

    public required string Resource { get; init; }

    public required string Environment { get; init; }

    public string? PlanDigest { get; init; }

    /// <summary>The plan's counted facts (<see cref="Policies.PlanFacts"/> as JSON), without its content.</summary>
    public string? PlanFactsJson { get; init; }

    public Policies.PlanFacts? PlanFacts => PlanFactsJson is null ? null : JsonSerializer.Deserialize<Policies.PlanFacts>(PlanFactsJson);

    public string? Prompt { get; init; }

    public string? ToolCall { get; init; }

    public required string State { get; init; }

    public required string Rule { get; init; }

    public required string Reason { get; init; }

    public int PolicyVersion { get; init; }

    public int ApprovalsRequired { get; init; }

    public string ApproverRoles { get; init; } = "[]";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Pending: when it turns into a deny.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    /// <summary>Verdicts given so far (filled after the query).</summary>
    public IReadOnlyList<Approval> Approvals { get; set; } = [];

    public IReadOnlyList<string> ApproverRoleList => JsonSerializer.Deserialize<List<string>>(ApproverRoles) ?? [];

    public bool IsPending => State == DecisionStates.Pending;

    public bool IsOwnedBy(string userName) =>
        string.Equals(OwnerName, userName, StringComparison.Ordinal) || string.Equals(BackupOwnerName, userName, StringComparison.Ordinal);

    public int ApprovedSoFar => Approvals.Count(a => a.Verdict == Verdicts.Approve);

    /// <summary>When the request is overdue: its SLA from the moment it was asked, or its expiry if that comes first.</summary>
    public DateTimeOffset DueAt(ApprovalOptions options)
    {
        var sla = CreatedAt + options.SlaFor(Tier);
        return ExpiresAt is { } expires && expires < sla ? expires : sla;
    }

    /// <summary>The same person checks as the API, on the fields the queue has (<see cref="ApprovalService.WhyNot"/>).</summary>
    public Decision AsDecision() => new()
    {
        Id = Id, TaskId = TaskId, AssistantId = AssistantId, AssistantName = AssistantName, OnBehalfOf = OnBehalfOf, Action = Action,
        Resource = Resource, Environment = Environment, PlanDigest = PlanDigest, State = State, Rule = Rule, Reason = Reason,
        ApprovalsRequired = ApprovalsRequired, ApproverRoles = ApproverRoles, CreatedAt = CreatedAt, ExpiresAt = ExpiresAt,
        DecidedAt = DecidedAt, DecidedBy = DecidedBy,
    };
}
