using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentConsole.Tests.Support;

/// <summary>Agents as the decision API sees them: an assistant with a client secret, its tasks and their tokens.</summary>
public static class Agents
{
    /// <summary>A new client secret for <paramref name="assistant"/>, made by a security person (rhea must exist).</summary>
    public static async Task<string> SecretAsync(this ConsoleFactory app, string assistant, string by = "rhea")
    {
        var issued = (await app.Service<AssistantInventory>().CreateSecretAsync(await app.CallerAsync(by), assistant, null, null)).Succeeded();
        return issued.Value;
    }

    /// <summary>A client that proves it is <paramref name="assistant"/> with HTTP Basic (name + client secret).</summary>
    public static HttpClient AgentClient(this ConsoleFactory app, string assistant, string secret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{assistant}:{secret}")));
        return client;
    }

    /// <summary>
    /// Registers <paramref name="name"/> (owner olive, approved by sam when it widens) and returns a client that
    /// authenticates as it. The inventory people (<see cref="Inventory.AddInventoryPeopleAsync"/>) must exist.
    /// </summary>
    public static async Task<HttpClient> AgentAsync(this ConsoleFactory app, string name, string tier = RiskTiers.Low,
        string[]? environments = null, string[]? scopes = null)
    {
        await app.RegisterAsync("rhea", Inventory.Input(name, "olive", tier, environments ?? ["dev", "prod"],
            scopes ?? ["terraform:plan", "terraform:apply"]), approvedBy: "sam");
        return app.AgentClient(name, await app.SecretAsync(name));
    }

    /// <summary>Starts a task and returns its answer (taskId, token, expiresAt, scopes ...); asserts 201.</summary>
    public static async Task<JsonElement> StartTaskAsync(this HttpClient agent, object request)
    {
        var response = await agent.PostAsJsonAsync("/v1/tasks", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Starts a task for <paramref name="agent"/> and returns it with a client that carries its token.</summary>
    public static async Task<StartedTask> TaskAsync(this ConsoleFactory app, HttpClient agent, string environment, string[] scopes,
        string? onBehalfOf = "olive", int ttlSeconds = 3600, string? parentTaskId = null)
    {
        var issued = await agent.StartTaskAsync(new { description = $"work in {environment}", environment, scopes, ttlSeconds, onBehalfOf, parentTaskId });
        var token = issued.GetProperty("token").GetString()!;
        return new StartedTask(issued.GetProperty("taskId").GetString()!, token, issued.GetProperty("expiresAt").GetDateTimeOffset(), app.TaskClient(token), issued);
    }

    /// <summary>A client carrying a task token.</summary>
    public static HttpClient TaskClient(this ConsoleFactory app, string token) => app.Api(token);

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        var answer = await client.CallAsync(method, url, body);
        return (answer.Status, answer.Body);
    }

    /// <summary>Sends <paramref name="body"/> as JSON (or nothing) and reads the whole answer.</summary>
    public static async Task<ApiAnswer> CallAsync(this HttpClient client, HttpMethod method, string url, object? body = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await ApiAnswer.ReadAsync(await client.SendAsync(request, cancellationToken));
    }

    /// <summary>Posts <paramref name="json"/> verbatim as application/json (for malformed bodies).</summary>
    public static async Task<ApiAnswer> PostRawAsync(this HttpClient client, string url, string json) =>
        await ApiAnswer.ReadAsync(await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json")));

    /// <summary>Asks for a decision on <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static Task<ApiAnswer> DecideAsync(this HttpClient task, string action, string resource, object? plan = null, string? idempotencyKey = null) =>
        task.CallAsync(HttpMethod.Post, "/v1/decisions", new { action, resource, plan, prompt = $"{action} on {resource}", idempotencyKey });

    /// <summary>A person's verdict through <c>POST /v1/approvals/{id}</c>.</summary>
    public static Task<ApiAnswer> VerdictAsync(this HttpClient person, string decisionId, string verdict, string? comment = null) =>
        person.CallAsync(HttpMethod.Post, $"/v1/approvals/{decisionId}", new { verdict, comment });

    /// <summary>A client carrying a new personal API token of <paramref name="name"/>.</summary>
    public static async Task<HttpClient> PersonAsync(this ConsoleFactory app, string name) => app.Api(await app.TokenAsync(name));

    /// <summary>Every audit event with <paramref name="action"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<AuditEvent>> AuditedAsync(this ConsoleFactory app, string action) =>
        (await app.Service<AuditChain>().PageAsync(1000)).Where(e => e.Action == action).OrderBy(e => e.Seq).ToList();

    public static async Task AssertAuditIntactAsync(this ConsoleFactory app)
    {
        var verification = await app.Service<AuditChain>().VerifyAsync();
        Assert.True(verification.IsIntact, verification.Describe());
    }

    /// <summary>Rows in <paramref name="table"/> (a fixed table name from the test, never input).</summary>
    public static Task<long> RowsAsync(this ConsoleFactory app, string table, string where = "1 = 1") =>
        app.Service<Database>().ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where}");

    /// <summary>Verifies a receipt against <c>/.well-known/jwks.json</c> and returns its claims.</summary>
    public static async Task<JsonElement> VerifiedReceiptAsync(this ConsoleFactory app, string? receipt)
    {
        Assert.False(string.IsNullOrEmpty(receipt), "no receipt");
        var jwks = await app.CreateClient().GetStringAsync("/.well-known/jwks.json");
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(receipt, new TokenValidationParameters
        {
            ValidIssuer = "agentconsole",
            ValidateAudience = false,
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidateLifetime = false, // the console's clock is a test clock; exp is checked by the tests themselves
        });
        Assert.True(validated.IsValid, validated.Exception?.Message);
        var token = (JsonWebToken)validated.SecurityToken;
        return JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement;
    }
}

/// <summary>A started task: its id, token, expiry, a client carrying the token, and the whole 201 answer.</summary>
public sealed record StartedTask(string TaskId, string Token, DateTimeOffset ExpiresAt, HttpClient Client, JsonElement Issued);
