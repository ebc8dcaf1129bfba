using System.Collections.Concurrent;
using System.Security.Cryptography;
using AgentConsole.Features.Tokens;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// Task tokens (<c>act_…</c>): made here, stored only as SHA-256, and looked up on every decision. Lookups are
/// cached in memory for a short while because agents call many times per second; a task that ends is dropped from
/// every node's cache at once (a cluster signal), and each decision's write checks the task again in its transaction.
/// </summary>
public sealed class TaskTokens
{
    public const string Prefix = "act_";
    private const string EndedTopic = "task-ended";
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(2);
    private const int MaxCached = 100_000;

    private readonly ConcurrentDictionary<string, Cached> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _hashByTask = new(StringComparer.Ordinal);
    private readonly TaskStore _store;
    private readonly TimeProvider _time;
    private readonly AuditChain _audit;
    private readonly ClusterSignals _signals;

    public TaskTokens(TaskStore store, TimeProvider time, AuditChain audit, ClusterSignals signals)
    {
        _store = store;
        _time = time;
        _audit = audit;
        _signals = signals;
        signals.Subscribe(EndedTopic, Forget);
        signals.Reconnected += () => _byHash.Clear();
    }

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => PersonalTokens.Hash(token);

    /// <summary>The task a bearer token stands for, while it is active and unexpired; otherwise null.</summary>
    public async Task<TokenCheck> CheckAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return new TokenCheck(null, null);
        }

        var hash = Hash(token);
        var now = _time.GetUtcNow();
        if (!_byHash.TryGetValue(hash, out var cached) || cached.Until <= now)
        {
            var found = await _store.FindByHashAsync(hash, cancellationToken);
            if (found is null)
            {
                return new TokenCheck(null, null);
            }

            cached = new Cached(found, now + CacheFor);
            if (_byHash.Count >= MaxCached)
            {
                _byHash.Clear();
                _hashByTask.Clear();
            }

            _byHash[hash] = cached;
            _hashByTask[found.Id] = hash;
        }

        var task = cached.Task;
        return task.IsUsable(now) && task.AssistantStatus == Assistants.AssistantStatus.Active
            ? new TokenCheck(task, null)
            : new TokenCheck(null, task);
    }

    /// <summary>
    /// Records tasks ended in <paramref name="unit"/>: one audit event each (<paramref name="action"/>, with
    /// <paramref name="details"/>), and, once the unit commits, word to every node that their tokens no longer work.
    /// </summary>
    public async Task RecordEndedAsync(UnitOfWork unit, Actor actor, string action, IEnumerable<string> taskIds, Func<string, object> details,
        CancellationToken cancellationToken = default)
    {
        foreach (var id in taskIds)
        {
            await _audit.AppendAsync(unit, new AuditEntry(actor, action, new Subject("task", id), details(id)), cancellationToken);
            await _signals.PublishAsync(unit, EndedTopic, id, cancellationToken);
        }
    }

    public void Forget(string taskId)
    {
        if (_hashByTask.TryRemove(taskId, out var hash))
        {
            _byHash.TryRemove(hash, out _);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Cached(AgentTask Task, DateTimeOffset Until);
}

/// <summary>A usable task, or the task the token named that can no longer be used (for the audited refusal).</summary>
public readonly record struct TokenCheck(AgentTask? Usable, AgentTask? Refused);
