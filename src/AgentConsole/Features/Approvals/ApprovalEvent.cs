using System.Text.Json.Serialization;

namespace AgentConsole.Features.Approvals;

/// <summary>
/// One step of an approval, pushed live to open pages. <see cref="Id"/> is the audit sequence number of the step, so a
/// page that lost its connection asks for what came after the last id it saw and misses nothing.
/// </summary>
public sealed class ApprovalEvent
{
    public long Id { get; init; }

    /// <summary>pending, approve, deny, approved, rejected or expired.</summary>
    public string Kind => Action[(Action.IndexOf('.', StringComparison.Ordinal) + 1)..];

    [JsonIgnore]
    public string Action { get; init; } = "";

    public string DecisionId { get; init; } = "";

    /// <summary>Who acted (a person's name; the assistant's for a new request; "system" for an expiry).</summary>
    public string Actor { get; init; } = "";

    public DateTimeOffset At { get; init; }

    [JsonIgnore]
    public string? OwnerName { get; init; }

    [JsonIgnore]
    public string? BackupOwnerName { get; init; }

    /// <summary>Whether the step ends the request (it leaves the queue).</summary>
    public bool Settles => Kind is "approved" or "rejected" or "expired";
}
