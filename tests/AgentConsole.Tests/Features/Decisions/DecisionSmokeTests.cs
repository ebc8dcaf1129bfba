using System.Net;
using AgentConsole.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentConsole.Tests.Features.Decisions;

public sealed class DecisionSmokeTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_agent_starts_a_task_and_gets_an_allow_for_a_read(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive", scopes: ["terraform:plan", "terraform:apply"], environments: ["dev", "prod"]), approvedBy: "sam");
        var secret = await app.SecretAsync("deployer");
        var agent = app.AgentClient("deployer", secret);

        var task = await agent.StartTaskAsync(new { description = "plan the VPC", environment = "dev", scopes = new[] { "terraform:plan" }, ttlSeconds = 600, onBehalfOf = "olive" });
        var worker = app.TaskClient(task.GetProperty("token").GetString()!);
        var (status, body) = await worker.SendJsonAsync(HttpMethod.Post, "/v1/decisions", new { action = "terraform:plan", resource = "aws/dev/vpc-main", idempotencyKey = "k1" });

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("allow", body.GetProperty("decision").GetString());
        var again = await worker.SendJsonAsync(HttpMethod.Post, "/v1/decisions", new { action = "terraform:plan", resource = "aws/dev/vpc-main", idempotencyKey = "k1" });
        Assert.Equal(body.GetProperty("decisionId").GetString(), again.Body.GetProperty("decisionId").GetString());

        var jwks = await app.CreateClient().GetStringAsync("/.well-known/jwks.json");
        var keys = new JsonWebKeySet(jwks).GetSigningKeys();
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(body.GetProperty("receipt").GetString(), new TokenValidationParameters
        {
            ValidIssuer = "agentconsole", ValidateAudience = false, IssuerSigningKeys = keys, ValidateLifetime = false,
        });
        Assert.True(validated.IsValid, validated.Exception?.Message);

        var outside = await worker.SendJsonAsync(HttpMethod.Post, "/v1/decisions", new { action = "terraform:apply", resource = "aws/dev/vpc-main" });
        Assert.Equal(HttpStatusCode.Forbidden, outside.Status);
        var bad = await worker.PostAsync("/v1/decisions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);

        var done = await worker.SendJsonAsync(HttpMethod.Post, $"/v1/tasks/{task.GetProperty("taskId").GetString()}/complete");
        Assert.Equal(HttpStatusCode.OK, done.Status);
        var after = await worker.SendJsonAsync(HttpMethod.Post, "/v1/decisions", new { action = "terraform:plan", resource = "aws/dev/vpc-main" });
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }
}
