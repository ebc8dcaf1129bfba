using AgentConsole.Infrastructure.Live;

namespace AgentConsole.Features.BreakGlass;

/// <summary>
/// The grants in force, kept in memory for the decision path and the banner on every page. Any change to a grant on
/// any node drops the copy at once (cluster signal <see cref="ChangedTopic"/>, published in the transaction that
/// changes the grant); otherwise it is re-read every few seconds. Expiry never waits for either: callers ask
/// <see cref="BreakGlassGrant.IsInForce"/> with the time of the decision. If the grants cannot be read, this throws
/// <see cref="ConsoleUnavailableException"/> and the decision fails closed (503).
/// </summary>
public sealed class ActiveGrants : IDisposable
{
    /// <summary>Published with the grant's id whenever a grant is requested, approved, rejected, ended, expired or reviewed.</summary>
    public const string ChangedTopic = "break-glass-changed";

    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(5);
    private readonly BreakGlassStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;
    private int _generation;

    public ActiveGrants(BreakGlassStore store, ClusterSignals signals, TimeProvider time)
    {
        _store = store;
        _time = time;
        signals.Subscribe(ChangedTopic, _ => Invalidate());
        signals.Reconnected += Invalidate;
    }

    /// <summary>Grants in the active state, soonest expiry first; filter with <see cref="BreakGlassGrant.IsInForce"/>.</summary>
    public async ValueTask<IReadOnlyList<BreakGlassGrant>> AllAsync(CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken)).Grants;

    /// <summary>The grant with this id if it is in force at <paramref name="now"/>; null if it ended, expired or never existed.</summary>
    public async ValueTask<BreakGlassGrant?> InForceAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        foreach (var grant in (await LoadAsync(cancellationToken)).Grants)
        {
            if (grant.Id == id)
            {
                return grant.IsInForce(now) ? grant : null;
            }
        }

        return null;
    }

    /// <summary>The assistant's grants in force at <paramref name="now"/> (usually none: an empty list, no allocation).</summary>
    public async ValueTask<IReadOnlyList<BreakGlassGrant>> InForceForAsync(long assistantId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var snapshot = await LoadAsync(cancellationToken);
        if (!snapshot.Assistants.Contains(assistantId))
        {
            return [];
        }

        var found = new List<BreakGlassGrant>(1);
        foreach (var grant in snapshot.Grants)
        {
            if (grant.AssistantId == assistantId && grant.IsInForce(now))
            {
                found.Add(grant);
            }
        }

        return found;
    }

    /// <summary>Drops the copy (after a change this node made, before its caller is answered).</summary>
    public void Invalidate()
    {
        // A read that began before the change must not store what it read: the generation tells it.
        Interlocked.Increment(ref _generation);
        _current = null;
    }

    private async ValueTask<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && current.ReadAt + RecheckEvery > _time.GetUtcNow())
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            var now = _time.GetUtcNow();
            if (current is not null && current.ReadAt + RecheckEvery > now)
            {
                return current;
            }

            var generation = Volatile.Read(ref _generation);
            IReadOnlyList<BreakGlassGrant> grants;
            try
            {
                grants = await _store.ActiveAsync(cancellationToken);
            }
            catch (System.Data.Common.DbException e)
            {
                throw new ConsoleUnavailableException("Break-glass grants cannot be read, so nothing that depends on them is allowed.", e);
            }

            var snapshot = new Snapshot(grants, grants.Select(g => g.AssistantId).ToHashSet(), now);
            if (generation == Volatile.Read(ref _generation))
            {
                _current = snapshot;
            }

            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record Snapshot(IReadOnlyList<BreakGlassGrant> Grants, HashSet<long> Assistants, DateTimeOffset ReadAt);
}
