namespace AgentConsole.Tests.Features.Policies;

/// <summary>One invalid policy and the single error expected of it: its 1-based line and its exact message.</summary>
public sealed record ErrorCase(string Yaml, int Line, string Message);

/// <summary>The validation table, one row per kind of error, by case name.</summary>
public static class PolicyErrorCases
{
    private const string Effects = "expected allow, deny or require_approval";
    private const string RuleKeys = "expected one of id, description, effect, reason, when, approval";
    private const string Roles = "expected admin, security, approver, compliance or owner";
    private const string Durations = "expected a duration such as 90s, 15m, 2h or 1h30m, from 1m to 24h";
    private const string Comparisons = "expected a count such as 3, \"== 3\", \"> 0\", \">= 5\", \"< 10\" or \"<= 2\"";

    /// <summary>A valid rule 'r' (lines 1 to 3) followed by <paramref name="lines"/>, each indented under the rule.</summary>
    private static string Rule(params string[] lines) =>
        "rules:\n  - id: r\n    effect: require_approval\n" + string.Concat(lines.Select(l => $"    {l}\n"));

    public static readonly IReadOnlyDictionary<string, ErrorCase> All = new Dictionary<string, ErrorCase>
    {
        ["YAML syntax"] = new("rules:\n  - id: r\n    effect: \"allow\n", 3, "YAML syntax error: While scanning a quoted scalar, found unexpected end of stream."),
        ["unquoted comparison"] = new(Rule("when:", "  plan:", "    destroys: > 0"), 6, "YAML syntax error: While scanning a block scalar, did not find expected comment or line break. (a comparison such as \"> 0\" or \">= 1\" must be in quotes)"),
        ["comparison read as a folded block"] = new(Rule("when:", "  plan:", "    adds: >1"), 6, "adds must be a comparison in quotes, e.g. adds: \"> 0\" (unquoted, '>' and '|' start a YAML block)"),
        ["YAML duplicate key"] = new(Rule("when: { access: read, access: write }"), 4, "YAML syntax error: Duplicate key access"),
        ["unknown key at the top"] = new("rules:\n  - id: r\n    effect: allow\nversion: 2\n", 4, "unknown key 'version' in the policy; expected one of defaults, rules, break_glass"),
        ["unknown key in rule"] = new(Rule("reasons: x"), 4, $"unknown key 'reasons' in rule; {RuleKeys} (did you mean 'reason'?)"),
        ["unknown key in when"] = new(Rule("when:", "  scope: \"k8s:*\""), 5, "unknown key 'scope' in 'when'; expected one of assistant, tier, labels, environment, sensitivity, action, access, resource, on_behalf_of, plan"),
        ["unknown key in plan"] = new(Rule("when:", "  plan: { deletes: 1 }"), 5, "unknown key 'deletes' in 'plan'; expected one of present, adds, changes, destroys, replaces, destructive"),
        ["unknown key in approval"] = new(Rule("approval: { approver: [admin] }"), 4, "unknown key 'approver' in 'approval'; expected one of approvers, count, ttl (did you mean 'approvers'?)"),
        ["unknown key in defaults"] = new("defaults:\n  ttl: 5m\nrules:\n  - id: r\n    effect: allow\n", 2, "unknown key 'ttl' in 'defaults'; expected one of approvers, approval_ttl"),
        ["rules not a list"] = new("rules:\n  id: r\n", 2, "'rules' must be a list of rules"),
        ["rule not a mapping"] = new("rules:\n  - allow-everything\n", 2, "each rule must be a mapping of keys to values, not a single value"),
        ["id not a single value"] = new("rules:\n  - id: [a, b]\n    effect: allow\n", 2, "'id' must be a single value, not a list"),
        ["when not a mapping"] = new(Rule("when: [access]"), 4, "'when' must be a mapping of keys to values, not a list"),
        ["tier is a mapping"] = new(Rule("when:", "  tier: { high: true }"), 5, "'tier' must be a value or a list of values, not a mapping"),
        ["empty when"] = new(Rule("when:"), 4, "'when' is empty; give at least one entry or leave it out"),
        ["empty list"] = new(Rule("when:", "  tier: []"), 5, "'tier' is an empty list, which nothing could match; give at least one value or leave it out"),
        ["missing id"] = new("rules:\n  - id: r\n    effect: allow\n  - effect: deny\n", 4, "rule has no 'id'; every rule needs a unique id of a-z, 0-9 and '-', e.g. prod-writes-need-approval"),
        ["missing effect"] = new("rules:\n  - id: r\n    description: Reads.\n", 2, $"rule 'r' has no 'effect'; {Effects}"),
        ["duplicate id"] = new("rules:\n  - id: r\n    effect: allow\n  - id: s\n    effect: allow\n  - id: r\n    effect: deny\n", 6, "duplicate rule id 'r' on line 6; it is already used on line 2"),
        ["id not a slug"] = new("rules:\n  - id: Prod_Writes\n    effect: allow\n", 2, "id 'Prod_Writes' is not valid; expected 1 to 64 characters of a-z, 0-9 and '-'"),
        ["id reserved"] = new("rules:\n  - id: default-deny\n    effect: deny\n", 2, "id 'default-deny' is reserved for the decision when no rule matches; choose another id"),
        ["bad effect"] = new("rules:\n  - id: r\n    effect: permit\n", 3, $"effect 'permit' is not valid; {Effects}"),
        ["bad tier"] = new(Rule("when:", "  tier: [high, urgent]"), 5, "tier 'urgent' is not valid; expected low, medium, high or critical"),
        ["bad sensitivity"] = new(Rule("when:", "  sensitivity: secret"), 5, "sensitivity 'secret' is not valid; expected low, medium or high"),
        ["bad access"] = new(Rule("when:", "  access: execute"), 5, "access 'execute' is not valid; expected read or write"),
        ["access list"] = new(Rule("when:", "  access: [read, write]"), 5, "'access' takes a single value, not a list; expected read or write"),
        ["bad on_behalf_of"] = new(Rule("when:", "  on_behalf_of: ada"), 5, "on_behalf_of 'ada' is not valid; expected present or absent"),
        ["bad boolean"] = new(Rule("when:", "  plan: { destructive: maybe }"), 5, "destructive 'maybe' is not valid; expected true or false"),
        ["bad comparison"] = new(Rule("when:", "  plan:", "    adds: \"=> 1\""), 6, $"adds '=> 1' is not a valid comparison; {Comparisons}"),
        ["negative count"] = new(Rule("when:", "  plan:", "    replaces: \"> -1\""), 6, $"replaces '> -1' is not a valid comparison; {Comparisons}"),
        ["contradictory plan"] = new(Rule("when:", "  plan:", "    present: false", "    destroys: \"> 0\""), 6, "'plan' says present: false but also asks about counts or destructive changes, which need a plan; it can never match"),
        ["bad duration"] = new(Rule("approval:", "  ttl: 15x"), 5, $"ttl '15x' is not a valid duration; {Durations}"),
        ["duration parts out of order"] = new(Rule("approval:", "  ttl: 30m1h"), 5, $"ttl '30m1h' is not a valid duration; {Durations}"),
        ["duration too short"] = new(Rule("approval:", "  ttl: 30s"), 5, $"ttl '30s' is out of range; {Durations}"),
        ["duration too long"] = new(Rule("approval:", "  ttl: 24h1m"), 5, $"ttl '24h1m' is out of range; {Durations}"),
        ["default duration bad"] = new("defaults:\n  approval_ttl: forever\nrules:\n  - id: r\n    effect: allow\n", 2, $"approval_ttl 'forever' is not a valid duration; {Durations}"),
        ["count zero"] = new(Rule("approval:", "  count: 0"), 5, "count 0 is out of range; expected 1 to 5 distinct approvers"),
        ["count six"] = new(Rule("approval:", "  count: 6"), 5, "count 6 is out of range; expected 1 to 5 distinct approvers"),
        ["count not a number"] = new(Rule("approval:", "  count: two"), 5, "count 'two' is not a whole number; expected 1 to 5 distinct approvers"),
        ["approval on an allow rule"] = new("rules:\n  - id: r\n    effect: allow\n    approval: { count: 2 }\n", 4, "'approval' is only for rules with effect require_approval; rule 'r' has effect allow"),
        ["unknown role in approval"] = new(Rule("approval:", "  approvers: [security, ops]"), 5, $"unknown role 'ops' in approvers; {Roles}"),
        ["unknown role in defaults"] = new("defaults:\n  approvers: oncall\nrules:\n  - id: r\n    effect: allow\n", 2, $"unknown role 'oncall' in approvers; {Roles}"),
        ["empty document"] = new("", 1, "the policy is empty; expected a mapping with a list of 'rules'"),
        ["only comments"] = new("# nothing yet\n", 1, "the policy is empty; expected a mapping with a list of 'rules'"),
        ["document not a mapping"] = new("- id: r\n  effect: allow\n", 1, "the policy must be a mapping of keys to values, not a list"),
        ["no rules"] = new("defaults:\n  approval_ttl: 5m\n", 1, "the policy has no 'rules'; give a list of at least one rule"),
        ["rules empty"] = new("defaults:\n  approval_ttl: 5m\nrules:\n", 3, "'rules' is empty; give a list of at least one rule"),
        ["rules an empty list"] = new("rules: []\n", 1, "'rules' is an empty list; give at least one rule"),
        ["two documents"] = new("rules:\n  - id: r\n    effect: allow\n---\nrules: []\n", 5, "a policy is one YAML document; remove the second '---' and what follows, or merge it"),
    };
}
