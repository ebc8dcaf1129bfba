namespace AgentConsole.Features.Notifications;

/// <summary>An address that hears about decisions waiting for people. The secret is never read into this type.</summary>
public sealed class Webhook
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public required string Url { get; init; }

    public required string Format { get; init; }

    public bool OnPending { get; init; }

    public bool OnEscalation { get; init; }

    public bool Enabled { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<string> Events => [.. new[] { (OnPending, WebhookEvents.Pending), (OnEscalation, WebhookEvents.Escalation) }
        .Where(e => e.Item1).Select(e => e.Item2)];
}

/// <summary>Body shapes: our own JSON, or what Slack and Teams incoming webhooks accept.</summary>
public static class WebhookFormats
{
    public const string Generic = "generic";
    public const string Slack = "slack";
    public const string Teams = "teams";

    public static readonly IReadOnlyList<string> All = [Generic, Slack, Teams];
}

public static class WebhookEvents
{
    /// <summary>A decision started waiting for approval.</summary>
    public const string Pending = "pending";

    /// <summary>A pending decision is past its service level.</summary>
    public const string Escalation = "escalation";

    /// <summary>Sent from the settings page to check the receiver.</summary>
    public const string Test = "test";

    /// <summary>A break-glass grant is in force: sent to every enabled webhook ("everyone notified").</summary>
    public const string BreakGlassStarted = "break-glass.started";

    /// <summary>A break-glass request waits for its one approval: sent to the webhooks that take pending requests.</summary>
    public const string BreakGlassPending = "break-glass.pending";

    /// <summary>A grant was ended early, or a request withdrawn, rejected or lapsed: every enabled webhook.</summary>
    public const string BreakGlassEnded = "break-glass.ended";

    /// <summary>A grant's time ran out: every enabled webhook.</summary>
    public const string BreakGlassExpired = "break-glass.expired";

    public static bool IsBreakGlass(string @event) => @event.StartsWith("break-glass.", StringComparison.Ordinal);
}
