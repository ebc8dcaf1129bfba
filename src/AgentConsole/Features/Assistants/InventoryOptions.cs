namespace AgentConsole.Features.Assistants;

/// <summary>The inventory's catalogues and review rules, from configuration section <c>Inventory</c>.</summary>
public sealed class InventoryOptions
{
    /// <summary>Environments an assistant may be given, each with a sensitivity (<c>low</c>, <c>medium</c>, <c>high</c>).</summary>
    public List<EnvironmentDefinition> Environments { get; set; } = [];

    /// <summary>Tool scopes an assistant may be given, each marked <c>read</c> or <c>write</c>.</summary>
    public List<ScopeDefinition> Scopes { get; set; } = [];

    /// <summary>Days between recertifications, per risk tier.</summary>
    public Dictionary<string, int> ReviewIntervalDays { get; set; } = new(StringComparer.Ordinal);

    /// <summary>An active assistant with no activity for this many days is flagged idle.</summary>
    public int IdleAfterDays { get; set; } = 30;

    /// <summary>A client secret older than this is flagged as long-lived standing privilege.</summary>
    public int SecretMaxAgeDays { get; set; } = 90;

    /// <summary>Lifetime of a new client secret unless the request asks for less.</summary>
    public int SecretLifetimeDays { get; set; } = 90;

    /// <summary>The longest lifetime a client secret can be given.</summary>
    public int SecretMaxLifetimeDays { get; set; } = 365;

    /// <summary>How long a replaced secret keeps working after rotation, so that agents can switch over.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often trusted issuers' signing keys are fetched again.</summary>
    public TimeSpan IssuerKeyRefreshInterval { get; set; } = TimeSpan.FromHours(12);
}

public sealed class EnvironmentDefinition
{
    public string Name { get; set; } = "";

    public string Sensitivity { get; set; } = Assistants.Sensitivity.Low;
}

public sealed class ScopeDefinition
{
    public string Name { get; set; } = "";

    public string Access { get; set; } = ScopeAccess.Read;

    public string Description { get; set; } = "";
}

public static class RiskTiers
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";

    public static readonly IReadOnlyList<string> All = [Low, Medium, High, Critical];

    public static bool IsKnown(string? tier) => tier is not null && All.Contains(tier, StringComparer.Ordinal);

    /// <summary>0 for low up to 3 for critical; -1 for an unknown tier.</summary>
    public static int Rank(string? tier) => tier is null ? -1 : All.ToList().IndexOf(tier);
}

public static class Sensitivity
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";

    public static readonly IReadOnlyList<string> All = [Low, Medium, High];

    public static int Rank(string sensitivity) => All.ToList().IndexOf(sensitivity);
}

public static class ScopeAccess
{
    public const string Read = "read";
    public const string Write = "write";
}

public static class AssistantStatus
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Retired = "retired";

    public static readonly IReadOnlyList<string> All = [Active, Suspended, Retired];
}

/// <summary>What the inventory flags for attention.</summary>
public static class AssistantFlags
{
    public const string Overdue = "overdue";
    public const string Idle = "idle";
    public const string Orphaned = "orphaned";
    public const string LongLivedSecret = "long-lived-secret";
    public const string Pending = "pending";

    public static readonly IReadOnlyList<string> All = [Overdue, Idle, Orphaned, LongLivedSecret, Pending];

    public static string Describe(string flag) => flag switch
    {
        Overdue => "review overdue",
        Idle => "idle",
        Orphaned => "orphaned",
        LongLivedSecret => "long-lived secret",
        Pending => "changes pending",
        _ => flag,
    };
}
