using System.Globalization;
using System.Text.Json;
using AgentConsole.Features.Decisions;

namespace AgentConsole.Features.BreakGlass;

/// <summary>How the pages and the banner word a grant: what it allows, its state, its time left.</summary>
public static class BreakGlassText
{
    /// <summary>What the grant allows beyond the assistant's normal privileges, one short phrase per exception.</summary>
    public static IReadOnlyList<string> Exceptions(BreakGlassGrant grant) =>
    [
        .. grant.ScopeList.Select(s => $"scope {s}"),
        .. grant.EnvironmentList.Select(e => $"environment {e}"),
        .. grant.SkipList.Select(s => $"no approval for {s.Action} on {s.Resource}"),
    ];

    public static string Summary(BreakGlassGrant grant) =>
        Exceptions(grant) is { Count: > 0 } all ? string.Join("; ", all) : "no exception named";

    /// <summary>"active", "waiting for approval", "expired", "ended early", "rejected", "lapsed".</summary>
    public static string State(BreakGlassGrant grant, DateTimeOffset now) => grant.State switch
    {
        BreakGlassStates.Active when !grant.IsInForce(now) => "expired",
        BreakGlassStates.Active => "active",
        BreakGlassStates.Pending when now >= grant.ExpiresAt => "lapsed",
        BreakGlassStates.Pending => "waiting for approval",
        _ => grant.EndReason switch
        {
            BreakGlassEndReasons.Ended => "ended early",
            null => "ended",
            var reason => reason,
        },
    };

    /// <summary>A CSS suffix for the state badge.</summary>
    public static string StateClass(BreakGlassGrant grant, DateTimeOffset now) => grant.IsInForce(now)
        ? "active"
        : grant.State == BreakGlassStates.Pending && now < grant.ExpiresAt ? "pending" : "ended";

    /// <summary>"12:34" under an hour, "1:02:03" above: what the live countdown shows too.</summary>
    public static string Clock(TimeSpan left)
    {
        var seconds = Math.Max(0, (long)Math.Ceiling(left.TotalSeconds));
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds % 3600 / 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    /// <summary>"15 min", "2 h", "90 s": a requested duration.</summary>
    public static string Duration(int seconds) => seconds switch
    {
        < 60 => $"{seconds} s",
        _ when seconds % 3600 == 0 => $"{seconds / 3600} h",
        _ when seconds % 60 == 0 => $"{seconds / 60} min",
        < 3600 => $"{seconds / 60} min {seconds % 60} s",
        _ => $"{seconds / 3600} h {seconds % 3600 / 60} min",
    };

    /// <summary>An ISO 8601 instant for data attributes the countdown reads.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The artefacts a decision's result names (kind, id, optional link).</summary>
    public static IReadOnlyList<Artefact> Artefacts(Decision decision)
    {
        if (string.IsNullOrEmpty(decision.Result))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(decision.Result);
            return document.RootElement.TryGetProperty("artefacts", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.Deserialize<List<Artefact>>(JsonSerializerOptions.Web) ?? []
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// The few facts of an audited step a reader needs beside its action (why, the comment or review, tasks revoked);
    /// the rest of the payload repeats what the page already shows.
    /// </summary>
    public static string HistoryDetails(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "";
            }

            var facts = new List<string>();
            foreach (var key in new[] { "reason", "comment", "outcome", "notes" })
            {
                if (document.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    facts.Add(key == "reason" ? text : $"{key}: {text}");
                }
            }

            if (document.RootElement.TryGetProperty("revokedTasks", out var revoked) && revoked.ValueKind == JsonValueKind.Array && revoked.GetArrayLength() > 0)
            {
                facts.Add($"{revoked.GetArrayLength()} task{(revoked.GetArrayLength() == 1 ? "" : "s")} revoked");
            }

            if (document.RootElement.TryGetProperty("withdrawn", out var withdrawn) && withdrawn.ValueKind == JsonValueKind.True)
            {
                facts.Add("withdrawn before it started");
            }

            return string.Join("; ", facts);
        }
        catch (JsonException)
        {
            return details;
        }
    }

    /// <summary>Only http(s) links become anchors: an artefact's uri comes from an agent.</summary>
    public static bool IsWebLink(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp);
}
