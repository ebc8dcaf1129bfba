namespace AgentConsole.Features.Policies;

/// <summary>Everything a policy rule can look at when one decision is asked for.</summary>
/// <param name="Assistant">The assistant's name (slug).</param>
/// <param name="Tier">Its risk tier: low, medium, high or critical.</param>
/// <param name="Labels">Its key=value labels.</param>
/// <param name="Environment">The task's environment, e.g. <c>prod</c>.</param>
/// <param name="Sensitivity">The environment's sensitivity: low, medium or high.</param>
/// <param name="Action">The scope asked for, e.g. <c>terraform:apply</c>.</param>
/// <param name="Access">Whether that scope reads or writes: read or write.</param>
/// <param name="Resource">The resource acted on, e.g. <c>aws/prod/vpc-main</c>.</param>
/// <param name="Plan">Facts parsed from the plan, or null when no plan was sent.</param>
/// <param name="OnBehalfOf">The human the assistant works for, or null when it acts on its own.</param>
public sealed record PolicyInput(
    string Assistant,
    string Tier,
    IReadOnlyDictionary<string, string> Labels,
    string Environment,
    string Sensitivity,
    string Action,
    string Access,
    string Resource,
    PlanFacts? Plan,
    string? OnBehalfOf);

public enum PolicyEffect
{
    Allow,
    RequireApproval,
    Deny,
}

/// <summary>Who may approve, how many distinct people must, and how long an approval stays usable.</summary>
public sealed record ApprovalRequirement(IReadOnlyList<string> Roles, int Count, TimeSpan Ttl);

/// <summary>
/// The outcome of evaluating one policy version: the winning effect, the rule that decided it (or
/// <c>default-deny</c> when nothing matched), a human-readable reason, what approval needs (for
/// <see cref="PolicyEffect.RequireApproval"/>), and every rule that matched.
/// </summary>
public sealed record PolicyDecision(
    PolicyEffect Effect,
    string Rule,
    string Reason,
    ApprovalRequirement? Approval,
    IReadOnlyList<string> Matched);
