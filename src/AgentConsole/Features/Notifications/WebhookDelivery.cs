namespace AgentConsole.Features.Notifications;

/// <summary>One message to one webhook, and how sending it went.</summary>
public sealed class WebhookDelivery
{
    public required string Id { get; init; }

    public long WebhookId { get; init; }

    public string WebhookName { get; init; } = "";

    public required string Event { get; init; }

    public string? DecisionId { get; init; }

    /// <summary>The break-glass grant the notice is about, when it is about one.</summary>
    public string? GrantId { get; init; }

    public string Payload { get; init; } = "";

    public int Attempts { get; init; }

    public required string State { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public int? LastStatusCode { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}

public static class DeliveryStates
{
    /// <summary>Not tried yet.</summary>
    public const string Queued = "queued";

    /// <summary>A receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>The last attempt failed; another follows at next_attempt_at.</summary>
    public const string Failed = "failed";

    /// <summary>Every attempt failed; no more follow.</summary>
    public const string Abandoned = "abandoned";

    public static readonly IReadOnlyList<string> All = [Queued, Delivered, Failed, Abandoned];
}
