using AgentConsole.Features.Decisions;
using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.BreakGlass;

/// <summary>Reads and writes break-glass grants. Writes take the caller's unit of work so they commit with their audit records.</summary>
public sealed class BreakGlassStore(Database database)
{
    private ISqlDialect Dialect => database.Dialect;

    private string Sql(string name) => SqlText.For<BreakGlassStore>(name, Dialect);

    public Task<BreakGlassGrant?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<BreakGlassGrant>(Sql("SelectGrant") + " WHERE g.id = @Id", new { Id = id }, cancellationToken);

    /// <summary>Locks the grant's row until the transaction ends (PostgreSQL; SQLite's write transaction already serializes) and reads it.</summary>
    public async Task<BreakGlassGrant?> LockAsync(UnitOfWork unit, string id)
    {
        var found = await unit.Connection.QuerySingleOrDefaultAsync<string>(Sql("LockGrant"), new { Id = id }, unit.Transaction);
        return found is null
            ? null
            : await unit.Connection.QuerySingleOrDefaultAsync<BreakGlassGrant>(Sql("SelectGrant") + " WHERE g.id = @Id", new { Id = id }, unit.Transaction);
    }

    /// <summary>Every grant in the active state (some may be past their expiry until the sweeper ends them).</summary>
    public async Task<IReadOnlyList<BreakGlassGrant>> ActiveAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync<BreakGlassGrant>(Sql("SelectGrant") + " WHERE g.state = @State ORDER BY g.expires_at",
            new { State = BreakGlassStates.Active }, cancellationToken);

    /// <summary>Grants in a state (null: all), newest first; with <paramref name="visibleTo"/>, only those of assistants that user owns or backs up, or that they asked for.</summary>
    public async Task<IReadOnlyList<BreakGlassGrant>> ListAsync(long? visibleTo, string? state, int limit, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        if (visibleTo is not null)
        {
            where.Add("(a.owner_id = @UserId OR a.backup_owner_id = @UserId OR g.requested_by_id = @UserId)");
        }

        if (state is not null)
        {
            where.Add("g.state = @State");
        }

        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        return await database.QueryAsync<BreakGlassGrant>(Sql("SelectGrant") + filter + " ORDER BY g.requested_at DESC, g.id DESC LIMIT @Limit",
            new { UserId = visibleTo ?? 0, State = state, Limit = limit }, cancellationToken);
    }

    /// <summary>The assistant's grants asked for at or after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<BreakGlassGrant>> ForAssistantAsync(long assistantId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<BreakGlassGrant>(Sql("SelectGrant") + SinceForAssistant, new { AssistantId = assistantId, Since = since }, cancellationToken);

    /// <summary><see cref="ForAssistantAsync(long, DateTimeOffset, CancellationToken)"/> inside a unit of work.</summary>
    public async Task<IReadOnlyList<BreakGlassGrant>> ForAssistantAsync(UnitOfWork unit, long assistantId, DateTimeOffset since) =>
        (await unit.Connection.QueryAsync<BreakGlassGrant>(Sql("SelectGrant") + SinceForAssistant, new { AssistantId = assistantId, Since = since }, unit.Transaction)).AsList();

    private const string SinceForAssistant = " WHERE g.assistant_id = @AssistantId AND g.requested_at >= @Since ORDER BY g.requested_at";

    /// <summary>Ended grants that were active and nobody has reviewed, the soonest (or most overdue) review first.</summary>
    public async Task<IReadOnlyList<BreakGlassGrant>> AwaitingReviewAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync<BreakGlassGrant>(Sql("SelectGrant")
            + " WHERE g.state = 'ended' AND g.started_at IS NOT NULL AND g.review_outcome IS NULL ORDER BY g.review_due_at, g.id", null, cancellationToken);

    public async Task<IReadOnlyList<BreakGlassGrant>> RequestedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<BreakGlassGrant>(Sql("SelectGrant") + " WHERE g.requested_at >= @From AND g.requested_at < @To ORDER BY g.requested_at",
            new { From = from, To = to }, cancellationToken);

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<string>(Sql("DueGrants"), new { Now = now }, cancellationToken);

    public Task InsertAsync(UnitOfWork unit, BreakGlassGrant grant) =>
        unit.Connection.ExecuteAsync(Sql("InsertGrant"), grant, unit.Transaction);

    public async Task<bool> ApproveAsync(UnitOfWork unit, string id, string by, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("ApproveGrant"), new { Id = id, By = by, Now = now }, unit.Transaction) == 1;

    public async Task<bool> EndAsync(UnitOfWork unit, string id, string from, string reason, DateTimeOffset endedAt, string by, DateTimeOffset? reviewDueAt) =>
        await unit.Connection.ExecuteAsync(Sql("EndGrant"),
            new { Id = id, From = from, Reason = reason, EndedAt = endedAt, By = by, ReviewDueAt = reviewDueAt }, unit.Transaction) == 1;

    public async Task<bool> ReviewAsync(UnitOfWork unit, string id, string outcome, string notes, string by, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("ReviewGrant"), new { Id = id, Outcome = outcome, Notes = notes, By = by, Now = now }, unit.Transaction) == 1;

    /// <summary>Revokes every active task that relied on the grant; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> RevokeTasksAsync(UnitOfWork unit, string id, string reason, DateTimeOffset now) =>
        (await unit.Connection.QueryAsync<string>(Sql("RevokeGrantTasks"), new { Id = id, Reason = reason, Now = now }, unit.Transaction)).AsList();

    public async Task<IReadOnlyList<AgentTask>> TasksAsync(string id, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<AgentTask>(Sql("GrantTasks"), new { Id = id }, cancellationToken);

    public async Task<IReadOnlyList<Decision>> DecisionsAsync(string id, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<Decision>(Sql("GrantDecisions"), new { Id = id }, cancellationToken);

    public async Task<IReadOnlyList<GrantHistoryRow>> HistoryAsync(string id, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<GrantHistoryRow>(Sql("GrantHistory"), new { Id = id }, cancellationToken);
}

/// <summary>An audit event as the grant's history reads it.</summary>
public sealed class GrantHistoryRow
{
    public long Seq { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string ActorKind { get; init; } = "";

    public string ActorId { get; init; } = "";

    public string Action { get; init; } = "";

    public string Payload { get; init; } = "{}";
}
