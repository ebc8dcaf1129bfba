using YamlDotNet.RepresentationModel;

namespace AgentConsole.Features.Policies;

/// <summary>Walks a policy's YAML tree: the top level, <c>defaults</c>, each rule and its <c>approval</c>, and <c>break_glass</c>.</summary>
internal sealed class PolicyReader(PolicyNodes nodes, ConditionReader conditions, ApprovalReader approvals, BreakGlassReader breakGlass)
{
    public const int MaxRules = 1000;

    private static readonly IReadOnlyList<string> RootKeys = ["defaults", "rules", "break_glass"];
    private static readonly IReadOnlyList<string> RuleKeys = ["id", "description", "effect", "reason", "when", "approval"];
    private static readonly IReadOnlyList<string> Effects = ["allow", "deny", "require_approval"];

    private readonly Dictionary<string, int> _idLines = new(StringComparer.Ordinal);

    /// <summary>The <c>break_glass</c> section as read by <see cref="Read"/>; the default when the document has none.</summary>
    public BreakGlassPolicy BreakGlass { get; private set; } = BreakGlassPolicy.Default;

    public List<CompiledRule> Read(YamlNode root)
    {
        var rules = new List<CompiledRule>();
        if (nodes.Mapping(root, "the policy") is not { } mapping)
        {
            return rules;
        }

        var entries = nodes.Entries(mapping, "the policy", RootKeys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (entries.TryGetValue("defaults", out var defaults))
        {
            approvals.ReadDefaults(defaults);
        }

        if (entries.TryGetValue("break_glass", out var section))
        {
            BreakGlass = breakGlass.Read(section);
        }

        if (!entries.TryGetValue("rules", out var rulesNode))
        {
            nodes.Error(mapping, "the policy has no 'rules'; give a list of at least one rule");
        }
        else if (rulesNode is not YamlSequenceNode sequence)
        {
            nodes.Error(rulesNode, PolicyNodes.IsNull(rulesNode) ? "'rules' is empty; give a list of at least one rule" : "'rules' must be a list of rules");
        }
        else if (sequence.Children.Count == 0)
        {
            nodes.Error(sequence, "'rules' is an empty list; give at least one rule");
        }
        else
        {
            if (sequence.Children.Count > MaxRules)
            {
                nodes.Error(sequence, $"'rules' has {sequence.Children.Count} rules; a policy may have at most {MaxRules}");
            }

            foreach (var ruleNode in sequence.Children)
            {
                if (ReadRule(ruleNode) is { } rule)
                {
                    rules.Add(rule);
                }
            }
        }

        return rules;
    }

    private CompiledRule? ReadRule(YamlNode node)
    {
        if (nodes.Mapping(node, "each rule") is not { } mapping)
        {
            return null;
        }

        string? id = null, description = null, reason = null;
        PolicyEffect? effect = null;
        RuleConditions? when = null;
        (YamlNode Key, YamlNode Value)? approval = null;
        bool hasId = false, hasEffect = false;
        foreach (var (key, keyNode, value) in nodes.Entries(mapping, "rule", RuleKeys))
        {
            switch (key)
            {
                case "id": (hasId, id) = (true, Id(value)); break;
                case "description": description = nodes.Text(value, "'description'"); break;
                case "reason": reason = nodes.Text(value, "'reason'"); break;
                case "effect": (hasEffect, effect) = (true, Effect(value)); break;
                case "when": when = conditions.Read(value); break;
                default: approval = (keyNode, value); break;
            }
        }

        var name = id is null ? "this rule" : $"rule '{id}'";
        if (!hasId)
        {
            nodes.Error(mapping, "rule has no 'id'; every rule needs a unique id of a-z, 0-9 and '-', e.g. prod-writes-need-approval");
        }

        if (!hasEffect)
        {
            nodes.Error(mapping, $"{name} has no 'effect'; expected {PolicyNodes.OneOf(Effects)}");
        }

        ApprovalRequirement? requirement = null;
        if (effect == PolicyEffect.RequireApproval)
        {
            requirement = approval is { } given ? approvals.Read(given.Value) : approvals.Default;
        }
        else if (effect is not null && approval is { } misplaced)
        {
            nodes.Error(misplaced.Key, $"'approval' is only for rules with effect require_approval; {name} has effect {EffectName(effect.Value)}");
        }

        if (id is null || effect is null)
        {
            return null;
        }

        return new CompiledRule(id, effect.Value, reason ?? description ?? $"Rule {id} matched.", requirement, when);
    }

    private string? Id(YamlNode node)
    {
        if (nodes.Text(node, "'id'") is not { } id)
        {
            return null;
        }

        if (id.Length > 64 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            nodes.Error(node, $"id '{id}' is not valid; expected 1 to 64 characters of a-z, 0-9 and '-'");
            return null;
        }

        if (id == CompiledPolicy.DefaultDenyRule)
        {
            nodes.Error(node, $"id '{id}' is reserved for the decision when no rule matches; choose another id");
            return null;
        }

        var line = (int)node.Start.Line;
        if (!_idLines.TryAdd(id, line))
        {
            nodes.Error(node, $"duplicate rule id '{id}' on line {line}; it is already used on line {_idLines[id]}");
            return null;
        }

        return id;
    }

    private PolicyEffect? Effect(YamlNode node)
    {
        switch (nodes.Text(node, "'effect'"))
        {
            case null: return null;
            case "allow": return PolicyEffect.Allow;
            case "deny": return PolicyEffect.Deny;
            case "require_approval": return PolicyEffect.RequireApproval;
            case var other:
                nodes.Error(node, $"effect '{other}' is not valid; expected {PolicyNodes.OneOf(Effects)}");
                return null;
        }
    }

    private static string EffectName(PolicyEffect effect) => effect == PolicyEffect.Allow ? "allow" : "deny";
}
