namespace AgentConsole.Tests.Support;

/// <summary>A clock the test moves by hand, so expiry and timeouts are tested without sleeping.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
