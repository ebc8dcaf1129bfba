using AgentConsole.Infrastructure.Live;

namespace AgentConsole.Features.Policies;

/// <summary>The published policy version, compiled once.</summary>
public sealed record ActivePolicy(int Version, string Digest, CompiledPolicy Policy);

/// <summary>
/// Keeps the published policy compiled in memory for the hot path. A publish on any node drops it at once (cluster
/// signal); otherwise it is re-checked every few seconds. If no policy can be loaded the console fails closed:
/// every decision answers 503.
/// </summary>
public sealed class PublishedPolicy : IDisposable
{
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(10);
    private readonly PolicyVersions _versions;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Loaded? _current;

    public PublishedPolicy(PolicyVersions versions, ClusterSignals signals, TimeProvider time)
    {
        _versions = versions;
        _time = time;
        signals.Subscribe(PolicyVersions.PublishedTopic, _ => _current = null);
        signals.Reconnected += () => _current = null;
    }

    public async ValueTask<ActivePolicy> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is not null && current.CheckedAt + RecheckEvery > _time.GetUtcNow())
        {
            return current.Policy;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            var now = _time.GetUtcNow();
            if (current is not null && current.CheckedAt + RecheckEvery > now)
            {
                return current.Policy;
            }

            var published = await _versions.PublishedAsync(cancellationToken)
                ?? throw new ConsoleUnavailableException("No policy is published, so nothing can be allowed. Publish a policy version.");
            if (current is not null && current.Policy.Version == published.Version)
            {
                _current = current with { CheckedAt = now };
                return current.Policy;
            }

            var check = _versions.Check(published.Document);
            if (!check.IsValid)
            {
                throw new ConsoleUnavailableException(
                    $"The published policy (version {published.Version}) does not load: {check.Errors[0].Message} (line {check.Errors[0].Line}). Nothing is allowed until a valid version is published.");
            }

            var active = new ActivePolicy(published.Version, published.Digest, check.Policy!);
            _current = new Loaded(active, now);
            return active;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record Loaded(ActivePolicy Policy, DateTimeOffset CheckedAt);
}
