using System.Net;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Shell;

/// <summary>Who may open what: anonymous callers, each role, and form posts without an antiforgery token.</summary>
public class AccessTests
{
    public static TheoryData<string, string, string, HttpStatusCode> PageMatrix()
    {
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        foreach (var engine in new[] { "sqlite", "postgres" })
        {
            data.Add(engine, "/", "owner", HttpStatusCode.OK);
            data.Add(engine, "/account/tokens", "approver", HttpStatusCode.OK);
            data.Add(engine, "/admin/users", "admin", HttpStatusCode.OK);
            data.Add(engine, "/admin/users", "security", HttpStatusCode.Forbidden);
            data.Add(engine, "/admin/users", "approver", HttpStatusCode.Forbidden);
            data.Add(engine, "/audit", "compliance", HttpStatusCode.OK);
            data.Add(engine, "/audit", "security", HttpStatusCode.OK);
            data.Add(engine, "/audit", "approver", HttpStatusCode.Forbidden);
            data.Add(engine, "/audit", "owner", HttpStatusCode.Forbidden);
            data.Add(engine, "/admin/users/admin/tokens", "owner", HttpStatusCode.Forbidden);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PageMatrix))]
    public async Task Pages_follow_the_role_matrix(string engine, string path, string role, HttpStatusCode expected)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var client = await app.SignedInAsync($"someone-{role}", role);

        var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/account/denied", response.RedirectPath(), StringComparison.Ordinal);
            response = await client.GetAsync(response.Headers.Location);
        }

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("sqlite", "/")]
    [InlineData("sqlite", "/admin/users")]
    [InlineData("sqlite", "/audit")]
    [InlineData("sqlite", "/account/tokens")]
    [InlineData("postgres", "/")]
    [InlineData("postgres", "/audit")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string engine, string path)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);

        var response = await app.Browser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.RedirectPath(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Health_sign_in_and_assets_need_no_session(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var client = app.Browser();

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Contains($"\"engine\":\"{engine}\"", await client.GetStringAsync("/readyz"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/hubs/console/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Theory]
    [InlineData("sqlite", "/account/signin")]
    [InlineData("sqlite", "/account/signout")]
    [InlineData("sqlite", "/admin/users/admin/disable")]
    [InlineData("sqlite", "/audit/verify")]
    [InlineData("postgres", "/account/signout")]
    [InlineData("postgres", "/admin/users/admin/disable")]
    public async Task Form_posts_without_an_antiforgery_token_are_refused(string engine, string action)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var client = await app.SignedInAsync("ivan", "admin", "security");
        var before = await app.Service<AgentConsole.Infrastructure.Audit.AuditChain>().CountAsync();

        var response = await client.PostFormAsync("/", action, [new("_handler", "signin"), new("Input.Name", "ivan"), new("Input.Password", People.Password)], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await app.Service<AgentConsole.Infrastructure.Audit.AuditChain>().CountAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var app = new ConsoleFactory(store);
        var client = await app.SignedInAsync("judy", "admin");

        foreach (var path in new[] { "/", "/account/signin", "/admin/users", "/no-such-page" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_pages_get_a_friendly_404()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var app = new ConsoleFactory(store);
        var client = await app.SignedInAsync("kim", "owner");

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Nothing here", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
