using System.Security.Cryptography;
using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AgentConsole.Tests.Features.Issuers;

/// <summary>Signing keys come from a real HTTP issuer (discovery or bare JWKS), are cached, and are fetched again on request.</summary>
public sealed class IssuerKeysTests : IAsyncLifetime
{
    private LocalIssuer _issuer = default!;
    private string _currentKid = "key-1";

    private string _baseUrl => _issuer.BaseUrl;

    public async Task InitializeAsync() => _issuer = await LocalIssuer.StartAsync(() => Jwks(_currentKid));

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task Keys_are_read_from_a_bare_jwks_url()
    {
        var state = await Keys().GetAsync(Issuer(jwks: _baseUrl + "/keys"));

        Assert.Null(state.Error);
        Assert.Equal(["key-1"], state.KeyIds);
        Assert.NotNull(state.FetchedAt);
    }

    [Fact]
    public async Task Keys_are_found_through_oidc_discovery()
    {
        var state = await Keys().GetAsync(Issuer(discovery: _baseUrl + "/.well-known/openid-configuration"));

        Assert.Null(state.Error);
        Assert.Equal(["key-1"], state.KeyIds);
    }

    [Fact]
    public async Task Keys_are_cached_until_a_refresh_is_asked_for()
    {
        var keys = Keys();
        var issuer = Issuer(jwks: _baseUrl + "/keys");
        await keys.GetAsync(issuer);

        _currentKid = "key-2";
        var cached = await keys.GetAsync(issuer);
        keys.Refresh(issuer);
        // IdentityModel may refresh in the background and hand out the cached document meanwhile.
        var refreshed = await keys.GetAsync(issuer);
        for (var attempt = 0; attempt < 50 && refreshed.KeyIds.SequenceEqual(["key-1"]); attempt++)
        {
            await Task.Delay(100);
            refreshed = await keys.GetAsync(issuer);
        }

        Assert.Equal(["key-1"], cached.KeyIds);
        Assert.Equal(["key-2"], refreshed.KeyIds);
    }

    [Fact]
    public async Task An_unreachable_issuer_is_reported_not_thrown()
    {
        var state = await Keys().GetAsync(Issuer(jwks: _baseUrl + "/missing"));

        Assert.NotNull(state.Error);
        Assert.Empty(state.KeyIds);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/keys", true)]
    [InlineData("http://localhost/keys", true)]
    [InlineData("http://issuer.example.org/keys", false)]
    public void Plain_http_is_only_for_loopback(string url, bool loopback) => Assert.Equal(loopback, IssuerKeys.IsLoopback(url));

    private static IssuerKeys Keys()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(IssuerKeys.HttpClientName);
        var provider = services.BuildServiceProvider();
        return new IssuerKeys(provider.GetRequiredService<IHttpClientFactory>(), Options.Create(new InventoryOptions()), TimeProvider.System);
    }

    private static TrustedIssuer Issuer(string? discovery = null, string? jwks = null) => new()
    {
        Name = "local",
        Issuer = "http://127.0.0.1",
        DiscoveryUrl = discovery,
        JwksUrl = jwks,
        Audience = "agentconsole",
        CreatedBy = "test",
    };

    private static string Jwks(string kid)
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        return $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{kid}}","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}]}""";
    }
}
