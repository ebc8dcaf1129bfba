using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// One thing to write durably: a new decision (with its plan) and its audit record, or an audited refusal.
/// <paramref name="SkipGrantId"/> names the break-glass grant that skipped the decision's approval: it must still be
/// in force when the decision is written, or only <paramref name="IfGrantEnded"/> is recorded.
/// </summary>
public sealed record DecisionWrite(Decision? Decision, StoredPlan? Plan, AuditEntry Audit, AuditEntry? IfTaskEnded = null,
    string? SkipGrantId = null, AuditEntry? IfGrantEnded = null);

public enum WriteOutcome
{
    Written,
    /// <summary>The task ended (or the grant it relies on did) before the write; only the refusal was recorded.</summary>
    TaskEnded,
    /// <summary>The grant that skipped the approval ended before the write; only the refusal was recorded.</summary>
    GrantEnded,
}

/// <summary>
/// Group commit: decisions that arrive together are written in one transaction, each with its audit record, and
/// each caller is answered only after that transaction has committed. A durable commit (fsync) per batch instead
/// of per decision is what lets the API answer thousands of audited decisions a second without ever switching off
/// synchronous commit. If the batch cannot commit, every caller in it gets the failure (and answers 503).
/// The writer is one dedicated thread that calls the driver synchronously: under load, an async writer waited for
/// thread-pool turns between the statements of a batch (behind the request work it was meant to serve), which on
/// PostgreSQL, with a round trip per statement, cost more than the statements themselves.
/// </summary>
public sealed class DecisionWriter : IAsyncDisposable
{
    private readonly Channel<Queued> _queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Database _database;
    private readonly DecisionStore _store;
    private readonly TaskStore _tasks;
    private readonly AuditChain _audit;
    private readonly ClusterSignals _signals;
    private readonly TimeProvider _time;
    private readonly ILogger<DecisionWriter> _logger;
    private readonly int _maxBatch;
    private readonly Thread _loop;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Kept between batches; dropped after any failure (the database may have gone away) and opened again for the next.
    private System.Data.Common.DbConnection? _connection;

    // What an operator watches when decisions slow down (dotnet-counters, or any OpenTelemetry metrics exporter):
    // how long a decision waited for the writer, how long its batch took and how much of that was the durable commit.
    public const string MeterName = "AgentConsole.Decisions";
    private readonly Histogram<double> _queued;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _failed;

    public DecisionWriter(Database database, DecisionStore store, TaskStore tasks, AuditChain audit, ClusterSignals signals,
        IOptions<DecisionOptions> options, TimeProvider time, ILogger<DecisionWriter> logger, IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _queued = meter.CreateHistogram<double>("agentconsole.decision.write.queued", "s",
            "Time a decision waited for the writer to start its batch");
        _batchDuration = meter.CreateHistogram<double>("agentconsole.decision.batch.duration", "s",
            "Time a group commit took, from its first statement to the end of its commit");
        _commitDuration = meter.CreateHistogram<double>("agentconsole.decision.batch.commit", "s",
            "Time a group commit's durable commit took (the engine's flush to disk)");
        _batchSize = meter.CreateHistogram<int>("agentconsole.decision.batch.size", "{decision}",
            "Decisions and refusals written by one group commit");
        _failed = meter.CreateCounter<long>("agentconsole.decision.write.failed", "{decision}",
            "Decisions and refusals that could not be written (their callers were answered 503)");
        _database = database;
        _store = store;
        _tasks = tasks;
        _audit = audit;
        _signals = signals;
        _time = time;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
        _loop = new Thread(Run) { IsBackground = true, Name = "decision-writer" };
        _loop.Start();
    }

