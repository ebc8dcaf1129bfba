using System.Globalization;
using System.Text;

namespace AgentConsole.Benchmarks;

/// <summary>
/// A generated policy shaped like a real one grown large: five kinds of rule in turn, with globs on action, resource
/// and environment, tiers, labels, a human on whose behalf, and plan comparisons. Every rule names its own team,
/// cluster or project in a resource glob, so a request matches the one rule written for it.
/// </summary>
public static class BenchmarkPolicy
{
    public static string Generate(int ruleCount)
    {
        var yaml = new StringBuilder("defaults:\n  approvers: [approver, security]\n  approval_ttl: 15m\nrules:\n");
        for (var i = 0; i < ruleCount; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: rule-{i:000}\n");
            yaml.Append((i % 5) switch
            {
                0 => Invariant($"""
                        effect: require_approval
                        when:
                          action: ["terraform:apply", "terraform:plan"]
                          access: write
                          tier: [high, critical]
                          environment: "prod*"
                          resource: "aws/team-{i}/*"
                        approval: {"{"} count: {1 + (i % 3)}, ttl: {10 + i}m {"}"}

                    """),
                1 => Invariant($"""
                        effect: deny
                        when:
                          action: "k8s:*"
                          environment: [staging, "prod*"]
                          labels: {"{"} team: "team-{i}-*" {"}"}
                          resource: "k8s/cluster-{i}/*"
                          plan: {"{"} destroys: "> 0" {"}"}

                    """),
                2 => Invariant($"""
                        effect: require_approval
                        when:
                          assistant: "bot-{i}-*"
                          action: "db:*"
                          sensitivity: [medium, high]
                          resource: "*/db-{i}/*"
                          plan: {"{"} adds: ">= 1", changes: "< 10" {"}"}

                    """),
                3 => Invariant($"""
                        effect: allow
                        when:
                          access: read
                          environment: dev
                          labels: {"{"} team: "team-{i}", cost-center: "cc-?{i}" {"}"}

                    """),
                _ => Invariant($"""
                        effect: allow
                        when:
                          action: ["iam:*", "git:push"]
                          resource: "gcp/project-{i}/*"
                          on_behalf_of: present
                          plan: {"{"} present: true, destructive: false {"}"}

                    """),
            });
        }

        return yaml.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
