using System.Net;
using System.Net.Http.Json;
using System.Text;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Tokens;

public class ApiTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Tokens_authenticate_until_revoked_or_expired(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("olga", "approver");
        var shortLived = await app.TokenAsync("olga", TimeSpan.FromHours(1));
        var api = app.Api(await app.TokenAsync("olga"));

        var me = await api.GetFromJsonAsync<MeResponse>("/v1/me");
        Assert.Equal("olga", me!.Name);
        Assert.Equal(["approver"], me.Roles);

        var created = await api.PostAsJsonAsync("/v1/tokens", new { name = "chat bot", expiresIn = "7d" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<CreatedTokenResponse>();
        Assert.StartsWith("acp_", body!.Token, StringComparison.Ordinal);
        var bot = app.Api(body.Token);
        Assert.Equal(HttpStatusCode.OK, (await bot.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/v1/tokens/{body.Id}")).StatusCode);
        var revoked = await bot.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("application/problem+json", revoked.Content.Headers.ContentType?.MediaType);

        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api(shortLived).GetAsync("/v1/me")).StatusCode);
        var actions = (await app.Service<AuditChain>().PageAsync(20)).Select(e => e.Action).ToList();
        Assert.Contains("token.revoked", actions);
        Assert.DoesNotContain((await app.Service<AuditChain>().PageAsync(20)), e => e.Payload.Contains(body.Token, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_api_refuses_missing_tokens_cookies_and_wrong_roles(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("pat", "approver");
        await app.AddAsync("quinn", "compliance");
        var browser = await app.SignedInAsync("root", "admin");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api("acp_not-a-real-token").GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/v1/me")).StatusCode);
        var approver = app.Api(await app.TokenAsync("pat"));
        var forbidden = await approver.GetAsync("/v1/users");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.GetAsync("/v1/audit/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Api(await app.TokenAsync("quinn")).GetAsync("/v1/audit/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Api(await app.TokenAsync("root")).GetAsync("/v1/users")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Bad_api_input_gets_problem_details_and_writes_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("root", "admin");
        var api = app.Api(await app.TokenAsync("root"));
        var before = await app.Service<AuditChain>().CountAsync();

        var duplicate = await api.PostAsJsonAsync("/v1/users", new { name = "root", roles = new[] { "owner" }, password = "long-enough-password" });
        var unknownRole = await api.PostAsJsonAsync("/v1/users", new { name = "rita", roles = new[] { "wizard" }, password = "long-enough-password" });
        var oversized = await api.PostAsJsonAsync("/v1/users", new { name = "rita", displayName = new string('x', 500), roles = new[] { "owner" }, password = "long-enough-password" });
        var malformed = await api.PostAsync("/v1/users", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        var badLifetime = await api.PostAsJsonAsync("/v1/tokens", new { name = "x", expiresIn = "10y" });
        var missing = await api.PostAsync("/v1/users/nobody/disable", null);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownRole.StatusCode);
        Assert.Contains("roles", await unknownRole.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badLifetime.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { duplicate, unknownRole, oversized, malformed, badLifetime, missing })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, await app.Service<AuditChain>().CountAsync());
        Assert.Null(await app.Service<UserStore>().FindByNameAsync("rita"));
    }
}
