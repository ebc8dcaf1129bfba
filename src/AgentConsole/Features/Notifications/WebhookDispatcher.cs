using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Notifications;

/// <summary>
/// Sends due deliveries. Each is claimed with a lease first (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>), so two nodes
/// never send the same one at once; a node that dies mid-send leaves it to be retried when the lease runs out.
/// </summary>
public sealed class WebhookDispatcher(DeliveryStore deliveries, WebhookSender sender, IOptions<WebhookOptions> options,
    TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private readonly WakeSignal _wake = new();

    /// <summary>Looks for due deliveries now instead of at the next tick.</summary>
    public void Wake() => _wake.Set();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchDueAsync(stoppingToken) == BatchSize)
                {
                    // A full batch: there may be more due.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending webhook deliveries failed; trying again in {Interval}", options.Value.DispatchInterval);
            }

            await _wake.WaitAsync(options.Value.DispatchInterval, time, stoppingToken);
        }
    }

    /// <summary>Claims and sends what is due now; returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var claimed = await deliveries.ClaimDueAsync(now, now + options.Value.Lease, BatchSize, cancellationToken);
        await Task.WhenAll(claimed.Select(d => sender.SendAsync(d, cancellationToken)));
        return claimed.Count;
    }
}
