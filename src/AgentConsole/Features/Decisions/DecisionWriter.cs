using System.Threading.Channels;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>One thing to write durably: a new decision (with its plan) and its audit record, or an audited refusal.</summary>
public sealed record DecisionWrite(Decision? Decision, StoredPlan? Plan, AuditEntry Audit, AuditEntry? IfTaskEnded = null);

public enum WriteOutcome
{
    Written,
    /// <summary>The task ended before the write; only the refusal was recorded.</summary>
    TaskEnded,
}

/// <summary>
/// Group commit: decisions that arrive together are written in one transaction, each with its audit record, and
/// each caller is answered only after that transaction has committed. A durable commit (fsync) per batch instead
/// of per decision is what lets the API answer thousands of audited decisions a second without ever switching off
/// synchronous commit. If the batch cannot commit, every caller in it gets the failure (and answers 503).
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
    private readonly Task _loop;

    public DecisionWriter(Database database, DecisionStore store, TaskStore tasks, AuditChain audit, ClusterSignals signals,
        IOptions<DecisionOptions> options, TimeProvider time, ILogger<DecisionWriter> logger)
    {
        _database = database;
        _store = store;
        _tasks = tasks;
        _audit = audit;
        _signals = signals;
        _time = time;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxBatch);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the write has committed durably; throws if it could not.</summary>
    public async Task<WriteOutcome> WriteAsync(DecisionWrite write, CancellationToken cancellationToken = default)
    {
        var queued = new Queued(write, new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(queued, cancellationToken);
        // Not cancellable once queued: the caller learns whether it was written.
        return await queued.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Queued>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception e) when (batch.Count > 1 && IsUniqueViolation(e))
            {
                // Two nodes raced on one idempotency key: write one by one so only the loser fails.
                foreach (var item in batch)
                {
                    await WriteAloneAsync(item);
                }
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A batch of {Count} decisions could not be written; all of them fail closed", batch.Count);
                foreach (var item in batch)
                {
                    item.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task WriteAloneAsync(Queued item)
    {
        try
        {
            await WriteBatchAsync([item]);
        }
        catch (Exception e)
        {
            item.Done.TrySetException(e);
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<Queued> batch)
    {
        var now = _time.GetUtcNow();
        var outcomes = new WriteOutcome[batch.Count];
        await using (var unit = await _database.BeginAsync())
        {
            var taskIds = batch.Where(q => q.Write.Decision is not null).Select(q => q.Write.Decision!.TaskId).Distinct(StringComparer.Ordinal).ToList();
            var usable = taskIds.Count == 0 ? [] : await _tasks.UsableAsync(unit, taskIds, now);
            var decisions = new List<Decision>(batch.Count);
            var plans = new List<StoredPlan>();
            var entries = new List<AuditEntry>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i].Write;
                if (write.Decision is { } decision && !usable.Contains(decision.TaskId))
                {
                    outcomes[i] = WriteOutcome.TaskEnded;
                    if (write.IfTaskEnded is not null)
                    {
                        entries.Add(write.IfTaskEnded);
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
                        await _signals.PublishAsync(unit, DecisionSignals.PendingTopic, write.Decision.Id);
                    }
                }

                entries.Add(write.Audit);
            }

            await _store.InsertManyAsync(unit, decisions, plans);
            if (entries.Count > 0)
            {
                await _audit.AppendManyAsync(unit, entries);
            }

            await unit.CommitOnlyAsync();
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

    private bool IsUniqueViolation(Exception e) =>
        e is System.Data.Common.DbException db && _database.Dialect.Translate(db) is UniqueViolation;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private sealed record Queued(DecisionWrite Write, TaskCompletionSource<WriteOutcome> Done);
}
