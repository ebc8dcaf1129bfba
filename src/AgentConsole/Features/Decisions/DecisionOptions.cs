namespace AgentConsole.Features.Decisions;

/// <summary>Limits and lifetimes of the decision API, from configuration section <c>Decisions</c>.</summary>
public sealed class DecisionOptions
{
    /// <summary>The largest plan accepted, in bytes of UTF-8; larger ones are refused with 413, never truncated.</summary>
    public int MaxPlanBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The longest task token lifetime per risk tier, in seconds; a longer request is capped.</summary>
    public Dictionary<string, int> MaxTaskTtlSeconds { get; set; } = new(StringComparer.Ordinal)
    {
        ["low"] = 3600,
        ["medium"] = 1800,
        ["high"] = 900,
        ["critical"] = 600,
    };

    /// <summary>How long an allow decision's receipt stays valid (never beyond its task).</summary>
    public TimeSpan AllowLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A decision waiting for approval longer than this expires and becomes a deny.</summary>
    public TimeSpan PendingTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest a long-poll may wait, in seconds.</summary>
    public int MaxWaitSeconds { get; set; } = 60;

    /// <summary>How many hand-offs a delegation chain may have.</summary>
    public int MaxChainDepth { get; set; } = 5;

    /// <summary>How often the sweeper expires tasks and decisions whose time has passed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most decisions written in one group commit.</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>The <c>iss</c> of receipts.</summary>
    public string ReceiptIssuer { get; set; } = "agentconsole";

    /// <summary>How long a retired signing key stays published, so that older receipts still verify.</summary>
    public TimeSpan RetiredKeyPublication { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan MaxTaskTtl(string tier) =>
        TimeSpan.FromSeconds(MaxTaskTtlSeconds.TryGetValue(tier, out var seconds) ? seconds : 600);
}
