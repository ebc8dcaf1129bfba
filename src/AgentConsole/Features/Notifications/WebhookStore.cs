using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Notifications;

/// <summary>The webhooks table. Secrets go in encrypted and come out only for signing.</summary>
public sealed class WebhookStore(Database database)
{
    private string Sql(string name) => SqlText.For<WebhookStore>(name, database.Dialect);

    public async Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync<Webhook>(Sql("Webhooks"), cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<Webhook>> ListAsync(UnitOfWork unit) =>
        (await unit.Connection.QueryAsync<Webhook>(Sql("Webhooks"), transaction: unit.Transaction)).AsList();

    public Task<long> InsertAsync(UnitOfWork unit, Webhook webhook, string protectedSecret) =>
        unit.Connection.ExecuteScalarAsync<long>(Sql("InsertWebhook"), new
        {
            webhook.Name, webhook.Url, webhook.Format, Secret = protectedSecret, webhook.OnPending, webhook.OnEscalation,
            webhook.Enabled, webhook.CreatedBy, webhook.CreatedAt,
        }, unit.Transaction);

    public async Task<bool> SetEnabledAsync(UnitOfWork unit, long id, bool enabled) =>
        await unit.Connection.ExecuteAsync(Sql("SetEnabled"), new { Id = id, Enabled = enabled }, unit.Transaction) == 1;

    public async Task<bool> DeleteAsync(UnitOfWork unit, long id) =>
        await unit.Connection.ExecuteAsync(Sql("DeleteWebhook"), new { Id = id }, unit.Transaction) > 0;

    public Task<string?> ProtectedSecretAsync(long id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<string>(Sql("WebhookSecret"), new { Id = id }, cancellationToken);
}
