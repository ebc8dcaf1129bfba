using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentConsole.Features.Policies;

/// <summary>
/// Reads typed values out of YAML nodes and records an error, at the node's line and column, for every value that
/// is not what the schema expects. Readers keep going after an error so that one pass reports them all.
/// </summary>
internal sealed class PolicyNodes
{
    private readonly List<PolicyError> _errors = [];

    public IReadOnlyList<PolicyError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Error(Mark mark, string message) => _errors.Add(new PolicyError((int)mark.Line, (int)mark.Column, message));

    public void Error(YamlNode node, string message) => Error(node.Start, message);

    /// <summary>The entries of a mapping whose keys are among <paramref name="allowed"/>; any other key is an error.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string context, IReadOnlyList<string> allowed)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, $"keys in {context} must be plain names, not a {KindOf(keyNode)}");
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(keyNode, $"unknown key '{key}' in {context}; expected one of {string.Join(", ", allowed)}{Suggestion(key, allowed)}");
                continue;
            }

            yield return (key, keyNode, value);
        }
    }

    public YamlMappingNode? Mapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            if (mapping.Children.Count == 0)
            {
                Error(node, $"{what} is empty; give at least one entry or leave it out");
                return null;
            }

            return mapping;
        }

        Error(node, IsNull(node) ? $"{what} is empty; give at least one entry or leave it out" : $"{what} must be a mapping of keys to values, not a {KindOf(node)}");
        return null;
    }

    /// <summary>A non-empty scalar's text.</summary>
    public string? Text(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"{what} must be a single value, not a {KindOf(node)}");
            return null;
        }

        if (IsNull(scalar) || string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, $"{what} is empty; give a value");
            return null;
        }

        return scalar.Value;
    }

    /// <summary>One value or a non-empty list of values, each a non-empty scalar.</summary>
    public List<(string Value, YamlNode Node)>? Values(YamlNode node, string what)
    {
        if (node is YamlScalarNode)
        {
            return Text(node, what) is { } single ? [(single, node)] : null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what} must be a value or a list of values, not a {KindOf(node)}");
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            Error(node, $"{what} is an empty list, which nothing could match; give at least one value or leave it out");
            return null;
        }

        var values = new List<(string, YamlNode)>(sequence.Children.Count);
        var failed = false;
        foreach (var item in sequence.Children)
        {
            if (Text(item, $"each item of {what}") is { } text)
            {
                values.Add((text, item));
            }
            else
            {
                failed = true;
            }
        }

        return failed ? null : values;
    }

    public bool? Boolean(YamlNode node, string what)
    {
        var text = Text(node, what);
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Error(node, $"{what} '{text}' is not valid; expected true or false");
        return null;
    }

    /// <summary>"a, b or c", for messages that list what is expected.</summary>
    public static string OneOf(IEnumerable<string> choices)
    {
        var list = choices.ToList();
        return list.Count <= 1 ? string.Join("", list) : $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}";
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string KindOf(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "single value",
    };

    // A misspelt key is the most common mistake; naming the close match saves a trip to the docs.
    private static string Suggestion(string key, IReadOnlyList<string> allowed)
    {
        var best = allowed.MinBy(candidate => Distance(key, candidate));
        return best is not null && Distance(key, best) <= 2 ? $" (did you mean '{best}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
