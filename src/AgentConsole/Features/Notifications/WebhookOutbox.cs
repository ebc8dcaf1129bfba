using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Decisions;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Notifications;

/// <summary>
/// Queues the webhook deliveries for new pending decisions, for overdue ones, and for break-glass grants that start,
/// wait for approval, end or expire. It reads the audit log after a
/// stored cursor, so a signal missed across a restart or another node costs at most one <see cref="WebhookOptions.OutboxInterval"/>:
/// the deliveries and the cursor's advance commit together, and PostgreSQL's row lock on the cursor keeps two nodes
/// from queuing the same event twice.
/// </summary>
public sealed class WebhookOutbox : BackgroundService
{
    private const int BatchSize = 500;
    private readonly WakeSignal _wake = new();
    private readonly Database _database;
    private readonly WebhookStore _webhooks;
    private readonly Notices _queue;
    private readonly Escalations _escalations;
    private readonly ReviewLinks _links;
    private readonly WebhookDispatcher _dispatcher;
    private readonly IOptions<WebhookOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookOutbox> _logger;

    public WebhookOutbox(Database database, WebhookStore webhooks, Notices queue, Escalations escalations, ReviewLinks links,
        WebhookDispatcher dispatcher, ClusterSignals signals, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookOutbox> logger)
    {
        (_database, _webhooks, _queue, _escalations, _links, _dispatcher) = (database, webhooks, queue, escalations, links, dispatcher);
        (_options, _time, _logger) = (options, time, logger);
        signals.Subscribe(DecisionSignals.PendingTopic, _ => _wake.Set());
        signals.Subscribe(ActiveGrants.ChangedTopic, _ => _wake.Set());
        signals.Reconnected += _wake.Set;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) == BatchSize)
                {
                    // A full batch: there may be more behind it.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Queuing webhook deliveries failed; trying again in {Interval}", _options.Value.OutboxInterval);
            }

            await _wake.WaitAsync(_options.Value.OutboxInterval, _time, stoppingToken);
        }
    }

    /// <summary>One pass: queues what the audit log holds after the cursor and escalates what is overdue. Returns the events read.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var (read, queued) = await _database.InTransactionAsync(async unit =>
        {
            var cursor = await unit.Connection.ExecuteScalarAsync<long>(Sql("Cursor"), transaction: unit.Transaction);
            var events = (await unit.Connection.QueryAsync<AuditedEvent>(Sql("PendingAfter"),
                new { After = cursor, Limit = BatchSize }, unit.Transaction)).AsList();
            var webhooks = (await _webhooks.ListAsync(unit)).Where(w => w.Enabled).ToList();
            var onPending = webhooks.Where(w => w.OnPending).ToList();
            var count = 0;
            foreach (var audited in events)
            {
                if (audited.Action != "decision.pending")
                {
                    count += await QueueGrantNoticeAsync(unit, audited, webhooks, onPending);
                }
                // Settled before we got to it (e.g. while the node was down): nobody needs to be called for it.
                else if (onPending.Count > 0 && await _queue.FactsAsync(unit, audited.SubjectId) is { State: DecisionStates.Pending } facts)
                {
                    count += await _queue.QueueAsync(unit, onPending,
                        new Notice(WebhookEvents.Pending, facts, _escalations.DueAt(facts), _links.For(facts.Id)));
                }
            }

            if (events.Count > 0)
            {
                await unit.Connection.ExecuteAsync(Sql("AdvanceCursor"), new { Seq = events[^1].Seq }, unit.Transaction);
            }

            count += await _escalations.EscalateOverdueAsync(unit, webhooks.Where(w => w.OnEscalation).ToList(), cancellationToken);
            return (events.Count, count);
        }, cancellationToken);

        if (queued > 0)
        {
            _dispatcher.Wake();
        }

        return read;
    }

    /// <summary>
    /// Break-glass is everyone's business: a grant that starts, ends or expires goes to every enabled webhook; a request
    /// that waits for its one approval goes to the webhooks that take pending requests, unless it was settled meanwhile.
    /// </summary>
    private async Task<int> QueueGrantNoticeAsync(UnitOfWork unit, AuditedEvent audited, List<Webhook> all, List<Webhook> onPending)
    {
        if (all.Count == 0 || await _queue.GrantFactsAsync(unit, audited.SubjectId) is not { } grant)
        {
            return 0;
        }

        var (notice, webhooks) = audited.Action switch
        {
            "break-glass.requested" when grant.StartMode == "approval" && grant.State == "pending" => (WebhookEvents.BreakGlassPending, onPending),
            "break-glass.requested" => (null, all),
            "break-glass.started" => (WebhookEvents.BreakGlassStarted, all),
            "break-glass.expired" => (WebhookEvents.BreakGlassExpired, all),
            _ => (WebhookEvents.BreakGlassEnded, all),
        };
        return notice is null || webhooks.Count == 0
            ? 0
            : await _queue.QueueAsync(unit, webhooks, new Notice(notice, null, null, _links.ForGrant(grant.Id), grant));
    }

    /// <summary>Runs a pass soon (e.g. after the settings page queued a test delivery).</summary>
    public void Wake() => _wake.Set();

    private string Sql(string name) => SqlText.For<WebhookOutbox>(name, _database.Dialect);

    private sealed class AuditedEvent
    {
        public long Seq { get; init; }

        public string Action { get; init; } = "";

        public string SubjectId { get; init; } = "";
    }
}
