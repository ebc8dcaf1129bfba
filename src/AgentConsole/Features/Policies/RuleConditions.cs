namespace AgentConsole.Features.Policies;

/// <summary>
/// A rule's compiled <c>when</c>: every condition given must hold; a null property was not given. Value conditions
/// (access, tier, sensitivity, on_behalf_of, plan present and destructive) fold into <see cref="AllowedFacts"/>;
/// <see cref="PatternsHold"/> checks the rest. Nothing here allocates.
/// </summary>
internal sealed class RuleConditions
{
    public string? Access { get; init; }

    public string[]? Tiers { get; init; }

    public string[]? Sensitivities { get; init; }

    /// <summary>True: a human must be named; false: none may be.</summary>
    public bool? OnBehalfOfPresent { get; init; }

    public Glob? Action { get; init; }

    public Glob? Environment { get; init; }

    public Glob? Assistant { get; init; }

    public Glob? Resource { get; init; }

    public LabelCondition[]? Labels { get; init; }

    public PlanCondition? Plan { get; init; }

    public bool HasPatterns => Action is not null || Environment is not null || Assistant is not null || Resource is not null
        || Labels is not null || Plan is { HasCounts: true };

    /// <summary>The <see cref="InputFacts"/> bits an input may have for the value conditions to hold.</summary>
    public int AllowedFacts()
    {
        var allowed = InputFacts.All;
        if (Access is not null)
        {
            allowed = InputFacts.Restrict(allowed, InputFacts.AccessGroup, InputFacts.AccessBit(Access));
        }

        if (Tiers is not null)
        {
            allowed = InputFacts.Restrict(allowed, InputFacts.TierGroup, Tiers.Aggregate(0, (bits, t) => bits | InputFacts.TierBit(t)));
        }

        if (Sensitivities is not null)
        {
            allowed = InputFacts.Restrict(allowed, InputFacts.SensitivityGroup, Sensitivities.Aggregate(0, (bits, s) => bits | InputFacts.SensitivityBit(s)));
        }

        if (OnBehalfOfPresent is bool human)
        {
            allowed = InputFacts.Restrict(allowed, InputFacts.HumanGroup, human ? InputFacts.Human : InputFacts.NoHuman);
        }

        return Plan?.AllowedFacts(allowed) ?? allowed;
    }

    /// <summary>Globs, labels and plan counts; the value conditions were checked through <see cref="AllowedFacts"/>.</summary>
    public bool PatternsHold(PolicyInput input) =>
        (Action is null || Action.IsMatch(input.Action))
        && (Environment is null || Environment.IsMatch(input.Environment))
        && (Assistant is null || Assistant.IsMatch(input.Assistant))
        && (Resource is null || Resource.IsMatch(input.Resource))
        && (Labels is null || LabelsMatch(input.Labels, Labels))
        && (Plan is null || Plan.CountsHold(input.Plan));

    private static bool LabelsMatch(IReadOnlyDictionary<string, string> labels, LabelCondition[] conditions)
    {
        foreach (var condition in conditions)
        {
            if (!labels.TryGetValue(condition.Key, out var value) || !condition.Value.IsMatch(value))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The label <see cref="Key"/> must exist and its value match <see cref="Value"/>.</summary>
internal sealed record LabelCondition(string Key, Glob Value);

/// <summary>
/// Conditions on the plan. With no plan sent, <c>present: false</c> and <c>destructive: false</c> hold and every
/// count condition fails: a count cannot be shown to hold for a plan nobody has seen.
/// </summary>
internal sealed class PlanCondition
{
    public bool? Present { get; init; }

    public CountComparison? Adds { get; init; }

    public CountComparison? Changes { get; init; }

    public CountComparison? Destroys { get; init; }

    public CountComparison? Replaces { get; init; }

    public bool? Destructive { get; init; }

    public bool HasCounts => Adds is not null || Changes is not null || Destroys is not null || Replaces is not null;

    public int AllowedFacts(int allowed)
    {
        if (Present is bool present)
        {
            allowed = InputFacts.Restrict(allowed, InputFacts.PlanGroup, present ? InputFacts.Plan : InputFacts.NoPlan);
        }

        if (HasCounts)
        {
            allowed = InputFacts.Restrict(allowed, InputFacts.PlanGroup, InputFacts.Plan);
        }

        // No plan counts as not destructive (InputFacts.Of), so "destructive: false" holds without one.
        if (Destructive is bool destructive)
        {
            allowed = InputFacts.Restrict(allowed, InputFacts.DestructiveGroup, destructive ? InputFacts.Destructive : InputFacts.NotDestructive);
        }

        return allowed;
    }

    public bool CountsHold(PlanFacts? plan) =>
        !HasCounts
        || (plan is not null
            && Holds(Adds, plan.Adds)
            && Holds(Changes, plan.Changes)
            && Holds(Destroys, plan.Destroys)
            && Holds(Replaces, plan.Replaces));

    private static bool Holds(CountComparison? comparison, int count) =>
        comparison is not CountComparison c || c.IsSatisfiedBy(count);
}
