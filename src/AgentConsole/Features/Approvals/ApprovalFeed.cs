using AgentConsole.Features.Decisions;
using AgentConsole.Infrastructure.Live;
using Microsoft.AspNetCore.SignalR;

namespace AgentConsole.Features.Approvals;

/// <summary>
/// Pushes every approval step to the open pages of this node, in order, each once. Any node's change arrives as a
/// cluster signal (PostgreSQL NOTIFY, or in-process on SQLite); the feed then reads the steps after the last one it
/// pushed from the audit chain, where they were committed with the change. So a lost or merged signal loses nothing:
/// the next read, or the periodic one, picks the steps up.
/// </summary>
public sealed class ApprovalFeed : BackgroundService
{
    public const string ClientMethod = "approvalEvent";
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ApprovalRequests _queue;
    private readonly IHubContext<ConsoleHub> _hub;
    private readonly ILogger<ApprovalFeed> _logger;
    private long _last = -1;

    public ApprovalFeed(ClusterSignals signals, ApprovalRequests queue, IHubContext<ConsoleHub> hub, ILogger<ApprovalFeed> logger)
    {
        _queue = queue;
        _hub = hub;
        _logger = logger;
        foreach (var topic in new[] { DecisionSignals.PendingTopic, DecisionSignals.SettledTopic, DecisionSignals.VerdictTopic })
        {
            signals.Subscribe(topic, _ => Poke());
        }

        signals.Reconnected += Poke;
    }

    /// <summary>The id of the last step pushed: a page rendered now asks for what comes after it.</summary>
    public long Last => Interlocked.Read(ref _last);

    private void Poke()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the coming read covers this change too.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_last < 0)
                {
                    Interlocked.Exchange(ref _last, await _queue.LatestEventIdAsync(stoppingToken));
                }

                await PushNewStepsAsync(stoppingToken);
                await _wake.WaitAsync(SafetyNet, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database may be away: pages keep their state and catch up once it is back.
                _logger.LogWarning(e, "Reading approval steps failed; retrying");
                await Task.Delay(SafetyNet, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task PushNewStepsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var steps = await _queue.EventsAfterAsync(_last, 500, cancellationToken);
            foreach (var step in steps)
            {
                await _hub.Clients.Group(ConsoleHub.ApprovalsGroup).SendAsync(ClientMethod, step, cancellationToken);
                foreach (var owner in new[] { step.OwnerName, step.BackupOwnerName }.OfType<string>().Distinct(StringComparer.Ordinal))
                {
                    await _hub.Clients.Group(ConsoleHub.OwnerGroup(owner)).SendAsync(ClientMethod, step, cancellationToken);
                }

                Interlocked.Exchange(ref _last, step.Id);
            }

            if (steps.Count < 500)
            {
                return;
            }
        }
    }
}
