using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Assistants;

public class AssistantsApiTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Registering_returns_the_assistant_and_its_waiting_widening(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var api = app.Api(await app.TokenAsync("rhea"));

        var response = await api.PostAsJsonAsync("/v1/assistants", new
        {
            name = "deployer", displayName = "Deployer", owner = "olive", backupOwner = "otto", team = "platform", riskTier = "high",
            environments = new[] { "dev", "prod" }, scopes = new[] { "terraform:plan", "terraform:apply" },
            labels = new Dictionary<string, string> { ["cost-center"] = "42" }, reason = "ships infra",
        });
        var saved = await response.Content.ReadFromJsonAsync<SavedResponse>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/assistants/deployer", response.Headers.Location?.OriginalString);
        Assert.Equal(("low", "olive", "otto"), (saved!.Assistant.RiskTier, saved.Assistant.Owner, saved.Assistant.BackupOwner));
        Assert.Equal(["dev"], saved.Assistant.Environments);
        Assert.Equal(["terraform:plan"], saved.Assistant.Scopes);
        Assert.Equal("42", saved.Assistant.Labels["cost-center"]);
        Assert.Equal([AssistantFlags.Pending], saved.Assistant.Flags);
        Assert.Equal(("high", "ships infra", "rhea"), (saved.PendingChange!.RiskTier, saved.PendingChange.Reason, saved.PendingChange.RequestedBy));
        Assert.Equal(["prod"], saved.PendingChange.AddEnvironments);
        Assert.Equal(["terraform:apply"], saved.PendingChange.AddScopes);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Bad_input_gets_problem_details_naming_the_field_and_writes_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var api = app.Api(await app.TokenAsync("ada"));
        var totalBefore = (await api.GetFromJsonAsync<AssistantListResponse>("/v1/assistants?status=any"))!.Total;
        var auditBefore = await app.Service<AuditChain>().CountAsync();
        var labels = Enumerable.Range(0, 21).ToDictionary(i => $"k{i}", i => "v");

        (string Case, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string? Field)[] cases =
        [
            ("duplicate name", () => api.PostAsJsonAsync("/v1/assistants", Valid("deployer")), HttpStatusCode.Conflict, null),
            ("unknown owner", () => api.PostAsJsonAsync("/v1/assistants", Valid("x1") with { Owner = "nobody" }), HttpStatusCode.UnprocessableEntity, "owner"),
            ("backup owner who is the owner", () => api.PostAsJsonAsync("/v1/assistants", Valid("x2") with { BackupOwner = "olive" }), HttpStatusCode.UnprocessableEntity, "backupOwner"),
            ("unknown scope", () => api.PostAsJsonAsync("/v1/assistants", Valid("x3") with { Scopes = ["rm:rf"] }), HttpStatusCode.UnprocessableEntity, "scopes"),
            ("unknown environment", () => api.PostAsJsonAsync("/v1/assistants", Valid("x4") with { Environments = ["moon"] }), HttpStatusCode.UnprocessableEntity, "environments"),
            ("unknown tier", () => api.PostAsJsonAsync("/v1/assistants", Valid("x5") with { RiskTier = "extreme" }), HttpStatusCode.UnprocessableEntity, "riskTier"),
            ("bad name", () => api.PostAsJsonAsync("/v1/assistants", Valid("x y!")), HttpStatusCode.UnprocessableEntity, "name"),
            ("missing team", () => api.PostAsJsonAsync("/v1/assistants", Valid("x6") with { Team = null }), HttpStatusCode.UnprocessableEntity, "team"),
            ("display name over 100", () => api.PostAsJsonAsync("/v1/assistants", Valid("x7") with { DisplayName = new string('d', 101) }), HttpStatusCode.UnprocessableEntity, "displayName"),
            ("description over 2000", () => api.PostAsJsonAsync("/v1/assistants", Valid("x8") with { Description = new string('d', 2001) }), HttpStatusCode.UnprocessableEntity, "description"),
            ("team over 64", () => api.PostAsJsonAsync("/v1/assistants", Valid("x9") with { Team = new string('t', 65) }), HttpStatusCode.UnprocessableEntity, "team"),
            ("more than 20 labels", () => api.PostAsJsonAsync("/v1/assistants", Valid("x10") with { Labels = labels }), HttpStatusCode.UnprocessableEntity, "labels"),
            ("bad label key", () => api.PostAsJsonAsync("/v1/assistants", Valid("x11") with { Labels = new Dictionary<string, string> { ["Bad Key"] = "v" } }), HttpStatusCode.UnprocessableEntity, "labels"),
            ("malformed JSON", () => api.PostAsync("/v1/assistants", new StringContent("{\"name\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, null),
            ("change: oversized display name", () => api.PatchAsJsonAsync("/v1/assistants/deployer", new { displayName = new string('d', 101) }), HttpStatusCode.UnprocessableEntity, "displayName"),
            ("change: unknown scope", () => api.PatchAsJsonAsync("/v1/assistants/deployer", new { scopes = new[] { "rm:rf" } }), HttpStatusCode.UnprocessableEntity, "scopes"),
            ("change: unknown assistant", () => api.PatchAsJsonAsync("/v1/assistants/nobody", new { displayName = "x" }), HttpStatusCode.NotFound, null),
            ("change: renaming", () => api.PatchAsJsonAsync("/v1/assistants/deployer", new { name = "other" }), HttpStatusCode.UnprocessableEntity, "name"),
            ("secret: zero days", () => api.PostAsJsonAsync("/v1/assistants/deployer/secrets", new { expiresInDays = 0 }), HttpStatusCode.UnprocessableEntity, "expiresInDays"),
            ("changes: unknown state", () => api.GetAsync("/v1/assistants/deployer/changes?state=maybe"), HttpStatusCode.UnprocessableEntity, "state"),
            ("filter: tier", () => api.GetAsync("/v1/assistants?tier=extreme"), HttpStatusCode.UnprocessableEntity, "tier"),
            ("filter: environment", () => api.GetAsync("/v1/assistants?environment=moon"), HttpStatusCode.UnprocessableEntity, "environment"),
            ("filter: scope", () => api.GetAsync("/v1/assistants?scope=rm:rf"), HttpStatusCode.UnprocessableEntity, "scope"),
            ("filter: status", () => api.GetAsync("/v1/assistants?status=gone"), HttpStatusCode.UnprocessableEntity, "status"),
            ("filter: flag", () => api.GetAsync("/v1/assistants?flag=shiny"), HttpStatusCode.UnprocessableEntity, "flag"),
            ("filter: sort", () => api.GetAsync("/v1/assistants?sort=secret_hash"), HttpStatusCode.UnprocessableEntity, "sort"),
            ("filter: page", () => api.GetAsync("/v1/assistants?page=0"), HttpStatusCode.UnprocessableEntity, "page"),
            ("filter: page size", () => api.GetAsync("/v1/assistants?pageSize=1000"), HttpStatusCode.UnprocessableEntity, "pageSize"),
            ("filter: long search", () => api.GetAsync("/v1/assistants?q=" + new string('q', 201)), HttpStatusCode.UnprocessableEntity, "q"),
        ];

        var wrong = new List<string>();
        foreach (var (name, send, status, field) in cases)
        {
            var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                wrong.Add($"{name}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {body}");
            }
            else if (field is not null && !JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _))
            {
                wrong.Add($"{name}: no error for '{field}' in {body}");
            }
        }

        Assert.Empty(wrong);
        Assert.Equal(totalBefore, (await api.GetFromJsonAsync<AssistantListResponse>("/v1/assistants?status=any"))!.Total);
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
        var deployer = await app.AssistantAsync("deployer");
        Assert.Equal("deployer", deployer.DisplayName);
        Assert.Equal(["terraform:plan"], deployer.Scopes);
        Assert.Empty(await app.Service<AssistantStore>().SecretsAsync(deployer.Id));
    }

    /// <summary>Regression: a null entry in a list reached the catalogue lookup and came back as a 500.</summary>
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_null_environment_or_scope_is_refused_with_422(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var api = app.Api(await app.TokenAsync("ada"));
        var auditBefore = await app.Service<AuditChain>().CountAsync();

        var environment = await api.PostAsync("/v1/assistants", Json("""{"name":"x1","owner":"olive","team":"t","riskTier":"low","environments":[null]}"""));
        var scope = await api.PostAsync("/v1/assistants", Json("""{"name":"x2","owner":"olive","team":"t","riskTier":"low","scopes":[null]}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, environment.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, scope.StatusCode);
        Assert.Equal(auditBefore, await app.Service<AuditChain>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_client_secret_is_shown_once_and_revoking_it_twice_is_not_found(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive"));
        var api = app.Api(await app.TokenAsync("rhea"));

        var issued = await api.PostAsJsonAsync("/v1/assistants/deployer/secrets", new { });
        var secret = await issued.Content.ReadFromJsonAsync<IssuedSecretResponse>();
        var rotated = await (await api.PostAsJsonAsync("/v1/assistants/deployer/secrets", new { replaces = secret!.Id })).Content.ReadFromJsonAsync<IssuedSecretResponse>();
        var detail = await api.GetStringAsync("/v1/assistants/deployer");

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal($"/v1/assistants/deployer/secrets/{secret.Id}", issued.Headers.Location?.OriginalString);
        Assert.StartsWith("acs_", secret.Secret, StringComparison.Ordinal);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(90), secret.ExpiresAt);
        Assert.DoesNotContain(secret.Secret, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated!.Secret, detail, StringComparison.Ordinal);
        var listed = JsonSerializer.Deserialize<AssistantDetailResponse>(detail, JsonSerializerOptions.Web)!.Secrets;
        Assert.Equal([(rotated.Id, "active"), (secret.Id, "rotating")], listed.Select(s => (s.Id, s.State)));
        Assert.Equal(secret.Prefix, listed.Single(s => s.Id == secret.Id).Prefix);
        Assert.DoesNotContain(await app.HistoryAsync("deployer"), e => e.Payload.Contains(secret.Secret, StringComparison.Ordinal));

        var revoked = await api.DeleteAsync($"/v1/assistants/deployer/secrets/{rotated.Id}");
        var again = await api.DeleteAsync($"/v1/assistants/deployer/secrets/{rotated.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Null(await app.Service<AssistantInventory>().AuthenticateAsync("deployer", rotated.Secret));
        Assert.Equal("revoked", (await api.GetFromJsonAsync<AssistantDetailResponse>("/v1/assistants/deployer"))!.Secrets.Single(s => s.Id == rotated.Id).State);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Changes_are_listed_newest_first_and_filtered_by_state(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        var rhea = app.Api(await app.TokenAsync("rhea"));
        var first = (await (await rhea.PostAsJsonAsync("/v1/assistants", Valid("deployer") with { RiskTier = "medium" })).Content.ReadFromJsonAsync<SavedResponse>())!.PendingChange!;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var olive = app.Api(await app.TokenAsync("olive"));
        var second = (await (await olive.PatchAsJsonAsync("/v1/assistants/deployer", new { environments = new[] { "dev", "prod" } })).Content.ReadFromJsonAsync<SavedResponse>())!.PendingChange!;
        var approved = await app.Api(await app.TokenAsync("sam")).PostAsJsonAsync($"/v1/assistants/deployer/changes/{first.Id}/approve", new { comment = "fine" });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal([second.Id, first.Id], await ChangeIdsAsync(olive, ""));
        Assert.Equal([second.Id], await ChangeIdsAsync(olive, "?state=pending"));
        Assert.Equal([first.Id], await ChangeIdsAsync(olive, "?state=approved"));
        Assert.Empty(await ChangeIdsAsync(olive, "?state=rejected"));
        var decided = (await olive.GetFromJsonAsync<List<ChangeResponse>>("/v1/assistants/deployer/changes?state=approved"))!.Single();
        Assert.Equal(("sam", "fine", "medium"), (decided.DecidedBy, decided.Comment, decided.RiskTier));
        Assert.Equal("medium", (await app.AssistantAsync("deployer")).RiskTier);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_assistant_endpoints()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var app = new ConsoleFactory(store);

        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var wanted = new Dictionary<string, string[]>
        {
            ["/v1/assistants"] = ["get", "post"],
            ["/v1/assistants/{name}"] = ["get", "patch"],
            ["/v1/assistants/{name}/suspend"] = ["post"],
            ["/v1/assistants/{name}/resume"] = ["post"],
            ["/v1/assistants/{name}/retire"] = ["post"],
            ["/v1/assistants/{name}/secrets"] = ["post"],
            ["/v1/assistants/{name}/secrets/{id}"] = ["delete"],
            ["/v1/assistants/{name}/identities"] = ["post"],
            ["/v1/assistants/{name}/identities/{id}"] = ["delete"],
            ["/v1/assistants/{name}/changes"] = ["get"],
            ["/v1/assistants/{name}/changes/{id}/approve"] = ["post"],
            ["/v1/assistants/{name}/changes/{id}/reject"] = ["post"],
            ["/v1/assistants/{name}/recertify"] = ["post"],
        };
        var missing = wanted.SelectMany(w => w.Value.Select(method => (Path: w.Key, Method: method)))
            .Where(w => !paths.TryGetProperty(w.Path, out var operations) || !operations.TryGetProperty(w.Method, out _))
            .Select(w => $"{w.Method.ToUpperInvariant()} {w.Path}")
            .ToList();
        Assert.Empty(missing);
    }

    private static AssistantRequest Valid(string name) =>
        new(name, null, null, "olive", null, "platform", "low", ["dev"], ["terraform:plan"], null, null);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<long[]> ChangeIdsAsync(HttpClient api, string query) =>
        (await api.GetFromJsonAsync<List<ChangeResponse>>("/v1/assistants/deployer/changes" + query))!.Select(c => c.Id).ToArray();
}
