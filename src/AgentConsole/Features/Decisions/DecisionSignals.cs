using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// Wakes long-polls the moment a decision is settled, on whichever node the approval happened: settling publishes
/// a cluster signal inside its transaction; every node's listener completes the local waiters for that decision.
/// </summary>
public sealed class DecisionSignals
{
    public const string SettledTopic = "decision-settled";
    public const string PendingTopic = "decision-pending";

    /// <summary>Someone gave a verdict that did not settle the decision yet (e.g. the first of two approvals).</summary>
    public const string VerdictTopic = "approval-verdict";
    private readonly Dictionary<string, Waiters> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ClusterSignals _signals;

    public DecisionSignals(ClusterSignals signals)
    {
        _signals = signals;
        signals.Subscribe(SettledTopic, Notify);
        signals.Reconnected += NotifyAll;
    }

    /// <summary>Registers interest before the caller re-reads the decision, so a settle in between is not missed.</summary>
    public Registration Register(string decisionId)
    {
        lock (_lock)
        {
            if (!_waiting.TryGetValue(decisionId, out var waiters))
            {
                _waiting[decisionId] = waiters = new Waiters();
            }

            waiters.Count++;
            return new Registration(this, decisionId, waiters);
        }
    }

    public Task PublishSettledAsync(UnitOfWork unit, string decisionId) => _signals.PublishAsync(unit, SettledTopic, decisionId);

    public Task PublishVerdictAsync(UnitOfWork unit, string decisionId) => _signals.PublishAsync(unit, VerdictTopic, decisionId);

    public void Notify(string decisionId)
    {
        Waiters? waiters;
        lock (_lock)
        {
            if (!_waiting.Remove(decisionId, out waiters))
            {
                return;
            }
        }

        waiters.Settled.TrySetResult();
    }

    private void NotifyAll()
    {
        List<Waiters> all;
        lock (_lock)
        {
            all = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var waiters in all)
        {
            waiters.Settled.TrySetResult();
        }
    }

    private void Release(string decisionId, Waiters waiters)
    {
        lock (_lock)
        {
            if (--waiters.Count == 0 && _waiting.TryGetValue(decisionId, out var current) && ReferenceEquals(current, waiters))
            {
                _waiting.Remove(decisionId);
            }
        }
    }

    internal sealed class Waiters
    {
        public int Count { get; set; }

        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed class Registration : IDisposable
    {
        private readonly DecisionSignals _owner;
        private readonly string _decisionId;
        private readonly Waiters _waiters;
        private bool _disposed;

        internal Registration(DecisionSignals owner, string decisionId, Waiters waiters)
        {
            _owner = owner;
            _decisionId = decisionId;
            _waiters = waiters;
        }

        public Task Settled => _waiters.Settled.Task;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _owner.Release(_decisionId, _waiters);
            }
        }
    }
}
