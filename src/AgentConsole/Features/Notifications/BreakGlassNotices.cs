using System.Globalization;

namespace AgentConsole.Features.Notifications;

/// <summary>What break-glass notices say: the generic JSON body, the headline and the facts chat formats show.</summary>
public static class BreakGlassNotices
{
    public static object Generic(string deliveryId, Notice notice, GrantFacts g) => new
    {
        @event = notice.Event,
        deliveryId,
        grant = new
        {
            id = g.Id,
            assistant = g.Assistant,
            owner = g.Owner,
            tier = g.Tier,
            team = g.Team,
            requestedBy = g.RequestedBy,
            incident = g.Incident,
            justification = g.Justification,
            exceptions = g.Exceptions,
            state = g.State,
            endReason = g.EndReason,
            startMode = g.StartMode,
            renewalNumber = g.RenewalNumber,
            flagged = g.Flagged,
            repeatCount = g.RepeatCount,
            requestedAt = g.RequestedAt,
            expiresAt = g.ExpiresAt,
            endedAt = g.EndedAt,
            endedBy = g.EndedBy,
            reviewDueAt = g.ReviewDueAt,
        },
        url = notice.ReviewUrl,
    };

    public static string Headline(string @event, GrantFacts g) => @event switch
    {
        WebhookEvents.BreakGlassStarted => $"Break-glass started: {g.Assistant} has {g.Exceptions} until {When(g.ExpiresAt)} ({g.Incident})",
        WebhookEvents.BreakGlassPending => $"Break-glass request waits for approval: {g.Assistant} asks for {g.Exceptions} ({g.Incident})",
        WebhookEvents.BreakGlassExpired => $"Break-glass expired: {g.Assistant} no longer has {g.Exceptions} ({g.Incident})",
        _ => $"Break-glass {Ended(g)}: {g.Assistant}, {g.Exceptions} ({g.Incident})",
    };

    public static IEnumerable<(string Name, string Value)> Facts(GrantFacts g)
    {
        yield return ("Assistant", $"{g.Assistant} ({g.Tier} tier, team {g.Team}, owner {g.Owner})");
        yield return ("Asked by", g.RequestedBy);
        yield return ("Why", g.Justification);
        yield return ("Until", When(g.ExpiresAt));
        if (g.RenewalNumber > 0)
        {
            yield return ("Renewal", g.RenewalNumber.ToString(CultureInfo.InvariantCulture));
        }

        if (g.Flagged)
        {
            yield return ("Flagged", $"becoming permanent: {g.RepeatCount.ToString(CultureInfo.InvariantCulture)} grants with the same exception recently");
        }

        if (g.ReviewDueAt is { } due)
        {
            yield return ("Review due", When(due));
        }
    }

    public static bool IsAlarm(string @event) => @event is WebhookEvents.BreakGlassStarted or WebhookEvents.BreakGlassPending;

    private static string Ended(GrantFacts g) => g.EndReason switch
    {
        "rejected" => $"request rejected by {g.EndedBy}",
        "lapsed" => "request lapsed unapproved",
        _ when g.ReviewDueAt is null => $"request withdrawn by {g.EndedBy}",
        _ => $"ended early by {g.EndedBy}",
    };

    private static string When(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);
}
