using System.Buffers;

namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Which new values are risky under which keys. Keys are compared without case, so Terraform's
/// <c>actions</c>, a policy's <c>"Action"</c> and RBAC's <c>verbs</c> read alike.
/// </summary>
internal static class RiskRules
{
    public readonly record struct Risk(RiskCategory Category, string Message);

    public static Risk? Check(string? key, string value, bool inLoggingBlock)
    {
        var name = key?.ToLowerInvariant();
        if (name is not ("description" or "name" or "comment") && OpensToInternet(value) is { } everyone)
        {
            return new(RiskCategory.PublicExposure, $"{everyone} opens this to the whole internet");
        }

        return name switch
        {
            "action" or "actions" when value == "*" => new(RiskCategory.IamWildcard, $"{key} \"*\" allows every action"),
            "verbs" when value == "*" => new(RiskCategory.IamWildcard, "verbs \"*\" allows every verb"),
            "action" or "actions" when IsServiceWildcard(value) => new(RiskCategory.IamWildcard, $"{key} \"{value}\" allows every {value[..^2]} action"),
            "resource" or "resources" when value == "*" => new(RiskCategory.IamWildcard, $"{key} \"*\" covers every resource"),
            "principal" or "aws" when value == "*" => new(RiskCategory.PublicExposure, $"{key} \"*\" lets anyone in"),
            "acl" when value is "public-read" or "public-read-write" => new(RiskCategory.PublicExposure, $"acl \"{value}\" makes the bucket public"),
            "block_public_acls" or "block_public_policy" or "ignore_public_acls" or "restrict_public_buckets" when value == "false"
                => new(RiskCategory.PublicExposure, $"{key} = false removes a public access block"),
            "publicly_accessible" when value == "true" => new(RiskCategory.PublicExposure, "publicly_accessible = true gives it a public address"),
            "encrypted" or "storage_encrypted" when value == "false" => new(RiskCategory.EncryptionOff, $"{key} = false stores data unencrypted"),
            "enable_key_rotation" when value == "false" => new(RiskCategory.EncryptionOff, "enable_key_rotation = false stops key rotation"),
            "enable_logging" or "logging" or "is_logging" or "enable_log_file_validation" when value == "false"
                => new(RiskCategory.LoggingOff, $"{key} = false switches logging off"),
            "enabled" when value == "false" && inLoggingBlock => new(RiskCategory.LoggingOff, "enabled = false switches logging off"),
            _ => null,
        };
    }

    /// <summary><c>0.0.0.0/0</c> or <c>::/0</c> as a whole address (<c>10.0.0.0/0</c> is not one).</summary>
    private static string? OpensToInternet(string value)
    {
        var v4 = value.IndexOf("0.0.0.0/0", StringComparison.Ordinal);
        if (v4 >= 0 && (v4 == 0 || !(char.IsAsciiDigit(value[v4 - 1]) || value[v4 - 1] == '.')) && EndsAddress(value, v4 + 9))
        {
            return "0.0.0.0/0";
        }

        var v6 = value.IndexOf("::/0", StringComparison.Ordinal);
        return v6 >= 0 && (v6 == 0 || !(char.IsAsciiHexDigit(value[v6 - 1]) || value[v6 - 1] == ':')) && EndsAddress(value, v6 + 4)
            ? "::/0"
            : null;
    }

    private static bool EndsAddress(string value, int end) => end == value.Length || !char.IsAsciiDigit(value[end]);

    /// <summary><c>s3:*</c>: every action of one service.</summary>
    private static bool IsServiceWildcard(string value) =>
        value.Length > 2 && value.EndsWith(":*", StringComparison.Ordinal)
        && value.AsSpan(0, value.Length - 2).IndexOfAnyExcept(ServiceChars) < 0;

    private static readonly SearchValues<char> ServiceChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
}
