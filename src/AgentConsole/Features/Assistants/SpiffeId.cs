using System.Text.RegularExpressions;

namespace AgentConsole.Features.Assistants;

/// <summary>The SPIFFE ID shape (spiffe://trust-domain/path) from the SPIFFE ID specification, checked before binding.</summary>
public static partial class SpiffeId
{
    public static bool IsValid(string value) => value.Length <= 2048 && Pattern().IsMatch(value);

    // Trust domain: lower-case letters, digits, '.', '-', '_'; path segments: letters, digits, '.', '-', '_' (not '.' or '..').
    [GeneratedRegex(@"^spiffe://[a-z0-9._-]+(/(?!\.\.?(/|$))[A-Za-z0-9._-]+)*$")]
    private static partial Regex Pattern();
}
