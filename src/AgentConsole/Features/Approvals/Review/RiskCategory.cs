namespace AgentConsole.Features.Approvals.Review;

/// <summary>Kinds of change an on-call approver should not wave through unread. Declared in the order shown.</summary>
public enum RiskCategory
{
    Destroyed,
    Replaced,
    IamWildcard,
    PublicExposure,
    EncryptionOff,
    LoggingOff,
}

/// <summary>How a risk category reads and looks: the icon and words carry it, never colour alone.</summary>
public static class RiskCategories
{
    public static IReadOnlyList<RiskCategory> All { get; } = Enum.GetValues<RiskCategory>();

    /// <summary>The summary's words after the count: "2 destroyed", "1 IAM wildcard", "3 IAM wildcards".</summary>
    public static string Label(RiskCategory category, int count) => category switch
    {
        RiskCategory.Destroyed => "destroyed",
        RiskCategory.Replaced => "replaced",
        RiskCategory.IamWildcard => count == 1 ? "IAM wildcard" : "IAM wildcards",
        RiskCategory.PublicExposure => count == 1 ? "public exposure" : "public exposures",
        RiskCategory.EncryptionOff => "encryption off",
        _ => "logging off",
    };

    /// <summary>The category's name on its own, for a flagged line's label ("Risk: public exposure").</summary>
    public static string Name(RiskCategory category) => category switch
    {
        RiskCategory.Destroyed => "destroyed resource",
        RiskCategory.Replaced => "replaced resource",
        _ => Label(category, 1),
    };

    /// <summary>A Bootstrap Icons class.</summary>
    public static string Icon(RiskCategory category) => category switch
    {
        RiskCategory.Destroyed => "bi-trash3",
        RiskCategory.Replaced => "bi-arrow-repeat",
        RiskCategory.IamWildcard => "bi-asterisk",
        RiskCategory.PublicExposure => "bi-globe2",
        RiskCategory.EncryptionOff => "bi-unlock",
        _ => "bi-journal-x",
    };

    /// <summary>A short CSS class suffix.</summary>
    public static string Slug(RiskCategory category) => category switch
    {
        RiskCategory.Destroyed => "destroyed",
        RiskCategory.Replaced => "replaced",
        RiskCategory.IamWildcard => "iam",
        RiskCategory.PublicExposure => "public",
        RiskCategory.EncryptionOff => "encryption",
        _ => "logging",
    };
}
