namespace AgentConsole.Features.Policies;

/// <summary>
/// A parsed and validated policy. <see cref="Evaluate"/> is the hot path of every decision: it walks the rules once,
/// with no LINQ and no regex, and allocates only the decision and its list of matched rule ids.
/// </summary>
public sealed class CompiledPolicy
{
    public const string DefaultDenyRule = "default-deny";
    public const string DefaultDenyReason = "No rule allows this action (default deny).";

    // Immutable and identical every time, so one instance serves every unmatched request.
    private static readonly PolicyDecision DefaultDeny = new(PolicyEffect.Deny, DefaultDenyRule, DefaultDenyReason, null, []);

    private readonly CompiledRule[] _rules;

    internal CompiledPolicy(CompiledRule[] rules, BreakGlassPolicy? breakGlass = null)
    {
        _rules = rules;
        RuleIds = Array.AsReadOnly(Array.ConvertAll(rules, r => r.Id));
        BreakGlass = breakGlass ?? BreakGlassPolicy.Default;
    }

    /// <summary>The <c>break_glass</c> section, or <see cref="BreakGlassPolicy.Default"/> when the document has none.</summary>
    public BreakGlassPolicy BreakGlass { get; }

    public int RuleCount => _rules.Length;

    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>
    /// Deny beats require_approval beats allow. The first matching deny decides; among approvals the strictest
    /// (most approvers, then shortest TTL, then document order); otherwise the first matching allow; with no match,
    /// <c>default-deny</c>.
    /// </summary>
    public PolicyDecision Evaluate(PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rules = _rules;
        var facts = InputFacts.Of(input);
        // At most 1,000 rules (validated), so at most 4 KB of stack.
        Span<int> matched = stackalloc int[rules.Length];
        int count = 0, deny = -1, approval = -1, allow = -1;
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (!rule.Matches(input, facts))
            {
                continue;
            }

            matched[count++] = i;
            switch (rule.Effect)
            {
                case PolicyEffect.Deny:
                    if (deny < 0)
                    {
                        deny = i;
                    }

                    break;
                case PolicyEffect.RequireApproval:
                    if (approval < 0 || rule.IsStricterThan(rules[approval]))
                    {
                        approval = i;
                    }

                    break;
                default:
                    if (allow < 0)
                    {
                        allow = i;
                    }

                    break;
            }
        }

        if (count == 0)
        {
            return DefaultDeny;
        }

        var ids = new string[count];
        for (var k = 0; k < count; k++)
        {
            ids[k] = rules[matched[k]].Id;
        }

        var winner = rules[deny >= 0 ? deny : approval >= 0 ? approval : allow];
        return new PolicyDecision(winner.Effect, winner.Id, winner.Reason, winner.Approval, ids);
    }
}
