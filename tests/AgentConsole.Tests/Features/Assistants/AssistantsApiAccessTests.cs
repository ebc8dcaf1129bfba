using System.Net;
using System.Net.Http.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Assistants;

/// <summary>Who may call which /v1/assistants endpoint, on a fresh assistant owned by olive for every call.</summary>
public class AssistantsApiAccessTests
{
    /// <summary>admin, security (not the requester of the pending change), approver, compliance, owner of it, owner of another.</summary>
    private static readonly string[] People = ["ada", "sam", "abe", "cole", "olive", "otto"];

    private static readonly Endpoint[] Endpoints =
    [
        //                                                                                                    ada  sam  abe  cole olive otto
        new("list", t => Call(HttpMethod.Get, "/v1/assistants"),                                             [200, 200, 200, 200, 200, 200]),
        new("register", t => Call(HttpMethod.Post, "/v1/assistants", NewAssistant(t.Name + "-new")),        [201, 201, 403, 403, 403, 403]),
        new("detail", t => Call(HttpMethod.Get, $"/v1/assistants/{t.Name}"),                                 [200, 200, 200, 200, 200, 404]),
        new("change", t => Call(HttpMethod.Patch, $"/v1/assistants/{t.Name}", new { displayName = "Renamed" }), [200, 200, 403, 403, 200, 404]),
        new("suspend", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/suspend", new { reason = "test" }), [200, 200, 403, 403, 200, 404]),
        new("resume", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/resume"),                        [200, 200, 403, 403, 403, 404], Suspended: true),
        new("retire", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/retire"),                         [200, 200, 403, 403, 403, 404]),
        new("issue secret", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/secrets", new { expiresInDays = 30 }), [201, 201, 403, 403, 403, 404]),
        new("revoke secret", t => Call(HttpMethod.Delete, $"/v1/assistants/{t.Name}/secrets/{t.Secret}"),   [204, 204, 403, 403, 204, 404]),
        new("bind identity", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/identities",
            new { issuer = "ci", subject = $"spiffe://example.org/agents/{t.Name}-2" }),                       [201, 201, 403, 403, 403, 404]),
        new("unbind identity", t => Call(HttpMethod.Delete, $"/v1/assistants/{t.Name}/identities/{t.Identity}"), [204, 204, 403, 403, 204, 404]),
        new("list changes", t => Call(HttpMethod.Get, $"/v1/assistants/{t.Name}/changes"),                  [200, 200, 200, 200, 200, 404]),
        new("approve", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/changes/{t.Change}/approve"),  [403, 200, 403, 403, 403, 404]),
        new("reject", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/changes/{t.Change}/reject"),    [403, 200, 403, 403, 403, 404]),
        new("recertify", t => Call(HttpMethod.Post, $"/v1/assistants/{t.Name}/recertify",
            new { keepEnvironments = new[] { "dev" }, keepScopes = new[] { "terraform:plan" } }),             [403, 403, 403, 403, 200, 404]),
    ];

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Every_endpoint_answers_each_role_as_the_rules_say_and_refusals_write_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await AddIssuerAsync(app);
        var clients = new List<HttpClient>();
        foreach (var person in People)
        {
            clients.Add(app.Api(await app.TokenAsync(person)));
        }

        var wrong = new List<string>();
        var n = 0;
        foreach (var endpoint in Endpoints)
        {
            for (var i = 0; i < People.Length; i++)
            {
                var target = await PrepareAsync(app, $"t{n++}", endpoint.Suspended);
                var auditBefore = await app.Service<AuditChain>().CountAsync();
                using var request = endpoint.Request(target);
                var response = await clients[i].SendAsync(request);
                var status = (int)response.StatusCode;
                if (status != endpoint.Expected[i])
                {
                    wrong.Add($"{endpoint.Name} as {People[i]}: {status}, expected {endpoint.Expected[i]}: {await response.Content.ReadAsStringAsync()}");
                }
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    wrong.Add($"{endpoint.Name} as {People[i]}: {status} is not problem+json");
                }
                else if (status >= 400 && await app.Service<AuditChain>().CountAsync() != auditBefore)
                {
                    wrong.Add($"{endpoint.Name} as {People[i]}: refused with {status} but wrote to the audit log");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Every_endpoint_refuses_a_missing_or_bad_token_with_401_and_writes_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await AddIssuerAsync(app);
        var target = await PrepareAsync(app, "deployer", suspended: false);
        var expired = await app.TokenAsync("ada", TimeSpan.FromHours(1));
        app.Clock.Advance(TimeSpan.FromHours(2));
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var wrong = new List<string>();
        foreach (var (who, client) in new[] { ("no token", app.CreateClient()), ("bad token", app.Api("acp_not-a-real-token")), ("expired token", app.Api(expired)) })
        {
            foreach (var endpoint in Endpoints)
            {
                using var request = endpoint.Request(target);
                var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    wrong.Add($"{endpoint.Name} with {who}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                }
            }
        }

        Assert.Empty(wrong);
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
        Assert.Equal(AssistantStatus.Active, (await app.AssistantAsync("deployer")).Status);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Owners_see_only_the_assistants_they_own_or_back_up(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        await app.RegisterAsync("rhea", Inventory.Input("builder", "otto", backupOwner: "olive"));
        await app.RegisterAsync("rhea", Inventory.Input("scanner", "otto"));
        var olive = app.Api(await app.TokenAsync("olive"));

        var mine = await olive.GetFromJsonAsync<AssistantListResponse>("/v1/assistants");
        var filteredToOthers = await olive.GetFromJsonAsync<AssistantListResponse>("/v1/assistants?owner=otto");
        var hidden = await olive.GetAsync("/v1/assistants/scanner");
        var hiddenChanges = await olive.GetAsync("/v1/assistants/scanner/changes");
        var everything = await app.Api(await app.TokenAsync("cole")).GetFromJsonAsync<AssistantListResponse>("/v1/assistants");

        Assert.Equal(["builder", "deployer"], mine!.Items.Select(a => a.Name));
        Assert.Equal(2, mine.Total);
        Assert.Equal(["builder"], filteredToOthers!.Items.Select(a => a.Name));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hiddenChanges.StatusCode);
        Assert.Equal(3L, everything!.Total);
    }

    private sealed record Target(string Name, long Change, long Secret, long Identity);

    private sealed record Endpoint(string Name, Func<Target, HttpRequestMessage> Request, int[] Expected, bool Suspended = false);

    private static HttpRequestMessage Call(HttpMethod method, string path, object? body = null) =>
        new(method, path) { Content = body is null ? null : JsonContent.Create(body) };

    private static object NewAssistant(string name) => new { name, owner = "olive", team = "platform", riskTier = "low", environments = new[] { "dev" } };

    private static async Task AddIssuerAsync(ConsoleFactory app) =>
        (await app.Service<TrustedIssuers>().AddAsync(await app.CallerAsync("rhea"),
            new IssuerInput("ci", "https://ci.example.org", null, "https://ci.example.org/jwks", null))).Succeeded();

    /// <summary>An assistant of olive's registered by rhea, with a pending widening, a client secret and a workload identity.</summary>
    private static async Task<Target> PrepareAsync(ConsoleFactory app, string name, bool suspended)
    {
        var inventory = app.Service<AssistantInventory>();
        var rhea = await app.CallerAsync("rhea");
        var saved = (await inventory.CreateAsync(rhea, Inventory.Input(name, "olive", environments: ["dev", "staging"], scopes: ["terraform:plan", "terraform:apply"]))).Succeeded();
        var secret = (await inventory.CreateSecretAsync(rhea, name, null, null)).Succeeded();
        var identity = (await inventory.BindIdentityAsync(rhea, name, "ci", $"spiffe://example.org/agents/{name}")).Succeeded();
        if (suspended)
        {
            (await inventory.SuspendAsync(rhea, name, null)).Succeeded();
        }

        return new Target(name, saved.Pending!.Id, secret.Secret.Id, identity.Id);
    }
}
