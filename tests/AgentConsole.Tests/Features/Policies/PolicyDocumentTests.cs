using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;
using Microsoft.Extensions.Configuration;

namespace AgentConsole.Tests.Features.Policies;

/// <summary>Validation names the line of every error, reports them all, and accepts the shipped default policy.</summary>
public class PolicyDocumentTests
{
    private static readonly string[] Scopes = ["terraform:plan", "terraform:apply", "k8s:read", "k8s:deploy"];
    private static readonly string[] Environments = ["dev", "staging", "prod"];

    public static TheoryData<string> ErrorCases => new(PolicyErrorCases.All.Keys);

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void An_invalid_policy_is_refused_with_one_error_naming_its_line(string name)
    {
        var (yaml, line, message) = PolicyErrorCases.All[name];

        var result = PolicyDocument.Parse(yaml);

        Assert.False(result.IsValid);
        Assert.Null(result.Policy);
        Assert.Equal([(line, message)], result.Errors.Select(e => (e.Line, e.Message)));
    }

    [Fact]
    public void A_misspelt_key_is_reported_at_its_line_and_column_beside_the_missing_key()
    {
        var result = PolicyDocument.Parse("""
            rules:
              - id: prod-writes-need-approval
                description: Writes to production wait.
                efect: require_approval
            """);

        Assert.Equal(
            [
                (2, 5, "rule 'prod-writes-need-approval' has no 'effect'; expected allow, deny or require_approval"),
                (4, 5, "unknown key 'efect' in rule; expected one of id, description, effect, reason, when, approval (did you mean 'effect'?)"),
            ],
            result.Errors.Select(e => (e.Line, e.Column, e.Message)));
        Assert.StartsWith("line 4: unknown key 'efect' in rule;", result.Errors[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_reported_in_line_order_not_just_the_first()
    {
        var result = PolicyDocument.Parse("""
            defaults:
              approvers: [approver, oncall]
            rules:
              - id: r
                effect: allow
                when:
                  tier: urgent
                  access: write
              - id: r
                effect: require_approval
                approval:
                  count: 9
                  ttl: 2d
              - description: no id, no effect
            """);

        Assert.Equal([2, 7, 9, 12, 13, 14, 14], result.Errors.Select(e => e.Line));
        Assert.Contains(result.Errors, e => e.Message == "duplicate rule id 'r' on line 9; it is already used on line 4");
    }

    [Fact]
    public void A_glob_matching_no_known_scope_or_environment_names_its_line()
    {
        var result = PolicyDocument.Parse("""
            rules:
              - id: r
                effect: allow
                when:
                  action: ["k8s:*", "terraform:aply"]
                  environment: "prd*"
            """, Scopes, Environments);

        Assert.Equal(
            [
                (5, "action 'terraform:aply' matches no known scope; known: terraform:plan, terraform:apply, k8s:read, k8s:deploy"),
                (6, "environment 'prd*' matches no known environment; known: dev, staging, prod"),
            ],
            result.Errors.Select(e => (e.Line, e.Message)));
    }

    [Fact]
    public void Globs_are_checked_against_the_catalogue_only_when_it_is_given()
    {
        const string yaml = "rules:\n  - id: r\n    effect: allow\n    when: { action: \"gcp:*\", environment: qa }\n";

        Assert.True(PolicyDocument.Parse(yaml).IsValid);
        Assert.False(PolicyDocument.Parse(yaml, Scopes, Environments).IsValid);
    }

    [Fact]
    public void More_than_1000_rules_are_refused()
    {
        var rules = string.Concat(Enumerable.Range(1, 1001).Select(i => $"  - id: r{i}\n    effect: allow\n"));

        var result = PolicyDocument.Parse("rules:\n" + rules);

        Assert.Equal([(2, "'rules' has 1001 rules; a policy may have at most 1000")], result.Errors.Select(e => (e.Line, e.Message)));
        Assert.True(PolicyDocument.Parse("rules:\n" + rules[..rules.IndexOf("  - id: r1001", StringComparison.Ordinal)]).IsValid);
    }

    [Fact]
    public void The_default_policy_parses_without_errors_against_the_shipped_catalogue()
    {
        var inventory = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .Build()
            .GetSection("Inventory")
            .Get<InventoryOptions>()!;
        Assert.NotEmpty(inventory.Scopes);

        var result = PolicyDocument.Parse(
            PolicyDocument.Default,
            [.. inventory.Scopes.Select(s => s.Name)],
            [.. inventory.Environments.Select(e => e.Name)]);

        Assert.Empty(result.Errors);
        Assert.Equal(
            [
                "deny-unattended-destructive-prod", "destructive-prod-needs-two-approvers", "critical-tier-writes-need-two-approvers",
                "prod-writes-need-approval", "destructive-staging-needs-approval", "allow-reads", "allow-writes-low-sensitivity",
                "allow-nondestructive-writes-medium-sensitivity",
            ],
            result.Policy!.RuleIds);
    }

    [Theory]
    [InlineData("count: 5", 5)]
    [InlineData("ttl: 24h", 1)]
    [InlineData("ttl: 1m", 1)]
    [InlineData("approvers: owner", 1)]
    public void Limits_themselves_are_accepted(string approvalLine, int count)
    {
        var result = PolicyDocument.Parse($"rules:\n  - id: r\n    effect: require_approval\n    approval:\n      {approvalLine}\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(count, result.Policy!.Evaluate(PolicyInputs.Read).Approval!.Count);
    }
}
