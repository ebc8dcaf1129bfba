using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentConsole.Features.Policies;

/// <summary>Turns policy YAML into a <see cref="CompiledPolicy"/>, or into every error found, each naming its line.</summary>
public static class PolicyDocument
{
    private static readonly Lazy<string> DefaultText = new(LoadDefault);

    /// <summary>The policy the console ships with (embedded <c>default-policy.yaml</c>).</summary>
    public static string Default => DefaultText.Value;

    /// <summary>
    /// Parses, validates and compiles a policy. When <paramref name="knownScopes"/> or
    /// <paramref name="knownEnvironments"/> are given, an action or environment glob that matches none of them is an error.
    /// </summary>
    public static PolicyParseResult Parse(
        string yaml,
        IReadOnlyCollection<string>? knownScopes = null,
        IReadOnlyCollection<string>? knownEnvironments = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var nodes = new PolicyNodes();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            nodes.Error(e.Start, SyntaxMessage(e));
            return new PolicyParseResult(null, nodes.Errors);
        }

        if (stream.Documents.Count == 0 || PolicyNodes.IsNull(stream.Documents[0].RootNode))
        {
            nodes.Error(new Mark(0, 1, 1), "the policy is empty; expected a mapping with a list of 'rules'");
            return new PolicyParseResult(null, nodes.Errors);
        }

        if (stream.Documents.Count > 1)
        {
            nodes.Error(stream.Documents[1].RootNode, "a policy is one YAML document; remove the second '---' and what follows, or merge it");
        }

        var reader = new PolicyReader(nodes, new ConditionReader(nodes, knownScopes, knownEnvironments), new ApprovalReader(nodes), new BreakGlassReader(nodes));
        var rules = reader.Read(stream.Documents[0].RootNode);
        var errors = nodes.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return errors.Count == 0
            ? new PolicyParseResult(new CompiledPolicy([.. rules], reader.BreakGlass), [])
            : new PolicyParseResult(null, errors);
    }

    private static string SyntaxMessage(YamlException e)
    {
        var message = $"YAML syntax error: {e.Message}";
        // The usual cause: an unquoted comparison (adds: > 0) that YAML reads as the start of a folded block.
        return e.Message.Contains("block scalar", StringComparison.Ordinal)
            ? $"{message} (a comparison such as \"> 0\" or \">= 1\" must be in quotes)"
            : message;
    }

    private static string LoadDefault()
    {
        const string name = "AgentConsole.Features.Policies.default-policy.yaml";
        using var stream = typeof(PolicyDocument).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
