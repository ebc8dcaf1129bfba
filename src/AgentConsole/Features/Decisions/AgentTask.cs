using System.Text.Json;

namespace AgentConsole.Features.Decisions;

/// <summary>A per-task credential as stored: never the token, only its hash.</summary>
public sealed class AgentTask
{
    public required string Id { get; init; }

    public long AssistantId { get; init; }

    public string AssistantName { get; init; } = "";

    public string RiskTier { get; init; } = "";

    public string Labels { get; init; } = "{}";

    public string AssistantStatus { get; init; } = "";

    public string TokenHash { get; init; } = "";

    public required string Description { get; init; }

    public required string Environment { get; init; }

    /// <summary>JSON array of scope names.</summary>
    public string Scopes { get; init; } = "[]";

    public string? OnBehalfOf { get; init; }

    public string? ParentTaskId { get; init; }

    /// <summary>JSON array of the ancestor task ids, root first.</summary>
    public string Chain { get; init; } = "[]";

    public string AuthenticatedBy { get; init; } = "";

    public required string State { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? EndedReason { get; init; }

    /// <summary>The break-glass grant this task's extra scopes or environment came from; the task ends with it.</summary>
    public string? BreakGlassId { get; init; }

    // Parsed once: a task is cached and asked about on every decision.
    public IReadOnlyList<string> ScopeList => field ??= JsonSerializer.Deserialize<List<string>>(Scopes) ?? [];

    public IReadOnlyList<string> ChainList => field ??= JsonSerializer.Deserialize<List<string>>(Chain) ?? [];

    public IReadOnlyDictionary<string, string> LabelMap =>
        field ??= JsonSerializer.Deserialize<SortedDictionary<string, string>>(Labels) ?? [];

    public bool IsUsable(DateTimeOffset now) => State == TaskStates.Active && ExpiresAt > now;
}

public static class TaskStates
{
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Revoked = "revoked";
    public const string Expired = "expired";
}
