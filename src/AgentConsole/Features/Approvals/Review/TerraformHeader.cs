namespace AgentConsole.Features.Approvals.Review;

/// <summary>What a Terraform resource header says will happen to the resource.</summary>
internal enum ResourceAction { None, Create, Update, Destroy, Replace }

/// <summary>
/// Reads Terraform's per-resource comment, <c># aws_instance.web will be destroyed</c>: the address and the action.
/// Drift headers (<c>has been deleted</c>, <c>has changed</c>) name a resource but already happened.
/// </summary>
internal static class TerraformHeader
{
    // "x is tainted, so must be replaced" also holds " must be ": the address ends at the first of these.
    private static readonly string[] Verbs = [" will be ", " must be ", " is tainted, ", " has moved to ", " has been ", " has changed"];

    public static bool IsResourceHeader(ReadOnlySpan<char> comment) => Read(comment, out _) is not null;

    /// <summary>The action of a header starting at its <c>#</c>; null when the comment is not a resource header.</summary>
    public static ResourceAction? Read(ReadOnlySpan<char> comment, out ReadOnlySpan<char> address)
    {
        address = default;
        if (!comment.StartsWith("# "))
        {
            return null;
        }

        var header = comment[2..];
        var at = -1;
        foreach (var verb in Verbs)
        {
            var found = header.IndexOf(verb, StringComparison.Ordinal);
            if (found > 0 && (at < 0 || found < at))
            {
                at = found;
            }
        }

        if (at < 0 || !IsAddress(header[..at]))
        {
            return null;
        }

        address = header[..at];
        var rest = header[(at + 1)..];
        return rest switch
        {
            _ when rest.StartsWith("will be created") => ResourceAction.Create,
            _ when rest.StartsWith("will be updated in-place") => ResourceAction.Update,
            _ when rest.StartsWith("will be destroyed") => ResourceAction.Destroy,
            _ when rest.StartsWith("will be replaced") || rest.Contains("must be replaced", StringComparison.Ordinal) => ResourceAction.Replace,
            _ => ResourceAction.None,
        };
    }

    /// <summary>Addresses start like an identifier and have a dot (<c>module.app.aws_instance.web["a"]</c>); prose does not.</summary>
    private static bool IsAddress(ReadOnlySpan<char> address) =>
        !address.IsEmpty && (char.IsAsciiLetter(address[0]) || address[0] == '_') && address.Contains('.') && !address.Contains(' ');
}
