using System.Text.Json;

namespace AgentConsole.Features.BreakGlass;

/// <summary>
/// One emergency exception for one assistant, as stored. Its clock starts when it is asked for:
/// <see cref="ExpiresAt"/> is <see cref="RequestedAt"/> plus the duration, whether it started at once or waited for
/// an approval. It is never extended; more time is a new grant that <see cref="RenewsId">renews</see> this one.
/// </summary>
public sealed class BreakGlassGrant
{
    public required string Id { get; init; }

    public long AssistantId { get; init; }

    /// <summary>Joined from the assistant.</summary>
    public string AssistantName { get; init; } = "";

    /// <summary>Joined from the assistant.</summary>
    public string Team { get; init; } = "";

    /// <summary>Joined from the assistant.</summary>
    public string RiskTier { get; init; } = "";

    public required string RequestedBy { get; init; }

    public long RequestedById { get; init; }

    public required string Justification { get; init; }

    public required string Incident { get; init; }

    public int DurationSeconds { get; init; }

    /// <summary>JSON array of extra scope names.</summary>
    public string Scopes { get; init; } = "[]";

    /// <summary>JSON array of extra environment names.</summary>
    public string Environments { get; init; } = "[]";

    /// <summary>JSON array of <see cref="SkipApproval"/>: action and resource globs whose approval is skipped.</summary>
    public string SkipApprovalFor { get; init; } = "[]";

    /// <summary>pending, active or ended (<see cref="BreakGlassStates"/>).</summary>
    public required string State { get; init; }

    /// <summary>Why it ended: expired, ended (early, by a person), rejected or lapsed (<see cref="BreakGlassEndReasons"/>).</summary>
    public string? EndReason { get; init; }

    public int PolicyVersion { get; init; }

    /// <summary>immediate or approval: what the policy said for the assistant's tier.</summary>
    public string StartMode { get; init; } = "";

    /// <summary>The grant this one asks more time after, if any.</summary>
    public string? RenewsId { get; init; }

    /// <summary>0 for a first request; n for the n-th renewal in a chain.</summary>
    public int RenewalNumber { get; init; }

    /// <summary>Grants for the same assistant sharing an exception within the policy's repeat window, this one included.</summary>
    public int RepeatCount { get; init; }

    /// <summary>More repeats than the policy allows: the exception is becoming permanent.</summary>
    public bool Flagged { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? EndedBy { get; init; }

    /// <summary>Set when a grant that was active ends: the review is overdue after it.</summary>
    public DateTimeOffset? ReviewDueAt { get; init; }

    /// <summary>appropriate, inappropriate or follow-up (<see cref="ReviewOutcomes"/>).</summary>
    public string? ReviewOutcome { get; init; }

    public string? ReviewNotes { get; init; }

    public string? ReviewedBy { get; init; }

    public DateTimeOffset? ReviewedAt { get; init; }

    // Parsed once: active grants are cached and asked about on decisions.
    public IReadOnlyList<string> ScopeList => field ??= JsonSerializer.Deserialize<List<string>>(Scopes) ?? [];

    public IReadOnlyList<string> EnvironmentList => field ??= JsonSerializer.Deserialize<List<string>>(Environments) ?? [];

    public IReadOnlyList<SkipApproval> SkipList => field ??= JsonSerializer.Deserialize<List<SkipApproval>>(SkipApprovalFor, JsonSerializerOptions.Web) ?? [];

    /// <summary>In force at <paramref name="now"/>: active and not yet expired. Expiry is checked here, not only by the sweeper.</summary>
    public bool IsInForce(DateTimeOffset now) => State == BreakGlassStates.Active && now < ExpiresAt;

    /// <summary>Ended after being active, and nobody has reviewed it yet.</summary>
    public bool AwaitsReview => StartedAt is not null && State == BreakGlassStates.Ended && ReviewOutcome is null;

    public bool IsReviewOverdue(DateTimeOffset now) => AwaitsReview && ReviewDueAt is { } due && due < now;
}

/// <summary>Approval skipped for an action and a resource (globs, as in policy rules).</summary>
public sealed record SkipApproval(string Action, string Resource);

public static class BreakGlassStates
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Ended = "ended";

    public static readonly IReadOnlyList<string> All = [Pending, Active, Ended];
}

public static class BreakGlassEndReasons
{
    /// <summary>Its time ran out.</summary>
    public const string Expired = "expired";

    /// <summary>The requester or security ended it early.</summary>
    public const string Ended = "ended";

    /// <summary>A pending request was refused by an approver.</summary>
    public const string Rejected = "rejected";

    /// <summary>A pending request reached its expiry without an approval.</summary>
    public const string Lapsed = "lapsed";
}

public static class ReviewOutcomes
{
    public const string Appropriate = "appropriate";
    public const string Inappropriate = "inappropriate";
    public const string FollowUp = "follow-up";

    public static readonly IReadOnlyList<string> All = [Appropriate, Inappropriate, FollowUp];
}
