using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>An assistant starts a task with a JWT from a trusted workload issuer (a real local JWKS endpoint).</summary>
public sealed class WorkloadTaskTests : IAsyncLifetime
{
    private const string Subject = "spiffe://example.org/agents/deployer";
    private const string KeyId = "ci-key-1";
    private readonly RSA _key = RSA.Create(2048);
    private LocalIssuer _issuer = default!;

    private string _baseUrl => _issuer.BaseUrl;

    public async Task InitializeAsync() => _issuer = await LocalIssuer.StartAsync(Jwks);

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        _key.Dispose();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_workload_jwt_of_a_bound_subject_starts_a_task_and_any_other_jwt_gets_401(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var rhea = await app.CallerAsync("rhea");
        (await app.Service<TrustedIssuers>().AddAsync(rhea, new IssuerInput("ci", _baseUrl, null, _baseUrl + "/keys", "agentconsole"))).Succeeded();
        (await app.Service<AssistantInventory>().BindIdentityAsync(rhea, "deployer", "ci", Subject)).Succeeded();
        var now = app.Clock.GetUtcNow().UtcDateTime;

        var started = await StartAsync(app, Jwt("agentconsole", Subject, now, now.AddMinutes(5)));
        var wrongAudience = await StartAsync(app, Jwt("someone-else", Subject, now, now.AddMinutes(5)));
        var unbound = await StartAsync(app, Jwt("agentconsole", "spiffe://example.org/agents/stranger", now, now.AddMinutes(5)));
        var expired = await StartAsync(app, Jwt("agentconsole", Subject, now.AddMinutes(-20), now.AddMinutes(-10)));

        started.AssertStatus(HttpStatusCode.Created);
        Assert.StartsWith("act_", started.Text("token"), StringComparison.Ordinal);
        var issued = Assert.Single(await app.AuditedAsync("task.issued"));
        Assert.Contains($"workload:ci:{Subject}", issued.Payload, StringComparison.Ordinal);
        foreach (var refused in new[] { wrongAudience, unbound, expired })
        {
            refused.AssertProblem(HttpStatusCode.Unauthorized);
            Assert.Contains("Bearer", string.Join(", ", refused.Headers.WwwAuthenticate), StringComparison.Ordinal);
        }

        Assert.Equal(1, await app.RowsAsync("tasks"));
    }

    private static async Task<ApiAnswer> StartAsync(ConsoleFactory app, string jwt)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return await client.CallAsync(HttpMethod.Post, "/v1/tasks", new { description = "deploy from CI", environment = "dev" });
    }

    private string Jwt(string audience, string subject, DateTime issuedAt, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = _baseUrl,
        Audience = audience,
        Claims = new Dictionary<string, object> { ["sub"] = subject },
        IssuedAt = issuedAt,
        NotBefore = issuedAt,
        Expires = expires,
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
    });

    private string Jwks()
    {
        var p = _key.ExportParameters(false);
        return $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{KeyId}}","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}]}""";
    }
}
