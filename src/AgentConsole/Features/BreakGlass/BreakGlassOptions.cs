namespace AgentConsole.Features.BreakGlass;

/// <summary>Settings under <c>BreakGlass</c>. The per-tier limits live in the policy document's <c>break_glass</c> section.</summary>
public sealed class BreakGlassOptions
{
    /// <summary>The hard cap on any grant's duration; no policy setting can exceed it (at most 24 h, default 4 h).</summary>
    public TimeSpan HardCap { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often the sweeper ends grants whose time is up (expiry is also checked on every decision).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest justification, incident reference or review note accepted.</summary>
    public int MaxText { get; set; } = 4000;

    public static readonly TimeSpan Ceiling = TimeSpan.FromHours(24);
}