    /// <summary>Completes once the write has committed durably; throws if it could not.</summary>
    public async Task<WriteOutcome> WriteAsync(DecisionWrite write, CancellationToken cancellationToken = default)
    {
        var queued = new Queued(write, new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously),
            Stopwatch.GetTimestamp());
        await _queue.Writer.WriteAsync(queued, cancellationToken);
        // Not cancellable once queued: the caller learns whether it was written.
        return await queued.Done.Task;
    }

    private void Run()
    {
        try
        {
            RunBatches();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void RunBatches()
    {
        var batch = new List<Queued>(_maxBatch);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                WriteBatch(batch);
            }
            catch (Exception e) when (batch.Count > 1 && IsUniqueViolation(e))
            {
                // Two nodes raced on one idempotency key: write one by one so only the loser fails.
                foreach (var item in batch)
                {
                    WriteAlone(item);
                }
            }
            catch (Exception e)
            {
                DropConnection();
                _logger.LogError(e, "A batch of {Count} decisions could not be written; all of them fail closed", batch.Count);
                _failed.Add(batch.Count);
                foreach (var item in batch)
                {
                    item.Done.TrySetException(e);
                }
            }
        }
    }

    private void WriteAlone(Queued item)
    {
        try
        {
            WriteBatch([item]);
        }
        catch (Exception e)
        {
            DropConnection();
            _failed.Add(1);
            item.Done.TrySetException(e);
        }
    }

    private void WriteBatch(IReadOnlyList<Queued> batch)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var item in batch)
        {
            _queued.Record(Stopwatch.GetElapsedTime(item.EnqueuedAt, started).TotalSeconds);
        }

        var now = _time.GetUtcNow();
        var outcomes = new WriteOutcome[batch.Count];
        _connection ??= _database.Open();
        using (var unit = _database.Begin(_connection))
        {
            // A grant being ended right now holds its row until it commits: wait for it, so the checks below see the end.
            var cited = batch.Select(q => q.Write.Decision?.BreakGlassId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (cited.Count > 0)
            {
                _tasks.LockGrants(unit, cited);
            }

            var taskIds = batch.Where(q => q.Write.Decision is not null).Select(q => q.Write.Decision!.TaskId).Distinct(StringComparer.Ordinal).ToList();
            var usable = taskIds.Count == 0 ? NoTasks : _tasks.Usable(unit, taskIds, now);
            // Closes the race with a grant ended early on another node while this node's copy still had it in force.
            var skipGrants = SkipGrants(batch);
            var grantsInForce = skipGrants is null ? null : _tasks.GrantsInForce(unit, skipGrants, now);
            var decisions = new List<Decision>(batch.Count);
            var plans = new List<StoredPlan>();
            var entries = new List<AuditEntry>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i].Write;
                // A task under a grant that has ended may still be told no (break-glass-ended), never yes or "wait".
                if (write.Decision is { } decision
                    && (!usable.TryGetValue(decision.TaskId, out var grantInForce) || (!grantInForce && decision.State != DecisionStates.Denied)))
                {
                    outcomes[i] = WriteOutcome.TaskEnded;
                    if (write.IfTaskEnded is not null)
                    {
                        entries.Add(write.IfTaskEnded);
                    }

                    continue;
                }

                if (write.SkipGrantId is { } skip && grantsInForce?.Contains(skip) != true)
                {
                    outcomes[i] = WriteOutcome.GrantEnded;
                    if (write.IfGrantEnded is not null)
                    {
                        entries.Add(write.IfGrantEnded);
                    }

                    continue;
                }

                if (write.Decision is not null)
                {
                    decisions.Add(write.Decision);
                    if (write.Plan is not null)
                    {
                        plans.Add(write.Plan);
                    }

                    if (write.Decision.State == DecisionStates.Pending)
                    {
                        _signals.Publish(unit, DecisionSignals.PendingTopic, write.Decision.Id);
                    }
                }

                entries.Add(write.Audit);
            }

            _store.InsertMany(unit, decisions, plans);
            if (entries.Count > 0)
            {
                _audit.AppendMany(unit, entries);
            }

            var committing = Stopwatch.GetTimestamp();
            unit.CommitOnly();
            var committed = Stopwatch.GetTimestamp();
            _commitDuration.Record(Stopwatch.GetElapsedTime(committing, committed).TotalSeconds);
            _batchDuration.Record(Stopwatch.GetElapsedTime(started, committed).TotalSeconds);
            _batchSize.Record(batch.Count);
            // Durable now: answer the callers first, then push the live updates (a failed push must not turn a
            // committed allow into an error).
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(outcomes[i]);
            }

            // Off the writer's path, so the next batch does not wait for pushes.
            _ = Task.Run(async () =>
            {
                try
                {
                    await unit.RunAfterCommitAsync();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _logger.LogWarning(e, "Live updates after a group commit failed; the decisions are stored");
                }
            });
        }
    }

    private void DropConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private static readonly Dictionary<string, bool> NoTasks = new(StringComparer.Ordinal);

    private static List<string>? SkipGrants(IReadOnlyList<Queued> batch)
    {
        List<string>? ids = null;
        foreach (var item in batch)
        {
            if (item.Write.SkipGrantId is { } id && !(ids ??= []).Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private bool IsUniqueViolation(Exception e) =>
        e is System.Data.Common.DbException db && _database.Dialect.Translate(db) is UniqueViolation;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task;
        DropConnection();
    }

    private sealed record Queued(DecisionWrite Write, TaskCompletionSource<WriteOutcome> Done, long EnqueuedAt);
}
