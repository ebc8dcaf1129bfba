using AgentConsole.Features.Policies;
using static AgentConsole.Features.Policies.PolicyEffect;
using static AgentConsole.Tests.Features.Policies.PolicyInputs;

namespace AgentConsole.Tests.Features.Policies;

/// <summary>One row of the evaluation table: a policy, an input, and the decision expected of them.</summary>
public sealed record EvaluationCase(string Policy, PolicyInput Input, PolicyEffect Effect, string Rule, int? ApprovalCount = null);

/// <summary>The evaluation table, by case name (the name is what the test runner shows).</summary>
public static class PolicyEvaluationCases
{
    private const string Matched = "under-test";
    private const string None = CompiledPolicy.DefaultDenyRule;

    /// <summary>Deny, approval and allow rules that all match writes to iam, listed with deny last.</summary>
    public const string Precedence = """
        rules:
          - id: allow-everything
            effect: allow
          - id: writes-wait
            effect: require_approval
            when: { access: write }
          - id: no-iam-writes
            effect: deny
            when: { action: "iam:*", access: write }
          - id: no-iam-at-all
            effect: deny
            when: { action: "iam:*" }
          - id: allow-again
            effect: allow
        """;

    /// <summary>Approval rules that differ in count and TTL; the last two are equally strict.</summary>
    public const string Approvals = """
        rules:
          - id: one-for-an-hour
            effect: require_approval
            approval: { count: 1, ttl: 1h }
          - id: two-for-two-hours
            effect: require_approval
            approval: { count: 2, ttl: 2h }
          - id: two-for-ten-minutes
            effect: require_approval
            when: { resource: "aws/prod/*" }
            approval: { count: 2, ttl: 10m }
          - id: two-for-ten-minutes-again
            effect: require_approval
            when: { resource: "aws/prod/*" }
            approval: { count: 2, ttl: 10m }
        """;

    /// <summary>Reads only: everything else falls through to the default deny.</summary>
    public const string ReadsOnly = """
        rules:
          - id: reads
            effect: allow
            when: { access: read }
        """;

