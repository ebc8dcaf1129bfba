using System.Text;
using AgentConsole.Features.Assistants;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// How an assistant proves who it is before it gets a task token: HTTP Basic with its name and a console-issued
/// client secret, or a bearer JWT from a trusted workload issuer whose subject is bound to it.
/// </summary>
public sealed class AgentAuthenticator(
    AssistantInventory inventory,
    AssistantStore assistants,
    TaskStore tasks,
    IssuerKeys issuerKeys,
    TimeProvider time)
{
    private static readonly JsonWebTokenHandler Jwts = new() { MapInboundClaims = false };

    public async Task<AgentIdentity?> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null)
        {
            return null;
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return await BasicAsync(authorization["Basic ".Length..].Trim(), cancellationToken);
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await WorkloadAsync(authorization["Bearer ".Length..].Trim(), cancellationToken);
        }

        return null;
    }

    private async Task<AgentIdentity?> BasicAsync(string encoded, CancellationToken cancellationToken)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var secret = decoded[(colon + 1)..];
        var assistant = await inventory.AuthenticateAsync(decoded[..colon], secret, cancellationToken);
        return assistant is null ? null : new AgentIdentity(assistant, $"client-secret:{secret[..Math.Min(12, secret.Length)]}…");
    }

    private async Task<AgentIdentity?> WorkloadAsync(string jwt, CancellationToken cancellationToken)
    {
        if (!Jwts.CanReadToken(jwt))
        {
            return null;
        }

        string issuerName;
        try
        {
            issuerName = Jwts.ReadJsonWebToken(jwt).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }

        var issuer = (await assistants.IssuersAsync(cancellationToken)).FirstOrDefault(i => i.Issuer == issuerName);
        if (issuer is null)
        {
            return null;
        }

        var keys = await issuerKeys.GetAsync(issuer, cancellationToken);
        var result = await Jwts.ValidateTokenAsync(jwt, Parameters(issuer, keys.Keys));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The issuer may have rotated its keys since they were fetched: fetch once more and retry.
            issuerKeys.Refresh(issuer);
            keys = await issuerKeys.GetAsync(issuer, cancellationToken);
            result = await Jwts.ValidateTokenAsync(jwt, Parameters(issuer, keys.Keys));
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken token || string.IsNullOrEmpty(token.Subject))
        {
            return null;
        }

        var name = await tasks.AssistantForIdentityAsync(issuer.Id, token.Subject, cancellationToken);
        var assistant = name is null ? null : await assistants.FindAsync(name, time.GetUtcNow(), cancellationToken);
        return assistant is { Status: AssistantStatus.Active }
            ? new AgentIdentity(assistant, $"workload:{issuer.Name}:{token.Subject}")
            : null;
    }

    private TokenValidationParameters Parameters(TrustedIssuer issuer, IReadOnlyList<SecurityKey> keys) => new()
    {
        ValidIssuer = issuer.Issuer,
        ValidAudience = issuer.Audience,
        IssuerSigningKeys = keys,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        // Lifetime against the console's TimeProvider, so expiry is testable without sleeping.
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && exp.AddSeconds(30) > now && (notBefore is not { } nbf || nbf.AddSeconds(-30) <= now);
        },
    };
}

/// <summary>An authenticated assistant and how it proved itself (for the audit record; never the secret).</summary>
public sealed record AgentIdentity(Assistant Assistant, string AuthenticatedBy);
