using System.Globalization;
using System.Text.Json;
using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Features.Assistants;

/// <summary>An audit event about an assistant, read for people: what changed field by field, and the other details.</summary>
public sealed record HistoryEntry(long Seq, DateTimeOffset At, string Who, string What, IReadOnlyList<FieldChange> Changes, IReadOnlyList<(string Key, string Value)> Details)
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["displayName"] = "Display name", ["description"] = "Description", ["owner"] = "Owner", ["backupOwner"] = "Backup owner",
        ["team"] = "Team", ["riskTier"] = "Risk tier", ["status"] = "Status", ["environments"] = "Environments", ["scopes"] = "Scopes",
        ["labels"] = "Labels",
    };

    public static HistoryEntry From(AuditEvent e)
    {
        using var document = JsonDocument.Parse(e.Payload);
        var root = document.RootElement;
        var changes = new List<FieldChange>();
        var details = new List<(string, string)>();
        if (root.ValueKind == JsonValueKind.Object)
        {
            var before = root.TryGetProperty("before", out var b) && b.ValueKind == JsonValueKind.Object ? b : default;
            var after = root.TryGetProperty("after", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            if (after.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in after.EnumerateObject())
                {
                    var old = before.ValueKind == JsonValueKind.Object && before.TryGetProperty(field.Name, out var o) ? Show(o) : null;
                    var now = Show(field.Value);
                    if (old != now && !(old is null && now == ""))
                    {
                        changes.Add(new FieldChange(Labels.GetValueOrDefault(field.Name, field.Name), old, now));
                    }
                }
            }

            foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("before" or "after")))
            {
                var value = Show(property.Value);
                if (!string.IsNullOrEmpty(value) && value != "0")
                {
                    details.Add((property.Name, value));
                }
            }
        }

        return new HistoryEntry(e.Seq, e.OccurredAt, e.ActorId, Describe(e.Action), changes, details);
    }

    private static string Describe(string action) => action switch
    {
        "assistant.created" => "registered",
        "assistant.updated" => "changed",
        "assistant.change_requested" => "asked for wider access",
        "assistant.change_approved" => "approved a change",
        "assistant.change_rejected" => "rejected a change",
        "assistant.suspended" => "suspended",
        "assistant.resumed" => "resumed",
        "assistant.retired" => "retired",
        "assistant.recertified" => "recertified",
        "assistant.secret_created" => "issued a client secret",
        "assistant.secret_rotated" => "rotated a client secret",
        "assistant.secret_revoked" => "revoked a client secret",
        "assistant.identity_bound" => "bound a workload identity",
        "assistant.identity_unbound" => "removed a workload identity",
        _ => action,
    };

    private static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Show)),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}={Show(p.Value)}")),
        _ => value.GetRawText(),
    };
}

public sealed record FieldChange(string Field, string? Before, string After);

public static class Formats
{
    public static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";

    public static string Day(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never";

    /// <summary>"3 days", "5 h", "12 min": how long ago or how long until.</summary>
    public static string Span(TimeSpan span)
    {
        span = span.Duration();
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d" : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h" : $"{Math.Max(1, (int)span.TotalMinutes)} min";
    }
}
