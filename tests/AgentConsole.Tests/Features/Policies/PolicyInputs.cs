using AgentConsole.Features.Policies;

namespace AgentConsole.Tests.Features.Policies;

/// <summary>Builders for policy inputs and plans: a read in dev on someone's behalf, changed with <c>with</c>.</summary>
public static class PolicyInputs
{
    public static readonly PolicyInput Read = new(
        Assistant: "deployer",
        Tier: "low",
        Labels: new Dictionary<string, string>(StringComparer.Ordinal) { ["team"] = "platform" },
        Environment: "dev",
        Sensitivity: "low",
        Action: "terraform:plan",
        Access: "read",
        Resource: "aws/dev/vpc-main",
        Plan: null,
        OnBehalfOf: "ada");

    public static PolicyInput Write(string environment, string sensitivity, PlanFacts? plan = null, string? onBehalfOf = "ada", string tier = "low") =>
        Read with
        {
            Environment = environment,
            Sensitivity = sensitivity,
            Action = "terraform:apply",
            Access = "write",
            Resource = $"aws/{environment}/vpc-main",
            Plan = plan,
            OnBehalfOf = onBehalfOf,
            Tier = tier,
        };

    public static PolicyInput InDev => Write("dev", "low");

    public static PolicyInput InStaging => Write("staging", "medium");

    public static PolicyInput InProd => Write("prod", "high");

    public static PlanFacts Plan(int adds = 0, int changes = 0, int destroys = 0, int replaces = 0, params string[] markers) =>
        new(adds, changes, destroys, replaces, markers);

    public static PlanFacts Harmless => Plan(adds: 2, changes: 1);

    public static PlanFacts Destroying => Plan(destroys: 1, markers: "aws_db_instance.main will be destroyed");

    public static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    /// <summary>A one-rule policy that allows what <paramref name="when"/> (YAML lines under <c>when:</c>) describes.</summary>
    public static string AllowWhen(string when) =>
        "rules:\n  - id: under-test\n    effect: allow\n    when:\n"
        + string.Concat(when.Split('\n').Select(line => $"      {line}\n"));
}
