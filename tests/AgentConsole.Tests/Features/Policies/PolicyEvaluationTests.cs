using AgentConsole.Features.Policies;
using static AgentConsole.Tests.Features.Policies.PolicyInputs;

namespace AgentConsole.Tests.Features.Policies;

/// <summary>How a compiled policy decides: the case table, then what a decision carries besides its effect.</summary>
public class PolicyEvaluationTests
{
    public static TheoryData<string> Cases => new(PolicyEvaluationCases.All.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluation_gives_the_expected_effect_rule_and_approval_count(string name)
    {
        var (policy, input, effect, rule, approvalCount) = PolicyEvaluationCases.All[name];

        var decision = Compile(policy).Evaluate(input);

        Assert.Equal((effect, rule), (decision.Effect, decision.Rule));
        Assert.Equal(approvalCount, decision.Approval?.Count);
        Assert.Contains(decision.Rule, decision.Matched.Append(CompiledPolicy.DefaultDenyRule));
    }

    [Fact]
    public void Nothing_matched_is_denied_with_the_default_deny_reason_and_no_matches()
    {
        var decision = Compile(PolicyEvaluationCases.ReadsOnly).Evaluate(InProd);

        Assert.Equal(PolicyEffect.Deny, decision.Effect);
        Assert.Equal("default-deny", decision.Rule);
        Assert.Equal("No rule allows this action (default deny).", decision.Reason);
        Assert.Null(decision.Approval);
        Assert.Empty(decision.Matched);
    }

    [Fact]
    public void Matched_lists_every_matching_rule_in_document_order()
    {
        var decision = Compile(PolicyEvaluationCases.Precedence).Evaluate(InDev with { Action = "iam:write" });

        Assert.Equal(["allow-everything", "writes-wait", "no-iam-writes", "no-iam-at-all", "allow-again"], decision.Matched);
    }

    [Fact]
    public void The_strictest_approval_brings_its_own_roles_count_and_ttl()
    {
        var policy = Compile("""
            rules:
              - id: security-pair
                effect: require_approval
                approval: { approvers: [security, compliance], count: 2, ttl: 1h30m }
              - id: any-approver
                effect: require_approval
            """);

        var decision = policy.Evaluate(InProd);

        Assert.Equal("security-pair", decision.Rule);
        Assert.Equal(["security", "compliance"], decision.Approval!.Roles);
        Assert.Equal(2, decision.Approval.Count);
        Assert.Equal(TimeSpan.FromMinutes(90), decision.Approval.Ttl);
    }

    [Fact]
    public void A_rule_without_approval_block_uses_the_policy_defaults()
    {
        var policy = Compile("""
            defaults:
              approvers: [compliance]
              approval_ttl: 90s
            rules:
              - id: wait
                effect: require_approval
            """);

        var approval = policy.Evaluate(InDev).Approval!;

        Assert.Equal(["compliance"], approval.Roles);
        Assert.Equal((1, TimeSpan.FromSeconds(90)), (approval.Count, approval.Ttl));
    }

    [Fact]
    public void Without_defaults_an_approval_needs_one_approver_security_or_admin_for_15_minutes()
    {
        var approval = Compile("rules:\n  - id: wait\n    effect: require_approval\n").Evaluate(InDev).Approval!;

        Assert.Equal(["approver", "security", "admin"], approval.Roles);
        Assert.Equal((1, TimeSpan.FromMinutes(15)), (approval.Count, approval.Ttl));
    }

    [Theory]
    [InlineData("description: Reads are fine.|reason: Reading is allowed here.", "Reading is allowed here.")]
    [InlineData("description: Reads are fine.", "Reads are fine.")]
    [InlineData("", "Rule reads matched.")]
    public void The_reason_is_the_rules_reason_else_its_description_else_a_generic_one(string lines, string expected)
    {
        var yaml = "rules:\n  - id: reads\n    effect: allow\n"
            + string.Concat(lines.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(line => $"    {line}\n"));

        Assert.Equal(expected, Compile(yaml).Evaluate(Read).Reason);
    }

    [Fact]
    public void Allow_and_deny_decisions_carry_no_approval()
    {
        var policy = Compile(PolicyEvaluationCases.Precedence);

        Assert.Null(policy.Evaluate(Read).Approval);
        Assert.Null(policy.Evaluate(Read with { Action = "iam:read" }).Approval);
    }

    [Fact]
    public void Rule_ids_and_count_are_listed_in_document_order()
    {
        var policy = Compile(PolicyEvaluationCases.Approvals);

        Assert.Equal(4, policy.RuleCount);
        Assert.Equal(["one-for-an-hour", "two-for-two-hours", "two-for-ten-minutes", "two-for-ten-minutes-again"], policy.RuleIds);
    }

    internal static CompiledPolicy Compile(string yaml)
    {
        var result = PolicyDocument.Parse(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Policy!;
    }
}
