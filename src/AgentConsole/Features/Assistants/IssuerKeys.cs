using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AgentConsole.Features.Assistants;

/// <summary>
/// Signing keys of trusted workload issuers, fetched by OIDC discovery or straight from a JWKS URL, cached and
/// refreshed by IdentityModel's <see cref="ConfigurationManager{T}"/> (which also refreshes early when asked to after
/// an unknown key id).
/// </summary>
public sealed class IssuerKeys(IHttpClientFactory httpClients, IOptions<InventoryOptions> options, TimeProvider time)
{
    public const string HttpClientName = "issuer-keys";
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IssuerKeyState> GetAsync(TrustedIssuer issuer, CancellationToken cancellationToken = default)
    {
        var entry = _entries.AddOrUpdate(issuer.Name, _ => Create(issuer), (_, existing) => existing.Matches(issuer) ? existing : Create(issuer));
        try
        {
            var configuration = await entry.Manager.GetConfigurationAsync(cancellationToken);
            if (!ReferenceEquals(configuration, entry.Configuration))
            {
                // The manager handed out a freshly fetched document.
                entry.Configuration = configuration;
                entry.Keys = configuration.SigningKeys.ToList();
                entry.FetchedAt = time.GetUtcNow();
            }

            entry.Error = null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException or ArgumentException or TaskCanceledException)
        {
            entry.Error = e.InnerException?.Message ?? e.Message;
        }

        return entry.State;
    }

    /// <summary>Forgets the cached keys so that the next use fetches them again.</summary>
    public void Refresh(TrustedIssuer issuer)
    {
        if (_entries.TryGetValue(issuer.Name, out var entry))
        {
            entry.Manager.RequestRefresh();
        }
    }

    public void Forget(string issuerName) => _entries.TryRemove(issuerName, out _);

    private Entry Create(TrustedIssuer issuer)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var url = issuer.DiscoveryUrl ?? issuer.JwksUrl!;
        var documents = new HttpDocumentRetriever(http) { RequireHttps = !IsLoopback(url) };
        IConfigurationRetriever<OpenIdConnectConfiguration> retriever = issuer.DiscoveryUrl is not null
            ? new OpenIdConnectConfigurationRetriever()
            : new JwksRetriever();
        var manager = new ConfigurationManager<OpenIdConnectConfiguration>(url, retriever, documents)
        {
            AutomaticRefreshInterval = options.Value.IssuerKeyRefreshInterval,
            RefreshInterval = TimeSpan.FromMinutes(1),
        };
        return new Entry(issuer.DiscoveryUrl, issuer.JwksUrl, manager);
    }

    /// <summary>Plain http is allowed only for a loopback address (a local issuer in development and tests).</summary>
    public static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private sealed class Entry(string? discoveryUrl, string? jwksUrl, ConfigurationManager<OpenIdConnectConfiguration> manager)
    {
        public ConfigurationManager<OpenIdConnectConfiguration> Manager => manager;

        public OpenIdConnectConfiguration? Configuration { get; set; }

        public IReadOnlyList<SecurityKey> Keys { get; set; } = [];

        public DateTimeOffset? FetchedAt { get; set; }

        public string? Error { get; set; }

        public bool Matches(TrustedIssuer issuer) => issuer.DiscoveryUrl == discoveryUrl && issuer.JwksUrl == jwksUrl;

        public IssuerKeyState State => new(Keys.Select(k => k.KeyId ?? "(no kid)").ToList(), FetchedAt, Error) { Keys = Keys };
    }

    /// <summary>Reads a bare JWKS document (no discovery) into the configuration type the manager caches.</summary>
    private sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var document = await retriever.GetDocumentAsync(address, cancel);
            var keys = new JsonWebKeySet(document);
            var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}

public sealed record IssuerKeyState(IReadOnlyList<string> KeyIds, DateTimeOffset? FetchedAt, string? Error)
{
    /// <summary>The keys themselves, for validating the issuer's tokens.</summary>
    public IReadOnlyList<SecurityKey> Keys { get; init; } = [];
}
