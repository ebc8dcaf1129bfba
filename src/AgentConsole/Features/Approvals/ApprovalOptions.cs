namespace AgentConsole.Features.Approvals;

/// <summary>How the console asks people to approve: service levels, re-authentication, links. Section <c>Approvals</c>.</summary>
public sealed class ApprovalOptions
{
    /// <summary>
    /// How long a pending decision may wait for a verdict before it is overdue, per risk tier of the assistant.
    /// The queue counts down to it; an overdue request is escalated through the webhooks. Keep these shorter than
    /// <c>Decisions:PendingTimeout</c> (1 h by default), after which a request expires as a deny.
    /// </summary>
    public Dictionary<string, TimeSpan> Sla { get; set; } = new(StringComparer.Ordinal)
    {
        ["low"] = TimeSpan.FromMinutes(45),
        ["medium"] = TimeSpan.FromMinutes(30),
        ["high"] = TimeSpan.FromMinutes(15),
        ["critical"] = TimeSpan.FromMinutes(10),
    };

    /// <summary>Whether approving a request of a <c>critical</c> assistant asks the approver for their password again.</summary>
    public bool ReauthenticateCritical { get; set; } = true;

    /// <summary>
    /// The console's address as people reach it (e.g. <c>https://console.example.com</c>), for links in notifications.
    /// Empty: the first address the server listens on.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    public TimeSpan SlaFor(string tier) => Sla.TryGetValue(tier, out var sla) ? sla : TimeSpan.FromHours(1);
}
