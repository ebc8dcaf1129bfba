using AgentConsole.Features.Assistants;

namespace AgentConsole.Features.Policies;

/// <summary>
/// The input's enumerable facts as one bit per group: access, tier, sensitivity, whether a human is named, whether
/// a plan was sent, and whether it is destructive. A rule keeps the bits it allows, so all of its value conditions
/// are checked by one AND per rule; only globs, labels and counts are left to compare one by one.
/// </summary>
internal static class InputFacts
{
    public const int Read = 1 << 0, Write = 1 << 1, OtherAccess = 1 << 2;
    public const int TierLow = 1 << 3, TierMedium = 1 << 4, TierHigh = 1 << 5, TierCritical = 1 << 6, OtherTier = 1 << 7;
    public const int SensitivityLow = 1 << 8, SensitivityMedium = 1 << 9, SensitivityHigh = 1 << 10, OtherSensitivity = 1 << 11;
    public const int Human = 1 << 12, NoHuman = 1 << 13;
    public const int Plan = 1 << 14, NoPlan = 1 << 15;
    public const int Destructive = 1 << 16, NotDestructive = 1 << 17;

    public const int AccessGroup = Read | Write | OtherAccess;
    public const int TierGroup = TierLow | TierMedium | TierHigh | TierCritical | OtherTier;
    public const int SensitivityGroup = SensitivityLow | SensitivityMedium | SensitivityHigh | OtherSensitivity;
    public const int HumanGroup = Human | NoHuman;
    public const int PlanGroup = Plan | NoPlan;
    public const int DestructiveGroup = Destructive | NotDestructive;

    /// <summary>Every bit: what a rule with no value conditions allows.</summary>
    public const int All = (1 << 18) - 1;

    /// <summary>Exactly one bit per group; a value outside the vocabulary sets that group's "other" bit, which only unconstrained rules allow.</summary>
    public static int Of(PolicyInput input)
    {
        var plan = input.Plan;
        return AccessBit(input.Access)
            | TierBit(input.Tier)
            | SensitivityBit(input.Sensitivity)
            | (string.IsNullOrEmpty(input.OnBehalfOf) ? NoHuman : Human)
            | (plan is null ? NoPlan | NotDestructive : Plan | (plan.Destructive ? Destructive : NotDestructive));
    }

    public static int AccessBit(string access) => access switch
    {
        ScopeAccess.Read => Read,
        ScopeAccess.Write => Write,
        _ => OtherAccess,
    };

    public static int TierBit(string tier) => tier switch
    {
        RiskTiers.Low => TierLow,
        RiskTiers.Medium => TierMedium,
        RiskTiers.High => TierHigh,
        RiskTiers.Critical => TierCritical,
        _ => OtherTier,
    };

    public static int SensitivityBit(string sensitivity) => sensitivity switch
    {
        Sensitivity.Low => SensitivityLow,
        Sensitivity.Medium => SensitivityMedium,
        Sensitivity.High => SensitivityHigh,
        _ => OtherSensitivity,
    };

    /// <summary>Narrows one group of <paramref name="allowed"/> to <paramref name="bits"/>.</summary>
    public static int Restrict(int allowed, int group, int bits) => (allowed & ~group) | (allowed & group & bits);
}
