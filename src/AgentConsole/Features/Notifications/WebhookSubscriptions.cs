using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.Notifications;

/// <summary>Adding, switching, testing and removing webhooks (security and admin), each change audited in its transaction.</summary>
public sealed class WebhookSubscriptions(Database database, WebhookStore store, WebhookSecrets secrets, Notices queue,
    ReviewLinks links, WebhookDispatcher dispatcher, AuditChain audit, TimeProvider time)
{
    private static readonly ForbiddenError NotAllowed = new("Only people with the security or admin role manage webhooks.");

    public Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public async Task<Outcome<CreatedWebhook>> CreateAsync(Caller caller, WebhookInput input, CancellationToken cancellationToken = default)
    {
        if (!caller.IsEditor)
        {
            return NotAllowed;
        }

        if (input.Check() is { } invalid)
        {
            return invalid;
        }

        var secret = string.IsNullOrEmpty(input.Secret) ? WebhookSecrets.Generate() : input.Secret;
        var webhook = new Webhook
        {
            Name = input.Name!.Trim(),
            Url = input.Url!.Trim(),
            Format = input.Format!,
            OnPending = input.OnPending,
            OnEscalation = input.OnEscalation,
            Enabled = true,
            CreatedBy = caller.Actor.Id,
            CreatedAt = time.GetUtcNow(),
        };
        try
        {
            var id = await database.InTransactionAsync(async unit =>
            {
                var id = await store.InsertAsync(unit, webhook, secrets.Protect(secret));
                await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "webhook.created", new Subject("webhook", webhook.Name),
                    new { id, url = webhook.Url, format = webhook.Format, events = webhook.Events, secretSupplied = !string.IsNullOrEmpty(input.Secret) }),
                    cancellationToken);
                return id;
            }, cancellationToken);
            return new CreatedWebhook((await store.ListAsync(cancellationToken)).First(w => w.Id == id), secret);
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.Translate(e) is UniqueViolation)
        {
            return ValidationError.For("name", $"A webhook named '{webhook.Name}' exists already.");
        }
    }

    public async Task<Outcome<Webhook>> SetEnabledAsync(Caller caller, long id, bool enabled, CancellationToken cancellationToken = default) =>
        await ChangeAsync(caller, id, async (unit, webhook) =>
        {
            await store.SetEnabledAsync(unit, id, enabled);
            await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "webhook.updated", new Subject("webhook", webhook.Name),
                new { id, enabled }), cancellationToken);
        }, cancellationToken);

    public async Task<Outcome<Webhook>> DeleteAsync(Caller caller, long id, CancellationToken cancellationToken = default) =>
        await ChangeAsync(caller, id, async (unit, webhook) =>
        {
            await store.DeleteAsync(unit, id);
            await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "webhook.deleted", new Subject("webhook", webhook.Name),
                new { id, url = webhook.Url }), cancellationToken);
        }, cancellationToken);

    /// <summary>Queues a test message (no decision in it) for one webhook and sends it at once.</summary>
    public async Task<Outcome<Webhook>> SendTestAsync(Caller caller, long id, CancellationToken cancellationToken = default)
    {
        var outcome = await ChangeAsync(caller, id, (unit, webhook) =>
            queue.QueueAsync(unit, [webhook], new Notice(WebhookEvents.Test, null, null, links.Base() + "/settings/webhooks")), cancellationToken);
        if (outcome.IsSuccess)
        {
            dispatcher.Wake();
        }

        return outcome;
    }

    private async Task<Outcome<Webhook>> ChangeAsync(Caller caller, long id, Func<UnitOfWork, Webhook, Task> change, CancellationToken cancellationToken)
    {
        if (!caller.IsEditor)
        {
            return NotAllowed;
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        if ((await store.ListAsync(unit)).FirstOrDefault(w => w.Id == id) is not { } webhook)
        {
            return new NotFoundError($"No webhook with id {id}.");
        }

        await change(unit, webhook);
        await unit.CommitAsync(cancellationToken);
        return webhook;
    }
}
