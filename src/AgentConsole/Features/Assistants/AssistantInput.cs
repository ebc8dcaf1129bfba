namespace AgentConsole.Features.Assistants;

/// <summary>
/// The fields of an assistant as a person or a script sends them. On create, null means "not given";
/// on update, null leaves a field as it is and an empty backup owner removes it.
/// Environments, scopes and labels are whole sets: what is left out is taken away.
/// </summary>
public sealed record AssistantInput
{
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public string? Owner { get; init; }

    public string? BackupOwner { get; init; }

    public string? Team { get; init; }

    public string? RiskTier { get; init; }

    public IReadOnlyList<string>? Environments { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Why the change is wanted; shown to whoever approves its widening part.</summary>
    public string? Reason { get; init; }
}

/// <summary>An assistant after a create or an update, with the widening part that now waits (if any).</summary>
public sealed record AssistantSaved(Assistant Assistant, AssistantChange? Pending);

/// <summary>Takes away what an assistant relies on (e.g. its open tasks) when it is suspended or retired.</summary>
public interface IAssistantRevocation
{
    /// <summary>Revokes inside the same unit of work; returns how many things were revoked, for the audit record.</summary>
    Task<int> RevokeAsync(Infrastructure.Storage.UnitOfWork unit, Assistant assistant, string reason, DateTimeOffset now);
}
