using System.Globalization;
using System.Text.Json;

namespace AgentConsole.Features.BreakGlass;

/// <summary>The API's JSON shapes of grants, what was done under them, and the exception report (also as CSV).</summary>
public static class BreakGlassViews
{
    public static object Grant(BreakGlassGrant g, DateTimeOffset now) => new
    {
        id = g.Id,
        assistant = g.AssistantName,
        team = g.Team,
        riskTier = g.RiskTier,
        state = g.State,
        endReason = g.EndReason,
        inForce = g.IsInForce(now),
        requestedBy = g.RequestedBy,
        justification = g.Justification,
        incident = g.Incident,
        durationSeconds = g.DurationSeconds,
        scopes = g.ScopeList,
        environments = g.EnvironmentList,
        skipApprovalFor = g.SkipList,
        startMode = g.StartMode,
        policyVersion = g.PolicyVersion,
        renews = g.RenewsId,
        renewalNumber = g.RenewalNumber,
        repeatCount = g.RepeatCount,
        flagged = g.Flagged,
        flag = g.Flagged
            ? $"becoming permanent: {g.RepeatCount} grants for {g.AssistantName} with the same exception within the policy's repeat window"
            : null,
        requestedAt = g.RequestedAt,
        expiresAt = g.ExpiresAt,
        secondsLeft = g.IsInForce(now) || g.State == BreakGlassStates.Pending ? Math.Max(0, (long)Math.Ceiling((g.ExpiresAt - now).TotalSeconds)) : (long?)null,
        approvedBy = g.ApprovedBy,
        approvedAt = g.ApprovedAt,
        startedAt = g.StartedAt,
        endedAt = g.EndedAt,
        endedBy = g.EndedBy,
        reviewDueAt = g.ReviewDueAt,
        reviewOverdue = g.IsReviewOverdue(now),
        review = g.ReviewOutcome is null ? null : new { outcome = g.ReviewOutcome, notes = g.ReviewNotes, by = g.ReviewedBy, at = g.ReviewedAt },
        link = $"/break-glass/{Uri.EscapeDataString(g.Id)}",
    };

    public static object Activity(GrantActivity activity, DateTimeOffset now) => new
    {
        grant = Grant(activity.Grant, now),
        tasks = activity.Tasks.Select(t => new
        {
            taskId = t.Id, t.Description, t.Environment, scopes = t.ScopeList, t.OnBehalfOf, t.State, t.IssuedAt, t.ExpiresAt, t.EndedAt, t.EndedReason,
        }),
        decisions = activity.Decisions.Select(d => new
        {
            decisionId = d.Id,
            d.TaskId,
            decision = d.Answer,
            d.State,
            d.Action,
            d.Resource,
            d.Environment,
            d.Rule,
            d.Reason,
            d.PlanDigest,
            d.CreatedAt,
            d.DecidedBy,
            d.DecidedAt,
            d.ResultStatus,
            d.ResultAt,
            result = Json(d.Result),
        }),
        history = activity.History.Select(h => new { h.Seq, at = h.At, actor = h.Actor, action = h.Action, details = Json(h.Details) }),
        chain = activity.Chain.Select(c => new { id = c.Id, c.State, c.EndReason, c.RenewalNumber, c.RequestedAt, c.ExpiresAt, current = c.Id == activity.Grant.Id }),
    };

    public static object Report(ExceptionReport report) => new
    {
        from = report.From,
        to = report.To,
        rows = report.Rows.Select(r => new
        {
            week = r.Week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            team = r.Team,
            assistant = r.Assistant,
            grants = r.Grants,
            renewals = r.Renewals,
            flagged = r.Flagged,
            hours = r.Hours,
            inappropriate = r.Inappropriate,
        }),
    };

    private static JsonElement? Json(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
