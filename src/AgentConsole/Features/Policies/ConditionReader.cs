using AgentConsole.Features.Assistants;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentConsole.Features.Policies;

/// <summary>Reads a rule's <c>when</c> block into <see cref="RuleConditions"/>, checking every value it can.</summary>
internal sealed class ConditionReader(PolicyNodes nodes, IReadOnlyCollection<string>? knownScopes, IReadOnlyCollection<string>? knownEnvironments)
{
    public static readonly IReadOnlyList<string> WhenKeys =
        ["assistant", "tier", "labels", "environment", "sensitivity", "action", "access", "resource", "on_behalf_of", "plan"];

    public static readonly IReadOnlyList<string> PlanKeys = ["present", "adds", "changes", "destroys", "replaces", "destructive"];

    private static readonly IReadOnlyList<string> AccessValues = [ScopeAccess.Read, ScopeAccess.Write];
    private static readonly IReadOnlyList<string> OnBehalfOfValues = ["present", "absent"];

    public RuleConditions? Read(YamlNode node)
    {
        if (nodes.Mapping(node, "'when'") is not { } mapping)
        {
            return null;
        }

        Glob? assistant = null, environment = null, action = null, resource = null;
        string[]? tiers = null, sensitivities = null;
        string? access = null;
        bool? onBehalfOf = null;
        LabelCondition[]? labels = null;
        PlanCondition? plan = null;
        foreach (var (key, _, value) in nodes.Entries(mapping, "'when'", WhenKeys))
        {
            switch (key)
            {
                case "assistant": assistant = Globs(value, "assistant", null, null); break;
                case "environment": environment = Globs(value, "environment", knownEnvironments, "environment"); break;
                case "action": action = Globs(value, "action", knownScopes, "scope"); break;
                case "resource": resource = Globs(value, "resource", null, null); break;
                case "tier": tiers = Choices(value, "tier", RiskTiers.All); break;
                case "sensitivity": sensitivities = Choices(value, "sensitivity", Sensitivity.All); break;
                case "access": access = Choice(value, "access", AccessValues); break;
                case "on_behalf_of": onBehalfOf = Choice(value, "on_behalf_of", OnBehalfOfValues) is { } who ? who == "present" : null; break;
                case "labels": labels = Labels(value); break;
                default: plan = Plan(value); break;
            }
        }

        return new RuleConditions
        {
            Assistant = assistant,
            Environment = environment,
            Action = action,
            Resource = resource,
            Tiers = tiers,
            Sensitivities = sensitivities,
            Access = access,
            OnBehalfOfPresent = onBehalfOf,
            Labels = labels,
            Plan = plan,
        };
    }

    private Glob? Globs(YamlNode node, string what, IReadOnlyCollection<string>? known, string? knownKind)
    {
        if (nodes.Values(node, $"'{what}'") is not { } patterns)
        {
            return null;
        }

        var failed = false;
        foreach (var (pattern, patternNode) in patterns)
        {
            // A glob that can match nothing in the catalogue is almost always a typo that would silently never fire.
            if (known is not null && !known.Any(Glob.Compile(pattern).IsMatch))
            {
                nodes.Error(patternNode, $"{what} '{pattern}' matches no known {knownKind}; known: {string.Join(", ", known)}");
                failed = true;
            }
        }

        return failed ? null : Glob.AnyOf([.. patterns.Select(p => p.Value)]);
    }

    private string[]? Choices(YamlNode node, string what, IReadOnlyList<string> allowed)
    {
        if (nodes.Values(node, $"'{what}'") is not { } values)
        {
            return null;
        }

        var failed = false;
        foreach (var (value, valueNode) in values)
        {
            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                nodes.Error(valueNode, $"{what} '{value}' is not valid; expected {PolicyNodes.OneOf(allowed)}");
                failed = true;
            }
        }

        return failed ? null : [.. values.Select(v => v.Value).Distinct(StringComparer.Ordinal)];
    }

    private string? Choice(YamlNode node, string what, IReadOnlyList<string> allowed)
    {
        if (node is YamlSequenceNode)
        {
            nodes.Error(node, $"'{what}' takes a single value, not a list; expected {PolicyNodes.OneOf(allowed)}");
            return null;
        }

        return Choices(node, what, allowed)?[0];
    }

    private LabelCondition[]? Labels(YamlNode node)
    {
        if (nodes.Mapping(node, "'labels'") is not { } mapping)
        {
            return null;
        }

        var labels = new List<LabelCondition>();
        var failed = false;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = nodes.Text(keyNode, "a label name");
            var glob = Globs(value, key is null ? "label" : $"label '{key}'", null, null);
            if (key is null || glob is null)
            {
                failed = true;
                continue;
            }

            labels.Add(new LabelCondition(key, glob));
        }

        return failed ? null : [.. labels];
    }

    private PlanCondition? Plan(YamlNode node)
    {
        if (nodes.Mapping(node, "'plan'") is not { } mapping)
        {
            return null;
        }

        bool? present = null, destructive = null;
        CountComparison? adds = null, changes = null, destroys = null, replaces = null;
        foreach (var (key, _, value) in nodes.Entries(mapping, "'plan'", PlanKeys))
        {
            switch (key)
            {
                case "present": present = nodes.Boolean(value, "present"); break;
                case "destructive": destructive = nodes.Boolean(value, "destructive"); break;
                case "adds": adds = Comparison(value, key); break;
                case "changes": changes = Comparison(value, key); break;
                case "destroys": destroys = Comparison(value, key); break;
                default: replaces = Comparison(value, key); break;
            }
        }

        if (present == false && ((adds ?? changes ?? destroys ?? replaces) is not null || destructive == true))
        {
            nodes.Error(mapping, "'plan' says present: false but also asks about counts or destructive changes, which need a plan; it can never match");
        }

        return new PlanCondition
        {
            Present = present,
            Destructive = destructive,
            Adds = adds,
            Changes = changes,
            Destroys = destroys,
            Replaces = replaces,
        };
    }

    private CountComparison? Comparison(YamlNode node, string what)
    {
        // Unquoted, "> 0" starts a YAML folded block, which would silently read as an empty or different value.
        if (node is YamlScalarNode { Style: ScalarStyle.Folded or ScalarStyle.Literal })
        {
            nodes.Error(node, $"{what} must be a comparison in quotes, e.g. {what}: \"> 0\" (unquoted, '>' and '|' start a YAML block)");
            return null;
        }

        if (nodes.Text(node, what) is not { } text)
        {
            return null;
        }

        if (CountComparison.TryParse(text, out var comparison))
        {
            return comparison;
        }

        nodes.Error(node, $"{what} '{text}' is not a valid comparison; expected {CountComparison.Expected}");
        return null;
    }
}
