using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Decisions;

/// <summary>Reads and writes decisions, their plans and their approvals.</summary>
public sealed class DecisionStore(Database database)
{
    private ISqlDialect Dialect => database.Dialect;

    private string Sql(string name) => SqlText.For<DecisionStore>(name, Dialect);

    public Task<Decision?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<Decision>(Sql("SelectDecision") + " WHERE d.id = @Id", new { Id = id }, cancellationToken);

    public Task<Decision?> FindAsync(UnitOfWork unit, string id) =>
        unit.Connection.QuerySingleOrDefaultAsync<Decision>(Sql("SelectDecision") + " WHERE d.id = @Id", new { Id = id }, unit.Transaction);

    /// <summary>Locks the decision's row until the transaction ends (PostgreSQL); SQLite's write lock already serializes.</summary>
    public async Task<Decision?> LockAsync(UnitOfWork unit, string id)
    {
        var found = await unit.Connection.QuerySingleOrDefaultAsync<string>(Sql("LockDecision"), new { Id = id }, unit.Transaction);
        return found is null ? null : await FindAsync(unit, id);
    }

    public Task<Decision?> FindByKeyAsync(string taskId, string key, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<Decision>(Sql("SelectDecision") + " WHERE d.task_id = @TaskId AND d.idempotency_key = @Key",
            new { TaskId = taskId, Key = key }, cancellationToken);

    public async Task<IReadOnlyList<Decision>> ListAsync(string? state, int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<Decision>(Sql("SelectDecision") + (state is null ? "" : " WHERE d.state = @State") + " ORDER BY d.created_at DESC LIMIT @Limit",
            new { State = state, Limit = limit }, cancellationToken);

    public async Task<IReadOnlyList<Decision>> ForTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<Decision>(Sql("SelectDecision") + " WHERE d.task_id = @TaskId ORDER BY d.created_at",
            new { TaskId = taskId }, cancellationToken);

    /// <summary>Pending decisions made under a break-glass grant that ended early turn into denies (expired); returns their ids.</summary>
    public async Task<IReadOnlyList<string>> ExpirePendingUnderGrantAsync(UnitOfWork unit, string grantId, string reason, DateTimeOffset now) =>
        (await unit.Connection.QueryAsync<string>(Sql("ExpirePendingUnderGrant"), new { Id = grantId, Reason = reason, Now = now }, unit.Transaction)).AsList();

    public async Task<bool> SettleAsync(UnitOfWork unit, string id, string from, string to, string reason, string? decidedBy,
        DateTimeOffset? expiresAt, string? receipt, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("SettleDecision"), new
        {
            Id = id, From = from, State = to, Reason = reason, DecidedBy = decidedBy, ExpiresAt = expiresAt, Receipt = receipt, Now = now,
        }, unit.Transaction) == 1;

    public async Task<bool> RecordResultAsync(UnitOfWork unit, string id, string status, string result, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("RecordResult"), new { Id = id, Status = status, Result = result, Now = now }, unit.Transaction) == 1;

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<string>(Sql("DueDecisions"), new { Now = now }, cancellationToken);

    public Task InsertApprovalAsync(UnitOfWork unit, Approval approval) =>
        unit.Connection.ExecuteAsync(Sql("InsertApproval"), approval, unit.Transaction);

    public async Task<IReadOnlyList<Approval>> ApprovalsAsync(UnitOfWork unit, string id) =>
        (await unit.Connection.QueryAsync<Approval>(Sql("ApprovalsOf"), new { Id = id }, unit.Transaction)).AsList();

    public async Task<ILookup<string, Approval>> ApprovalsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        ids.Count == 0
            ? Array.Empty<Approval>().ToLookup(a => a.DecisionId)
            : (await database.QueryAsync<Approval>(Sql("ApprovalsFor"), new { Ids = ids.ToArray() }, cancellationToken)).ToLookup(a => a.DecisionId);

    public Task<StoredPlan?> FindPlanAsync(string digest, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<StoredPlan>(Sql("FindPlan"), new { Digest = digest }, cancellationToken);

    /// <summary>Writes a batch of new decisions and their plans in a few multi-row statements (group commit; see <see cref="DecisionWriter"/>).</summary>
    public void InsertMany(UnitOfWork unit, IReadOnlyList<Decision> decisions, IReadOnlyList<StoredPlan> plans)
    {
        MultiRowInsert.Execute(unit, "plans", PlanColumns, DistinctPlans(plans), PlanRow, OnConflict);
        MultiRowInsert.Execute(unit, "decisions", DecisionColumns, decisions, DecisionRow);
    }

    // Distinct digests: one statement cannot insert the same key twice, even with ON CONFLICT DO NOTHING.
    private static List<StoredPlan> DistinctPlans(IReadOnlyList<StoredPlan> plans) => plans.DistinctBy(p => p.Digest).ToList();

    private const string OnConflict = " ON CONFLICT (digest) DO NOTHING";

    private static object?[] PlanRow(StoredPlan p) => [p.Digest, p.Format, p.Content, p.Facts, p.CreatedAt];

    private static object?[] DecisionRow(Decision d) =>
    [
        d.Id, d.TaskId, d.AssistantId, d.Action, d.Resource, d.Environment, d.PlanDigest, d.Prompt, d.ToolCall, d.IdempotencyKey,
        d.State, d.Rule, d.Reason, d.Matched, d.PolicyVersion, d.ApprovalsRequired, d.ApproverRoles, d.ApprovalTtlSeconds,
        d.CreatedAt, d.DecidedAt, d.DecidedBy, d.ExpiresAt, d.Receipt, d.BreakGlassId,
    ];

    private static readonly string[] PlanColumns = ["digest", "format", "content", "facts", "created_at"];

    private static readonly string[] DecisionColumns =
    [
        "id", "task_id", "assistant_id", "action", "resource", "environment", "plan_digest", "prompt", "tool_call", "idempotency_key",
        "state", "rule", "reason", "matched", "policy_version", "approvals_required", "approver_roles", "approval_ttl_seconds",
        "created_at", "decided_at", "decided_by", "expires_at", "receipt", "break_glass_id",
    ];
}

/// <summary>A plan as stored, by the SHA-256 of its content.</summary>
public sealed class StoredPlan
{
    public required string Digest { get; init; }

    public required string Format { get; init; }

    public required string Content { get; init; }

    /// <summary>The parsed <see cref="Policies.PlanFacts"/> as JSON.</summary>
    public required string Facts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
