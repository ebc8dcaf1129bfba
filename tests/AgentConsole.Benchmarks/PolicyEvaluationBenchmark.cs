using AgentConsole.Features.Policies;
using BenchmarkDotNet.Attributes;

namespace AgentConsole.Benchmarks;

/// <summary>
/// One decision against a 100-rule policy. Every matching rule is listed in the decision, so every case walks all
/// rules; the cases differ in how far each rule's checks get and in what the decision allocates.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(PolicyBenchmarkConfig))]
public class PolicyEvaluationBenchmark
{
    public const int Rules = 100;

    private static readonly Dictionary<string, string> TeamLabels = new(StringComparer.Ordinal) { ["team"] = "team-7" };

    private readonly PolicyInput _matchesFirstRule = new(
        "deploy-web", "high", TeamLabels, "prod", "high", "terraform:apply", "write", "aws/team-0/vpc-main",
        new PlanFacts(2, 1, 0, 0, []), "ada");

    private readonly PolicyInput _matchesOnlyLastRule = new(
        "deploy-web", "medium", TeamLabels, "prod", "high", "iam:write", "write", $"gcp/project-{Rules - 1}/bucket",
        new PlanFacts(1, 0, 0, 0, []), "ada");

    private readonly PolicyInput _matchesNothing = new(
        "deploy-web", "high", TeamLabels, "prod", "high", "terraform:apply", "write", "azure/rg-main/vnet",
        new PlanFacts(0, 3, 1, 0, []), null);

    private CompiledPolicy _policy = null!;

    [GlobalSetup]
    public void Compile()
    {
        var result = PolicyDocument.Parse(BenchmarkPolicy.Generate(Rules));
        _policy = result.Policy ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
        Expect(_matchesFirstRule, "rule-000");
        Expect(_matchesOnlyLastRule, $"rule-{Rules - 1:000}");
        Expect(_matchesNothing, CompiledPolicy.DefaultDenyRule);
    }

    [Benchmark(Description = "100 rules, first rule matches")]
    public PolicyDecision FirstRuleMatches() => _policy.Evaluate(_matchesFirstRule);

    [Benchmark(Description = "100 rules, only the last matches")]
    public PolicyDecision OnlyLastRuleMatches() => _policy.Evaluate(_matchesOnlyLastRule);

    [Benchmark(Description = "100 rules, none match (default deny)")]
    public PolicyDecision NothingMatches() => _policy.Evaluate(_matchesNothing);

    // A benchmark of the wrong path would measure nothing useful: check each input decides as intended.
    private void Expect(PolicyInput input, string rule)
    {
        var decision = _policy.Evaluate(input);
        if (decision.Rule != rule || decision.Matched.Count > 1)
        {
            throw new InvalidOperationException($"Expected only {rule} to decide, got {decision.Rule} (matched {string.Join(", ", decision.Matched)}).");
        }
    }
}
