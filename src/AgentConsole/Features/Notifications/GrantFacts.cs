using System.Text.Json;

namespace AgentConsole.Features.Notifications;

/// <summary>
/// What a notification tells about a break-glass grant: which assistant gets which exception, for which incident,
/// asked by whom, and until when. Everyone on call hears of it; the grant's page has the rest.
/// </summary>
public sealed class GrantFacts
{
    public required string Id { get; init; }

    public required string Assistant { get; init; }

    public required string Owner { get; init; }

    public required string Tier { get; init; }

    public required string Team { get; init; }

    public required string RequestedBy { get; init; }

    public required string Incident { get; init; }

    public required string Justification { get; init; }

    public string Scopes { get; init; } = "[]";

    public string Environments { get; init; } = "[]";

    public string SkipApprovalFor { get; init; } = "[]";

    public required string State { get; init; }

    public string? EndReason { get; init; }

    public required string StartMode { get; init; }

    public int RenewalNumber { get; init; }

    public bool Flagged { get; init; }

    public int RepeatCount { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? EndedBy { get; init; }

    public DateTimeOffset? ReviewDueAt { get; init; }

    /// <summary>"scopes k8s:deploy; environments prod; approval skipped for terraform:apply on aws/prod/*".</summary>
    public string Exceptions
    {
        get
        {
            var parts = new List<string>();
            var scopes = JsonSerializer.Deserialize<List<string>>(Scopes) ?? [];
            var environments = JsonSerializer.Deserialize<List<string>>(Environments) ?? [];
            using var skips = JsonDocument.Parse(SkipApprovalFor);
            if (scopes.Count > 0)
            {
                parts.Add("scopes " + string.Join(", ", scopes));
            }

            if (environments.Count > 0)
            {
                parts.Add("environments " + string.Join(", ", environments));
            }

            var skipped = skips.RootElement.EnumerateArray()
                .Select(s => $"{s.GetProperty("action").GetString()} on {s.GetProperty("resource").GetString()}").ToList();
            if (skipped.Count > 0)
            {
                parts.Add("approval skipped for " + string.Join(", ", skipped));
            }

            return string.Join("; ", parts);
        }
    }
}
