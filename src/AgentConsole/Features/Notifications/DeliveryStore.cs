using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Notifications;

/// <summary>The delivery queue and log: rows are queued in the enqueuer's transaction, claimed with a lease, settled by attempts.</summary>
public sealed class DeliveryStore(Database database)
{
    private string Sql(string name) => SqlText.For<DeliveryStore>(name, database.Dialect);

    public Task InsertAsync(UnitOfWork unit, WebhookDelivery delivery) =>
        unit.Connection.ExecuteAsync(Sql("InsertDelivery"), delivery, unit.Transaction);

    /// <summary>Reserves up to <paramref name="limit"/> due deliveries for this node until <paramref name="leaseUntil"/>.</summary>
    public Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit,
        CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async unit => (IReadOnlyList<WebhookDelivery>)(await unit.Connection.QueryAsync<WebhookDelivery>(
            new CommandDefinition(Sql("ClaimDue"), new { Now = now, LeaseUntil = leaseUntil, Limit = limit }, unit.Transaction,
                cancellationToken: cancellationToken))).AsList(), cancellationToken);

    public async Task<bool> RecordAttemptAsync(UnitOfWork unit, Attempt attempt) =>
        await unit.Connection.ExecuteAsync(Sql("RecordAttempt"), attempt, unit.Transaction) == 1;

    public Task<IReadOnlyList<WebhookDelivery>> LogAsync(long? webhookId, string? state, int limit, CancellationToken cancellationToken = default) =>
        database.QueryAsync<WebhookDelivery>(Sql("DeliveryLog"), new { WebhookId = webhookId, State = state, Limit = limit }, cancellationToken);
}

/// <summary>The outcome of one POST, as stored.</summary>
public sealed record Attempt(string Id, string State, DateTimeOffset NextAttemptAt, int? StatusCode, string? Error, DateTimeOffset? DeliveredAt);
