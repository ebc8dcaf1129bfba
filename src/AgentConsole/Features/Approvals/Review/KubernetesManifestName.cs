namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Follows <c>kind</c>, <c>metadata.name</c> and <c>metadata.namespace</c> through plain YAML manifests, so a
/// finding in a manifest names its object. Only the top two levels matter, read from indentation.
/// </summary>
internal sealed class KubernetesManifestName
{
    private string? _kind;
    private string? _namespace;
    private string? _name;
    private bool _inMetadata;

    /// <summary>The object the line belongs to, when its kind is known.</summary>
    public string? Read(DiffLine line)
    {
        var text = line.Text;
        if (text.StartsWith("---", StringComparison.Ordinal))
        {
            (_kind, _namespace, _name, _inMetadata) = (null, null, null, false);
            return null;
        }

        if (line.Tokens is [{ Kind: TokenKind.Key } key, ..])
        {
            var value = line.Tokens.Count > 1 && line.Tokens[1] is { Kind: TokenKind.Value or TokenKind.Quoted } v
                ? text.Substring(v.Start, v.Length).Trim('"', '\'')
                : null;
            var name = text.AsSpan(key.Start, key.Length);
            if (key.Start == 0)
            {
                _inMetadata = name is "metadata";
                _kind = name is "kind" ? value : _kind;
            }
            else if (_inMetadata && key.Start == 2)
            {
                _name = name is "name" ? value : _name;
                _namespace = name is "namespace" ? value : _namespace;
            }
        }

        return _kind is null ? null : KubernetesName.Of(_kind, _namespace, _name);
    }
}
