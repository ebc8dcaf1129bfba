namespace AgentConsole.Features.Approvals.Review;

/// <summary>Names Kubernetes objects the way an approver reads them: <c>Role shop/deployer</c>.</summary>
internal static class KubernetesName
{
    public static string Of(string kind, string? ns, string? name) =>
        name is null ? kind : string.IsNullOrEmpty(ns) ? $"{kind} {name}" : $"{kind} {ns}/{name}";

    /// <summary>
    /// Reads kubectl diff's temp file name, <c>group.version.Kind.namespace.name</c>
    /// (<c>rbac.authorization.k8s.io.v1.Role.shop.deployer</c>, <c>v1.Namespace..legacy</c>): the kind is the first
    /// capitalised part; namespaces have no dots, names may.
    /// </summary>
    public static string? FromDiffHeader(ReadOnlySpan<char> header)
    {
        var path = header.TrimEnd();
        var tab = path.IndexOf('\t');
        path = tab >= 0 ? path[..tab] : path;
        var file = path[(path.LastIndexOfAny('/', ' ') + 1)..];
        var parts = file.ToString().Split('.');
        var kindAt = Array.FindIndex(parts, p => p.Length > 0 && char.IsAsciiLetterUpper(p[0]));
        if (kindAt < 0 || kindAt + 2 >= parts.Length)
        {
            return null;
        }

        return Of(parts[kindAt], parts[kindAt + 1], string.Join('.', parts[(kindAt + 2)..]));
    }
}
