using System.Globalization;
using System.Text.Json;

namespace AgentConsole.Features.Notifications;

/// <summary>
/// The bodies sent to each format. They carry who asks to do what and a link to review it, never the plan, the
/// prompt or any secret: a chat channel is not the place to read a plan, the console is.
/// </summary>
public static class WebhookPayloads
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    public static string For(string format, string deliveryId, Notice notice) => format switch
    {
        WebhookFormats.Slack => JsonSerializer.Serialize(Slack(notice), Json),
        WebhookFormats.Teams => JsonSerializer.Serialize(Teams(notice), Json),
        _ => JsonSerializer.Serialize(Generic(deliveryId, notice), Json),
    };

    private static object Generic(string deliveryId, Notice notice) =>
        notice.Grant is { } grant ? BreakGlassNotices.Generic(deliveryId, notice, grant) : DecisionGeneric(deliveryId, notice);

    private static object DecisionGeneric(string deliveryId, Notice notice) => new
    {
        @event = notice.Event,
        deliveryId,
        decision = notice.Decision is not { } d ? null : new
        {
            id = d.Id,
            assistant = d.Assistant,
            owner = d.Owner,
            tier = d.Tier,
            environment = d.Environment,
            action = d.Action,
            resource = d.Resource,
            onBehalfOf = d.OnBehalfOf,
            rule = d.Rule,
            reason = d.Reason,
            approvalsRequired = d.ApprovalsRequired,
            createdAt = d.CreatedAt,
            slaDueAt = notice.SlaDueAt,
            expiresAt = d.ExpiresAt,
        },
        reviewUrl = notice.ReviewUrl,
    };

    private static object Slack(Notice notice) => new
    {
        text = Headline(notice),
        blocks = new object[]
        {
            new { type = "section", text = new { type = "mrkdwn", text = SlackEscape(Headline(notice)) + "\n" + SlackEscape(Details(notice)) } },
            new
            {
                type = "actions",
                elements = new object[]
                {
                    new { type = "button", text = new { type = "plain_text", text = notice.Grant is null ? "Review" : "Open" }, url = notice.ReviewUrl, style = "primary" },
                },
            },
        },
    };

    private static Dictionary<string, object?> Teams(Notice notice) => new Dictionary<string, object?>
    {
        ["@type"] = "MessageCard",
        ["@context"] = "https://schema.org/extensions",
        ["summary"] = Headline(notice),
        ["themeColor"] = notice.Event == WebhookEvents.Escalation || BreakGlassNotices.IsAlarm(notice.Event) ? "D13438" : "0078D7",
        ["title"] = Headline(notice),
        ["sections"] = new object[] { new { facts = Facts(notice).Select(f => new { name = f.Name, value = f.Value }).ToArray() } },
        ["potentialAction"] = new object[]
        {
            new Dictionary<string, object> { ["@type"] = "OpenUri", ["name"] = notice.Grant is null ? "Review" : "Open", ["targets"] = new[] { new { os = "default", uri = notice.ReviewUrl } } },
        },
    };

    private static string Headline(Notice notice) => (notice.Event, notice.Decision) switch
    {
        _ when notice.Grant is { } grant => BreakGlassNotices.Headline(notice.Event, grant),
        (_, null) => "AgentConsole test delivery: this webhook works.",
        (WebhookEvents.Escalation, { } d) => $"Overdue: {d.Assistant} still waits for approval of {d.Action} on {d.Resource} ({d.Environment})",
        (_, { } d) => $"{d.Assistant} asks for approval: {d.Action} on {d.Resource} ({d.Environment})",
    };

    private static string Details(Notice notice) => string.Join("\n", Facts(notice).Select(f => $"{f.Name}: {f.Value}"));

    private static IEnumerable<(string Name, string Value)> Facts(Notice notice)
    {
        if (notice.Grant is { } grant)
        {
            foreach (var fact in BreakGlassNotices.Facts(grant))
            {
                yield return fact;
            }

            yield break;
        }

        if (notice.Decision is not { } d)
        {
            yield break;
        }

        yield return ("Assistant", $"{d.Assistant} ({d.Tier} tier, owner {d.Owner})");
        if (d.OnBehalfOf is not null)
        {
            yield return ("On behalf of", d.OnBehalfOf);
        }

        yield return ("Rule", $"{d.Rule}: {d.Reason}");
        yield return ("Approvals required", d.ApprovalsRequired.ToString(CultureInfo.InvariantCulture));
        if (notice.SlaDueAt is { } due)
        {
            yield return ("Answer by", due.ToString("u", CultureInfo.InvariantCulture));
        }
    }

    // Slack's mrkdwn treats &, < and > as control characters.
    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
