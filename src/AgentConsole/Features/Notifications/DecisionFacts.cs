namespace AgentConsole.Features.Notifications;

/// <summary>What a notification tells about a decision: who asks to do what, where, and until when. No plan, no prompt.</summary>
public sealed class DecisionFacts
{
    public required string Id { get; init; }

    public required string Assistant { get; init; }

    public required string Owner { get; init; }

    public required string Tier { get; init; }

    public required string Environment { get; init; }

    public required string Action { get; init; }

    public required string Resource { get; init; }

    public string? OnBehalfOf { get; init; }

    public required string Rule { get; init; }

    public required string Reason { get; init; }

    public int ApprovalsRequired { get; init; }

    public required string State { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A message ready to queue: the facts (a decision's or a break-glass grant's), when the service level runs out, and where to review.</summary>
public sealed record Notice(string Event, DecisionFacts? Decision, DateTimeOffset? SlaDueAt, string ReviewUrl, GrantFacts? Grant = null);
