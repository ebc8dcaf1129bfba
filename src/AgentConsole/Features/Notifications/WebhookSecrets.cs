using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AgentConsole.Features.Notifications;

/// <summary>Makes signing secrets and keeps them encrypted at rest with the data-protection key ring (shared by every node).</summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";
    private readonly IDataProtector _protector = protection.CreateProtector("AgentConsole.Webhooks.Secret.v1");

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string stored) => _protector.Unprotect(stored);
}
