namespace AgentConsole.Features.Notifications;

/// <summary>How webhooks are queued and sent. Section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    private static readonly TimeSpan[] DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
    ];

    /// <summary>
    /// Waits between attempts: the n-th retry waits the n-th entry (the last one repeats). Empty: 10 s, 30 s, 2 min,
    /// 10 min, 30 min. (Empty by default because configuration binding appends to an array instead of replacing it.)
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>Attempts before a delivery is abandoned.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>How long one POST may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox reads the audit log even without a signal (signals missed across restarts or nodes).</summary>
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the dispatcher looks for deliveries that have become due (retries).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed delivery is reserved for the node sending it; after that another node may retry it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan DelayAfter(int attempts)
    {
        var delays = RetryDelays.Length == 0 ? DefaultRetryDelays : RetryDelays;
        return delays[Math.Clamp(attempts - 1, 0, delays.Length - 1)];
    }
}