    public static readonly IReadOnlyDictionary<string, EvaluationCase> All = new Dictionary<string, EvaluationCase>
    {
        // The shipped default policy.
        ["default: a read in prod without a human is allowed"] = new(PolicyDocument.Default, Read with { Environment = "prod", Sensitivity = "high", OnBehalfOf = null }, Allow, "allow-reads"),
        ["default: a read by a critical assistant is allowed"] = new(PolicyDocument.Default, Read with { Tier = "critical" }, Allow, "allow-reads"),
        ["default: a write in dev is allowed"] = new(PolicyDocument.Default, InDev, Allow, "allow-writes-low-sensitivity"),
        ["default: a destructive write in dev is allowed"] = new(PolicyDocument.Default, InDev with { Plan = Destroying }, Allow, "allow-writes-low-sensitivity"),
        ["default: a write in staging without a plan is allowed"] = new(PolicyDocument.Default, InStaging, Allow, "allow-nondestructive-writes-medium-sensitivity"),
        ["default: a harmless plan in staging is allowed"] = new(PolicyDocument.Default, InStaging with { Plan = Harmless }, Allow, "allow-nondestructive-writes-medium-sensitivity"),
        ["default: a destructive plan in staging waits for one"] = new(PolicyDocument.Default, InStaging with { Plan = Destroying }, RequireApproval, "destructive-staging-needs-approval", 1),
        ["default: a write in prod waits for one"] = new(PolicyDocument.Default, InProd, RequireApproval, "prod-writes-need-approval", 1),
        ["default: a harmless plan in prod without a human waits for one"] = new(PolicyDocument.Default, InProd with { Plan = Harmless, OnBehalfOf = null }, RequireApproval, "prod-writes-need-approval", 1),
        ["default: a critical write in prod waits for two"] = new(PolicyDocument.Default, InProd with { Tier = "critical" }, RequireApproval, "critical-tier-writes-need-two-approvers", 2),
        ["default: a critical write in dev waits for two"] = new(PolicyDocument.Default, InDev with { Tier = "critical" }, RequireApproval, "critical-tier-writes-need-two-approvers", 2),
        ["default: a destructive plan in prod waits for two"] = new(PolicyDocument.Default, InProd with { Plan = Destroying }, RequireApproval, "destructive-prod-needs-two-approvers", 2),
        ["default: equally strict approvals go by document order"] = new(PolicyDocument.Default, InProd with { Plan = Destroying, Tier = "critical" }, RequireApproval, "destructive-prod-needs-two-approvers", 2),
        ["default: a replacement in prod counts as destructive"] = new(PolicyDocument.Default, InProd with { Plan = Plan(replaces: 1) }, RequireApproval, "destructive-prod-needs-two-approvers", 2),
        ["default: a destructive plan in prod without a human is denied"] = new(PolicyDocument.Default, InProd with { Plan = Destroying, OnBehalfOf = null }, Deny, "deny-unattended-destructive-prod"),
        ["default: a write where sensitivity is unknown is denied by default"] = new(PolicyDocument.Default, Write("lab", "secret"), Deny, None),

        // Precedence: deny beats approval beats allow, the first deny decides, the first allow decides.
        ["precedence: a read matches only allows; the first decides"] = new(Precedence, Read, Allow, "allow-everything"),
        ["precedence: approval beats allow"] = new(Precedence, InDev, RequireApproval, "writes-wait", 1),
        ["precedence: deny beats approval and allow; the first deny decides"] = new(Precedence, InDev with { Action = "iam:write" }, Deny, "no-iam-writes"),
        ["precedence: deny beats allow"] = new(Precedence, Read with { Action = "iam:read" }, Deny, "no-iam-at-all"),
        ["default deny: nothing matched"] = new(ReadsOnly, InDev, Deny, None),

        // Strictest approval: most approvers, then shortest TTL, then document order.
        ["strictest: more approvers beats a shorter TTL"] = new(Approvals, InDev, RequireApproval, "two-for-two-hours", 2),
        ["strictest: same count, shorter TTL wins, then the first"] = new(Approvals, InProd, RequireApproval, "two-for-ten-minutes", 2),

        // One kind of condition at a time.
        ["assistant glob matches"] = new(AllowWhen("assistant: \"deploy-*\""), Read with { Assistant = "deploy-web" }, Allow, Matched),
        ["assistant glob is case-sensitive"] = new(AllowWhen("assistant: \"deploy-*\""), Read with { Assistant = "Deploy-web" }, Deny, None),
        ["assistant list: ? matches one character"] = new(AllowWhen("assistant: [builder, \"bot-?\"]"), Read with { Assistant = "bot-7" }, Allow, Matched),
        ["assistant list: ? matches no more than one"] = new(AllowWhen("assistant: [builder, \"bot-?\"]"), Read with { Assistant = "bot-77" }, Deny, None),
        ["tier in list"] = new(AllowWhen("tier: [high, critical]"), Read with { Tier = "critical" }, Allow, Matched),
        ["tier not in list"] = new(AllowWhen("tier: [high, critical]"), Read with { Tier = "medium" }, Deny, None),
        ["label matches its glob"] = new(AllowWhen("labels: { team: \"payments-*\" }"), Read with { Labels = Labels(("team", "payments-eu")) }, Allow, Matched),
        ["label with another value"] = new(AllowWhen("labels: { team: \"payments-*\" }"), Read with { Labels = Labels(("team", "search")) }, Deny, None),
        ["label missing"] = new(AllowWhen("labels: { team: \"*\" }"), Read with { Labels = Labels(("owner", "ada")) }, Deny, None),
        ["every label must match"] = new(AllowWhen("labels: { team: payments, tier: [gold, silver] }"), Read with { Labels = Labels(("team", "payments"), ("tier", "bronze")) }, Deny, None),
        ["every label matches"] = new(AllowWhen("labels: { team: payments, tier: [gold, silver] }"), Read with { Labels = Labels(("team", "payments"), ("tier", "silver")) }, Allow, Matched),
        ["environment glob matches"] = new(AllowWhen("environment: [\"prod*\"]"), Read with { Environment = "prod-eu" }, Allow, Matched),
        ["environment glob does not match"] = new(AllowWhen("environment: [\"prod*\"]"), Read with { Environment = "staging" }, Deny, None),
        ["sensitivity matches"] = new(AllowWhen("sensitivity: high"), Read with { Sensitivity = "high" }, Allow, Matched),
        ["sensitivity differs"] = new(AllowWhen("sensitivity: high"), Read with { Sensitivity = "medium" }, Deny, None),
        ["action glob in list matches"] = new(AllowWhen("action: [\"terraform:apply\", \"k8s:*\"]"), Read with { Action = "k8s:deploy" }, Allow, Matched),
        ["action glob in list does not match"] = new(AllowWhen("action: [\"terraform:apply\", \"k8s:*\"]"), Read with { Action = "terraform:plan" }, Deny, None),
        ["access matches"] = new(AllowWhen("access: write"), InDev, Allow, Matched),
        ["access differs"] = new(AllowWhen("access: write"), Read, Deny, None),
        ["resource star crosses slashes"] = new(AllowWhen("resource: \"aws/prod/*\""), Read with { Resource = "aws/prod/rds/main" }, Allow, Matched),
        ["resource prefix does not match"] = new(AllowWhen("resource: \"aws/prod/*\""), Read with { Resource = "aws/dev/rds" }, Deny, None),
        ["resource glob with stars inside matches"] = new(AllowWhen("resource: \"*/prod/*db*\""), Read with { Resource = "gcp/prod/main-db-1" }, Allow, Matched),
        ["resource glob with ? needs exactly one character"] = new(AllowWhen("resource: \"aws/*/vpc-?\""), Read with { Resource = "aws/prod/vpc-12" }, Deny, None),
        ["resource suffix glob matches"] = new(AllowWhen("resource: \"*-main\""), Read, Allow, Matched),
        ["on_behalf_of present with a human"] = new(AllowWhen("on_behalf_of: present"), Read, Allow, Matched),
        ["on_behalf_of present without a human"] = new(AllowWhen("on_behalf_of: present"), Read with { OnBehalfOf = null }, Deny, None),
        ["on_behalf_of absent without a human"] = new(AllowWhen("on_behalf_of: absent"), Read with { OnBehalfOf = null }, Allow, Matched),
        ["on_behalf_of absent with a human"] = new(AllowWhen("on_behalf_of: absent"), Read, Deny, None),
        ["several conditions all hold"] = new(AllowWhen("action: \"terraform:*\"\nenvironment: dev\naccess: write"), InDev, Allow, Matched),
        ["several conditions, one fails"] = new(AllowWhen("action: \"terraform:*\"\nenvironment: dev\naccess: write"), InStaging, Deny, None),

        // Plans: comparisons, and what holds when no plan was sent.
        ["plan present with a plan"] = new(AllowWhen("plan: { present: true }"), InDev with { Plan = Harmless }, Allow, Matched),
        ["plan present without a plan"] = new(AllowWhen("plan: { present: true }"), InDev, Deny, None),
        ["plan absent without a plan"] = new(AllowWhen("plan: { present: false }"), InDev, Allow, Matched),
        ["plan absent with a plan"] = new(AllowWhen("plan: { present: false }"), InDev with { Plan = Harmless }, Deny, None),
        ["adds >= 1 holds at 1"] = new(AllowWhen("plan: { adds: \">= 1\" }"), InDev with { Plan = Plan(adds: 1) }, Allow, Matched),
        ["adds >= 1 fails at 0"] = new(AllowWhen("plan: { adds: \">= 1\" }"), InDev with { Plan = Plan() }, Deny, None),
        ["changes as a plain number means equal"] = new(AllowWhen("plan: { changes: 3 }"), InDev with { Plan = Plan(changes: 3) }, Allow, Matched),
        ["changes == 3 fails at 4"] = new(AllowWhen("plan: { changes: \"== 3\" }"), InDev with { Plan = Plan(changes: 4) }, Deny, None),
        ["destroys > 0 holds at 1"] = new(AllowWhen("plan: { destroys: \"> 0\" }"), InDev with { Plan = Plan(destroys: 1) }, Allow, Matched),
        ["destroys > 0 fails at 0"] = new(AllowWhen("plan: { destroys: \"> 0\" }"), InDev with { Plan = Plan(adds: 4) }, Deny, None),
        ["replaces < 2 holds at 1"] = new(AllowWhen("plan: { replaces: \"< 2\" }"), InDev with { Plan = Plan(replaces: 1) }, Allow, Matched),
        ["replaces < 2 fails at 2"] = new(AllowWhen("plan: { replaces: \"< 2\" }"), InDev with { Plan = Plan(replaces: 2) }, Deny, None),
        ["adds <= 2 holds at 2"] = new(AllowWhen("plan: { adds: \"<= 2\" }"), InDev with { Plan = Plan(adds: 2) }, Allow, Matched),
        ["adds <= 2 fails at 3"] = new(AllowWhen("plan: { adds: \"<= 2\" }"), InDev with { Plan = Plan(adds: 3) }, Deny, None),
        ["a count condition fails without a plan, even < 2"] = new(AllowWhen("plan: { replaces: \"< 2\" }"), InDev, Deny, None),
        ["destructive holds for a marker alone"] = new(AllowWhen("plan: { destructive: true }"), InDev with { Plan = Plan(markers: "drop table users") }, Allow, Matched),
        ["destructive fails for a harmless plan"] = new(AllowWhen("plan: { destructive: true }"), InDev with { Plan = Harmless }, Deny, None),
        ["destructive fails without a plan"] = new(AllowWhen("plan: { destructive: true }"), InDev, Deny, None),
        ["not destructive holds without a plan"] = new(AllowWhen("plan: { destructive: false }"), InDev, Allow, Matched),
        ["not destructive fails for a destroy"] = new(AllowWhen("plan: { destructive: false }"), InDev with { Plan = Plan(destroys: 1) }, Deny, None),
    };
}
