using AgentConsole.Features.Assistants;
using AgentConsole.Features.Decisions;

namespace AgentConsole.Features.BreakGlass;

/// <summary>Everything done under a grant: tasks that relied on it, decisions that cite it (with plans, results and artefacts), and its own history.</summary>
public sealed record GrantActivity(
    BreakGlassGrant Grant,
    IReadOnlyList<AgentTask> Tasks,
    IReadOnlyList<Decision> Decisions,
    IReadOnlyList<GrantHistoryEntry> History,
    IReadOnlyList<BreakGlassGrant> Chain);

/// <summary>One audited step of a grant: requested, approved, rejected, started, ended, expired, reviewed.</summary>
public sealed record GrantHistoryEntry(long Seq, DateTimeOffset At, string Actor, string Action, string Details);

/// <summary>Exceptions over time: one row per week, team and assistant.</summary>
public sealed record ExceptionReportRow(DateOnly Week, string Team, string Assistant, int Grants, int Renewals, int Flagged, double Hours, int Inappropriate);

public sealed record ExceptionReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ExceptionReportRow> Rows);

/// <summary>Reads grants for the pages and the API, limited to what the caller may see.</summary>
public sealed class BreakGlassQueries(BreakGlassStore store, AssistantStore assistants, TimeProvider time)
{
    /// <summary>Grants in a state (pending, active, ended; null: all), newest first.</summary>
    public Task<IReadOnlyList<BreakGlassGrant>> ListAsync(Caller caller, string? state, int limit, CancellationToken cancellationToken = default) =>
        store.ListAsync(caller.SeesAll ? null : caller.UserId, state, limit, cancellationToken);

    /// <summary>The grant if it exists and the caller may see it.</summary>
    public async Task<BreakGlassGrant?> FindAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        var grant = await store.FindAsync(id, cancellationToken);
        if (grant is null || caller.SeesAll || grant.RequestedById == caller.UserId)
        {
            return grant;
        }

        var assistant = await assistants.FindAsync(grant.AssistantName, time.GetUtcNow(), cancellationToken);
        return assistant is not null && BreakGlassRules.MaySee(caller, grant, assistant) ? grant : null;
    }

    public async Task<GrantActivity?> ActivityAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(caller, id, cancellationToken) is not { } grant)
        {
            return null;
        }

        var history = (await store.HistoryAsync(id, cancellationToken))
            .Select(e => new GrantHistoryEntry(e.Seq, e.OccurredAt, ActorName(e.ActorKind, e.ActorId), e.Action, e.Payload))
            .ToList();
        return new GrantActivity(grant, await store.TasksAsync(id, cancellationToken), await store.DecisionsAsync(id, cancellationToken), history,
            await ChainAsync(grant, cancellationToken));
    }

    /// <summary>Ended grants that were active and await review, overdue first.</summary>
    public Task<IReadOnlyList<BreakGlassGrant>> ReviewQueueAsync(CancellationToken cancellationToken = default) =>
        store.AwaitingReviewAsync(cancellationToken);

    /// <summary>Grants asked for in [from, to), per ISO week (starting Monday, UTC), team and assistant.</summary>
    public async Task<ExceptionReport> ReportAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var grants = await store.RequestedBetweenAsync(from, to, cancellationToken);
        var rows = grants
            .GroupBy(g => (Week: WeekOf(g.RequestedAt), g.Team, g.AssistantName))
            .Select(group => new ExceptionReportRow(
                group.Key.Week,
                group.Key.Team,
                group.Key.AssistantName,
                group.Count(),
                group.Count(g => g.RenewalNumber > 0),
                group.Count(g => g.Flagged),
                Math.Round(group.Sum(ActiveHours), 2),
                group.Count(g => g.ReviewOutcome == ReviewOutcomes.Inappropriate)))
            .OrderBy(r => r.Week).ThenBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.Assistant, StringComparer.Ordinal)
            .ToList();
        return new ExceptionReport(from, to, rows);
    }

    /// <summary>The Monday of the ISO week the instant falls in (UTC).</summary>
    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>How long the grant was really in force: from its start to its end (or its expiry); never for a request that did not start.</summary>
    public static double ActiveHours(BreakGlassGrant grant)
    {
        if (grant.StartedAt is not { } started)
        {
            return 0;
        }

        var end = grant.EndedAt is { } ended && ended < grant.ExpiresAt ? ended : grant.ExpiresAt;
        return Math.Max(0, (end - started).TotalHours);
    }

    /// <summary>Every grant linked to this one by renewals, back and forth, itself included, oldest first.</summary>
    private async Task<IReadOnlyList<BreakGlassGrant>> ChainAsync(BreakGlassGrant grant, CancellationToken cancellationToken)
    {
        var all = await store.ForAssistantAsync(grant.AssistantId, DateTimeOffset.UnixEpoch, cancellationToken);
        var byId = all.ToDictionary(g => g.Id, StringComparer.Ordinal);
        var chain = new HashSet<string>(StringComparer.Ordinal) { grant.Id };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var g in all)
            {
                var linked = chain.Contains(g.Id) ? g.RenewsId is { } previous && byId.ContainsKey(previous) && chain.Add(previous)
                    : g.RenewsId is { } renews && chain.Contains(renews) && chain.Add(g.Id);
                grew |= linked;
            }
        }

        return all.Where(g => chain.Contains(g.Id)).OrderBy(g => g.RequestedAt).ToList();
    }

    private static string ActorName(string kind, string id) => kind switch
    {
        "user" => id,
        "system" => "console",
        _ => $"{kind}:{id}",
    };
}
