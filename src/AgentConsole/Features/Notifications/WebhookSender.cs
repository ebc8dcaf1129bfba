using System.Globalization;
using System.Text;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Notifications;

/// <summary>One signed POST of a claimed delivery, and its outcome stored: delivered, failed (retried later) or abandoned.</summary>
public sealed class WebhookSender(Database database, WebhookStore webhooks, DeliveryStore deliveries, WebhookSecrets secrets, AuditChain audit,
    IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string ClientName = "webhooks";
    public const string EventHeader = "X-AgentConsole-Event";
    public const string DeliveryHeader = "X-AgentConsole-Delivery";

    public async Task SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var webhook = (await webhooks.ListAsync(cancellationToken)).FirstOrDefault(w => w.Id == delivery.WebhookId);
        var (status, error) = webhook is { Enabled: true }
            ? await PostAsync(webhook, delivery, cancellationToken)
            : (null, "the webhook was disabled before this was sent");

        var now = time.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        var state = error is null ? DeliveryStates.Delivered
            : attempts >= options.Value.MaxAttempts || webhook is not { Enabled: true } ? DeliveryStates.Abandoned
            : DeliveryStates.Failed;
        var next = state == DeliveryStates.Failed ? now + options.Value.DelayAfter(attempts) : now;
        var attempt = new Attempt(delivery.Id, state, next, status, error, state == DeliveryStates.Delivered ? now : null);
        await database.InTransactionAsync(async unit =>
        {
            if (await deliveries.RecordAttemptAsync(unit, attempt) && state == DeliveryStates.Abandoned)
            {
                await audit.AppendAsync(unit, new AuditEntry(Actor.System, "webhook.abandoned",
                    new Subject("webhook", webhook?.Name ?? delivery.WebhookId.ToString(CultureInfo.InvariantCulture)),
                    new { deliveryId = delivery.Id, @event = delivery.Event, decisionId = delivery.DecisionId, grantId = delivery.GrantId, attempts, lastStatusCode = status, lastError = error }),
                    cancellationToken);
            }

            return true;
        }, cancellationToken);
        if (error is not null)
        {
            logger.LogInformation("Webhook delivery {Delivery} attempt {Attempt} failed ({Error}); now {State}", delivery.Id, attempts, error, state);
        }
    }

    private async Task<(int? Status, string? Error)> PostAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var stored = await webhooks.ProtectedSecretAsync(webhook.Id, cancellationToken);
        if (stored is null)
        {
            return (null, "the webhook was deleted");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventHeader, delivery.Event);
        request.Headers.Add(DeliveryHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(secrets.Unprotect(stored), time.GetUtcNow(), delivery.Payload));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"the receiver answered {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (HttpRequestException e)
        {
            return (null, Shorten(e.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {options.Value.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
    }

    private static string Shorten(string message) => message.Length <= 500 ? message : message[..500];
}
