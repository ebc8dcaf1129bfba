using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Notifications;

/// <summary>Turns a notice into one queued delivery per webhook, inside the caller's transaction.</summary>
public sealed class Notices(Database database, DeliveryStore deliveries, TimeProvider time)
{
    public async Task<DecisionFacts?> FactsAsync(UnitOfWork unit, string decisionId) =>
        await unit.Connection.QuerySingleOrDefaultAsync<DecisionFacts>(
            SqlText.For<Notices>("DecisionFacts", database.Dialect), new { Id = decisionId }, unit.Transaction);

    public async Task<GrantFacts?> GrantFactsAsync(UnitOfWork unit, string grantId) =>
        await unit.Connection.QuerySingleOrDefaultAsync<GrantFacts>(
            SqlText.For<Notices>("GrantFacts", database.Dialect), new { Id = grantId }, unit.Transaction);

    public async Task<int> QueueAsync(UnitOfWork unit, IEnumerable<Webhook> webhooks, Notice notice)
    {
        var now = time.GetUtcNow();
        var count = 0;
        foreach (var webhook in webhooks)
        {
            var id = "dlv_" + Guid.CreateVersion7(now).ToString("N");
            await deliveries.InsertAsync(unit, new WebhookDelivery
            {
                Id = id,
                WebhookId = webhook.Id,
                Event = notice.Event,
                DecisionId = notice.Decision?.Id,
                GrantId = notice.Grant?.Id,
                Payload = WebhookPayloads.For(webhook.Format, id, notice),
                State = DeliveryStates.Queued,
                NextAttemptAt = now,
                CreatedAt = now,
            });
            count++;
        }

        return count;
    }
}
