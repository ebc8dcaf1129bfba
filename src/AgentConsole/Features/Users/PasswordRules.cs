using System.Security.Cryptography;

namespace AgentConsole.Features.Users;

public static class PasswordRules
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    public static string? Problem(string? password) => password switch
    {
        null or "" => "A password is required.",
        { Length: < MinimumLength } => $"Use at least {MinimumLength} characters.",
        { Length: > MaximumLength } => $"Use at most {MaximumLength} characters.",
        _ => null,
    };

    /// <summary>A random password for first-run and command-line accounts: 20 characters without look-alikes.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
