using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Decisions;

/// <summary>Reads and writes per-task credentials.</summary>
public sealed class TaskStore(Database database)
{
    private ISqlDialect Dialect => database.Dialect;

    private string Sql(string name) => SqlText.For<TaskStore>(name, Dialect);

    public Task<AgentTask?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<AgentTask>(Sql("SelectTask") + " WHERE t.token_hash = @TokenHash", new { TokenHash = tokenHash }, cancellationToken);

    public Task<AgentTask?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<AgentTask>(Sql("SelectTask") + " WHERE t.id = @Id", new { Id = id }, cancellationToken);

    public Task<AgentTask?> FindAsync(UnitOfWork unit, string id) =>
        unit.Connection.QuerySingleOrDefaultAsync<AgentTask>(Sql("SelectTask") + " WHERE t.id = @Id", new { Id = id }, unit.Transaction);

    public async Task<IReadOnlyList<AgentTask>> ForAssistantAsync(long assistantId, int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<AgentTask>(Sql("SelectTask") + " WHERE t.assistant_id = @AssistantId ORDER BY t.issued_at DESC LIMIT @Limit",
            new { AssistantId = assistantId, Limit = limit }, cancellationToken);

    public Task InsertAsync(UnitOfWork unit, AgentTask task) =>
        unit.Connection.ExecuteAsync(Sql("InsertTask"), task, unit.Transaction);

    public async Task<bool> EndAsync(UnitOfWork unit, string id, string state, string reason, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("EndTask"), new { Id = id, State = state, Reason = reason, Now = now }, unit.Transaction) == 1;

    public async Task<IReadOnlyList<string>> RevokeForAssistantAsync(UnitOfWork unit, long assistantId, string reason, DateTimeOffset now) =>
        (await unit.Connection.QueryAsync<string>(Sql("EndTasksOfAssistant"), new { AssistantId = assistantId, Reason = reason, Now = now }, unit.Transaction)).AsList();

    public async Task<IReadOnlyList<ExpiredTask>> ExpireAsync(UnitOfWork unit, DateTimeOffset now) =>
        (await unit.Connection.QueryAsync<ExpiredTask>(Sql("ExpireTasks"), new { Now = now }, unit.Transaction)).AsList();

    /// <summary>
    /// Which of the tasks may still be used, each with whether the break-glass grant it relies on (if any) is still
    /// active and unexpired in the store (blocking: for the decision writer's thread).
    /// </summary>
    public Dictionary<string, bool> Usable(UnitOfWork unit, IReadOnlyCollection<string> ids, DateTimeOffset now) =>
        unit.Connection.Query<UsableTask>(Sql("UsableTasks"), new { Ids = ids.ToArray(), Now = now }, unit.Transaction)
            .ToDictionary(t => t.Id, t => t.GrantInForce != 0, StringComparer.Ordinal);

    /// <summary>Which of the break-glass grants are active and unexpired in the store (blocking: for the decision writer's thread).</summary>
    public HashSet<string> GrantsInForce(UnitOfWork unit, IReadOnlyCollection<string> ids, DateTimeOffset now) =>
        unit.Connection.Query<string>(Sql("GrantsInForce"), new { Ids = ids.ToArray(), Now = now }, unit.Transaction).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Waits for any change to these grants in flight (an early end holds the grant's row) and keeps them from changing
    /// until this transaction ends: <c>FOR SHARE</c> on PostgreSQL; SQLite's single writer already serializes.
    /// Statements after it see the grants as committed.
    /// </summary>
    public void LockGrants(UnitOfWork unit, IReadOnlyCollection<string> ids) =>
        unit.Connection.Query<string>(Sql("LockGrants"), new { Ids = ids.ToArray() }, unit.Transaction).AsList();

    /// <inheritdoc cref="LockGrants"/>
    public async Task LockGrantsAsync(UnitOfWork unit, IReadOnlyCollection<string> ids) =>
        await unit.Connection.QueryAsync<string>(Sql("LockGrants"), new { Ids = ids.ToArray() }, unit.Transaction);

    public Task<string?> AssistantForIdentityAsync(long issuerId, string subject, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<string>(Sql("FindIdentity"), new { IssuerId = issuerId, Subject = subject }, cancellationToken);

    public async Task<bool> IsActivePersonAsync(string name, CancellationToken cancellationToken = default) =>
        await database.QuerySingleOrDefaultAsync<string>(Sql("ActiveUser"), new { Name = name }, cancellationToken) is not null;
}

public sealed class UsableTask
{
    public required string Id { get; init; }

    /// <summary>1 when the task relies on no grant or on one still in force; 0 when its grant has ended or expired.</summary>
    public long GrantInForce { get; init; }
}

public sealed class ExpiredTask
{
    public required string Id { get; init; }

    public long AssistantId { get; init; }
}
