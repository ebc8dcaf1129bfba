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
public sealed class BreakGlassQueries
{
    /// <summary>Grants in a state (pending, active, ended; null: all), newest first.</summary>
    public Task<IReadOnlyList<BreakGlassGrant>> ListAsync(Caller caller, string? state, int limit, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The grant if it exists and the caller may see it.</summary>
    public Task<BreakGlassGrant?> FindAsync(Caller caller, string id, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<GrantActivity?> ActivityAsync(Caller caller, string id, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Ended grants that were active and await review, overdue first.</summary>
    public Task<IReadOnlyList<BreakGlassGrant>> ReviewQueueAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<ExceptionReport> ReportAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
