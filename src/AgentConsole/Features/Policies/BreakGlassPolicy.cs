namespace AgentConsole.Features.Policies;

/// <summary>How a break-glass request starts: at once (everyone is told) or after one approval.</summary>
public enum BreakGlassStart
{
    Immediate,
    Approval,
}

/// <summary>What the policy allows one risk tier: the longest grant, and whether it starts at once.</summary>
public sealed record BreakGlassTier(TimeSpan MaxDuration, BreakGlassStart Start);

/// <summary>
/// The policy document's <c>break_glass</c> section: per-tier maximum durations and start modes, who may give the one
/// approval a waiting request needs, when repeated exceptions are flagged as becoming permanent, and how soon an
/// ended grant must be reviewed. The configured hard cap (<c>BreakGlass:HardCap</c>, default 4 hours) still bounds
/// every duration here.
/// </summary>
/// <param name="Tiers">One entry per risk tier: low, medium, high, critical.</param>
/// <param name="Approvers">Roles that may approve a waiting request (never the person who asked).</param>
/// <param name="RepeatCount">More than this many grants for the same assistant and exception within <paramref name="RepeatWindow"/> is flagged.</param>
/// <param name="RepeatWindow">The window repeats are counted in.</param>
/// <param name="ReviewWithin">How long compliance has to review an ended grant before the review is overdue.</param>
public sealed record BreakGlassPolicy(
    IReadOnlyDictionary<string, BreakGlassTier> Tiers,
    IReadOnlyList<string> Approvers,
    int RepeatCount,
    TimeSpan RepeatWindow,
    TimeSpan ReviewWithin)
{
    /// <summary>Used when a policy has no <c>break_glass</c> section.</summary>
    public static readonly BreakGlassPolicy Default = new(
        new Dictionary<string, BreakGlassTier>(StringComparer.Ordinal)
        {
            ["low"] = new(TimeSpan.FromHours(4), BreakGlassStart.Immediate),
            ["medium"] = new(TimeSpan.FromHours(2), BreakGlassStart.Immediate),
            ["high"] = new(TimeSpan.FromHours(1), BreakGlassStart.Approval),
            ["critical"] = new(TimeSpan.FromMinutes(30), BreakGlassStart.Approval),
        },
        ["security", "approver"],
        3,
        TimeSpan.FromDays(30),
        TimeSpan.FromDays(3));

    /// <summary>The tier's entry; an unknown tier gets the strictest one (critical).</summary>
    public BreakGlassTier For(string tier) =>
        Tiers.TryGetValue(tier, out var entry) ? entry : Tiers.TryGetValue("critical", out var strictest) ? strictest : Default.Tiers["critical"];
}
