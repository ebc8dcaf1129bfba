using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.Assistants;

/// <summary>The workload identity issuers whose tokens the console trusts (OIDC providers, SPIFFE JWT-SVID bundles).</summary>
public sealed class TrustedIssuers(Database database, AssistantStore store, AuditChain audit, IssuerKeys keys, TimeProvider time)
{
    public const string DefaultAudience = "agentconsole";

    public Task<IReadOnlyList<TrustedIssuer>> ListAsync(CancellationToken cancellationToken = default) => store.IssuersAsync(cancellationToken);

    public async Task<Outcome<TrustedIssuer>> AddAsync(Caller caller, IssuerInput input, CancellationToken cancellationToken = default)
    {
        if (!caller.IsEditor)
        {
            return new ForbiddenError("Only security or admin manage trusted issuers.");
        }

        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim().ToLowerInvariant() ?? "";
        if (!Names.IsValid(name))
        {
            errors["name"] = ["Use 2 to 63 characters: lower-case letters, digits and '-'."];
        }

        var issuer = input.Issuer?.Trim() ?? "";
        if (issuer.Length is 0 or > 512 || issuer.Any(char.IsControl))
        {
            errors["issuer"] = ["Give the issuer exactly as tokens carry it in 'iss' (e.g. https://token.actions.githubusercontent.com)."];
        }

        var discovery = Url(input.DiscoveryUrl);
        var jwks = Url(input.JwksUrl);
        if ((discovery is null) == (jwks is null))
        {
            errors["discoveryUrl"] = ["Give either an OIDC discovery URL or a JWKS URL (one of the two)."];
        }
        else if (!IsAcceptable(discovery ?? jwks))
        {
            errors[discovery is not null ? "discoveryUrl" : "jwksUrl"] = ["Use an absolute https URL (plain http only for a loopback address)."];
        }

        var audience = string.IsNullOrWhiteSpace(input.Audience) ? DefaultAudience : input.Audience.Trim();
        if (audience.Length > 256)
        {
            errors["audience"] = ["Use at most 256 characters."];
        }

        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        var created = new TrustedIssuer
        {
            Name = name,
            Issuer = issuer,
            DiscoveryUrl = discovery,
            JwksUrl = jwks,
            Audience = audience,
            CreatedBy = caller.Actor.Id,
            CreatedAt = time.GetUtcNow(),
        };
        try
        {
            await database.InTransactionAsync(async unit =>
            {
                var id = await store.InsertIssuerAsync(unit, created);
                await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "issuer.added", new Subject("issuer", name),
                    new { issuer, discoveryUrl = discovery, jwksUrl = jwks, audience }), cancellationToken);
                return id;
            }, cancellationToken);
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.Translate(e) is UniqueViolation)
        {
            return new ConflictError($"An issuer named '{name}' or with the issuer '{issuer}' is already trusted.");
        }

        return (await store.IssuersAsync(cancellationToken)).First(i => i.Name == name);
    }

    public async Task<Outcome<bool>> RemoveAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        if (!caller.IsEditor)
        {
            return new ForbiddenError("Only security or admin manage trusted issuers.");
        }

        if ((await store.IssuersAsync(cancellationToken)).All(i => i.Name != name))
        {
            return new NotFoundError($"No trusted issuer named '{name}'.");
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await store.DeleteIssuerAsync(unit, name))
        {
            return new ConflictError($"Workload identities are still bound to '{name}'; remove them first.");
        }

        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "issuer.removed", new Subject("issuer", name)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        keys.Forget(name);
        return true;
    }

    private static string? Url(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsAcceptable(string? url) =>
        url is not null && url.Length <= 2048 && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}

public sealed record IssuerInput(string? Name, string? Issuer, string? DiscoveryUrl, string? JwksUrl, string? Audience);
