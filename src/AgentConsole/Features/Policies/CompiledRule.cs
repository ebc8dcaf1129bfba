namespace AgentConsole.Features.Policies;

/// <summary>One rule, ready to evaluate: its reason and approval requirement are built once, not per decision.</summary>
internal sealed class CompiledRule
{
    private readonly int _forbiddenFacts;
    private readonly RuleConditions? _patterns;

    public CompiledRule(string id, PolicyEffect effect, string reason, ApprovalRequirement? approval, RuleConditions? when)
    {
        Id = id;
        Effect = effect;
        Reason = reason;
        Approval = approval;
        _forbiddenFacts = ~(when?.AllowedFacts() ?? InputFacts.All);
        _patterns = when is { HasPatterns: true } ? when : null;
    }

    public string Id { get; }

    public PolicyEffect Effect { get; }

    public string Reason { get; }

    /// <summary>Set only for <see cref="PolicyEffect.RequireApproval"/>.</summary>
    public ApprovalRequirement? Approval { get; }

    /// <param name="input">The request.</param>
    /// <param name="facts">The request's <see cref="InputFacts.Of"/>, worked out once per decision.</param>
    public bool Matches(PolicyInput input, int facts) =>
        (facts & _forbiddenFacts) == 0 && (_patterns is null || _patterns.PatternsHold(input));

    /// <summary>More approvers wins; then the shorter time to live. Equal requirements keep document order.</summary>
    public bool IsStricterThan(CompiledRule other) =>
        Approval!.Count > other.Approval!.Count
        || (Approval.Count == other.Approval.Count && Approval.Ttl < other.Approval.Ttl);
}
