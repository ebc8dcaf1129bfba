using System.Text.Json;

namespace AgentConsole.Features.Assistants;

/// <summary>An assistant as stored, with its owners' names, privileges and labels.</summary>
public sealed class Assistant
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    public string Description { get; init; } = "";

    public long OwnerId { get; init; }

    public required string OwnerName { get; init; }

    public bool OwnerDisabled { get; init; }

    public long? BackupOwnerId { get; init; }

    public string? BackupOwnerName { get; init; }

    public required string Team { get; init; }

    public required string RiskTier { get; init; }

    public required string Status { get; init; }

    public string Labels { get; init; } = "{}";

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastActivityAt { get; init; }

    public DateTimeOffset? LastReviewedAt { get; init; }

    public string? LastReviewedBy { get; init; }

    public DateTimeOffset NextReviewAt { get; init; }

    /// <summary>Filled by the store; not a column.</summary>
    public IReadOnlyList<string> Environments { get; set; } = [];

    public IReadOnlyList<string> Scopes { get; set; } = [];

    public bool HasLongLivedSecret { get; init; }

    public long PendingChanges { get; init; }

    public IReadOnlyDictionary<string, string> LabelMap =>
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(Labels) ?? [];

    public Privileges Privileges => Assistants.Privileges.Of(RiskTier, Environments, Scopes);

    public bool IsOwnedBy(string userName) =>
        string.Equals(OwnerName, userName, StringComparison.Ordinal) || string.Equals(BackupOwnerName, userName, StringComparison.Ordinal);

    /// <summary>The flags an engineer should look at, in a fixed order.</summary>
    public IReadOnlyList<string> Flags(DateTimeOffset now, InventoryOptions options)
    {
        var flags = new List<string>();
        if (Status == AssistantStatus.Retired)
        {
            return flags;
        }

        if (NextReviewAt <= now)
        {
            flags.Add(AssistantFlags.Overdue);
        }

        if (Status == AssistantStatus.Active && (LastActivityAt ?? CreatedAt) <= now.AddDays(-options.IdleAfterDays))
        {
            flags.Add(AssistantFlags.Idle);
        }

        if (OwnerDisabled)
        {
            flags.Add(AssistantFlags.Orphaned);
        }

        if (HasLongLivedSecret)
        {
            flags.Add(AssistantFlags.LongLivedSecret);
        }

        if (PendingChanges > 0)
        {
            flags.Add(AssistantFlags.Pending);
        }

        return flags;
    }

    /// <summary>The fields a person edits and the history compares, in display order.</summary>
    public SortedDictionary<string, object?> Snapshot() => new(StringComparer.Ordinal)
    {
        ["displayName"] = DisplayName,
        ["description"] = Description,
        ["owner"] = OwnerName,
        ["backupOwner"] = BackupOwnerName,
        ["team"] = Team,
        ["riskTier"] = RiskTier,
        ["status"] = Status,
        ["environments"] = Environments,
        ["scopes"] = Scopes,
        ["labels"] = LabelMap,
    };
}

/// <summary>A widening change waiting for (or after) a decision.</summary>
public sealed class AssistantChange
{
    public long Id { get; init; }

    public long AssistantId { get; init; }

    public string AssistantName { get; init; } = "";

    public required string State { get; init; }

    public string? RiskTier { get; init; }

    public string AddScopes { get; init; } = "[]";

    public string AddEnvironments { get; init; } = "[]";

    public string Reason { get; init; } = "";

    public required string RequestedBy { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecisionComment { get; init; }

    public PendingGrant PendingGrant => new(RiskTier,
        JsonSerializer.Deserialize<List<string>>(AddEnvironments) ?? [],
        JsonSerializer.Deserialize<List<string>>(AddScopes) ?? []);
}

public static class ChangeStates
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Pending, Approved, Rejected];
}

/// <summary>A console-issued client secret as listed: never the secret, only its first characters.</summary>
public sealed class AssistantSecret
{
    public long Id { get; init; }

    public long AssistantId { get; init; }

    public required string Prefix { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedReason { get; init; }

    public long? ReplacedBy { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public bool IsValid(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public string State(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : ReplacedBy is not null ? "rotating" : "active";

    public bool IsLongLived(DateTimeOffset now, InventoryOptions options) => IsValid(now) && CreatedAt <= now.AddDays(-options.SecretMaxAgeDays);
}

public sealed record IssuedSecret(AssistantSecret Secret, string Value);

public sealed class TrustedIssuer
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public required string Issuer { get; init; }

    public string? DiscoveryUrl { get; init; }

    public string? JwksUrl { get; init; }

    public required string Audience { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class WorkloadIdentity
{
    public long Id { get; init; }

    public long AssistantId { get; init; }

    public long IssuerId { get; init; }

    public required string IssuerName { get; init; }

    public required string Issuer { get; init; }

    public required string Subject { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
