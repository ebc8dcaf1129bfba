using System.Net;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Users;

public class UserAdministrationTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Admin_adds_a_person_through_the_form_and_it_is_audited(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var admin = await app.SignedInAsync("root", "admin");

        var response = await admin.PostFormAsync("/admin/users", "/admin/users",
            [new("_handler", "add-user"), new("Input.Name", "lena"), new("Input.Approver", "true"), new("Input.Password", "")]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"user-added\"", html, StringComparison.Ordinal);
        Assert.Contains("One-time password", html, StringComparison.Ordinal);
        var lena = await app.Service<UserStore>().FindByNameAsync("lena");
        Assert.Equal(["approver"], lena!.Roles);
        Assert.True(lena.MustChangePassword);
        var created = (await app.Service<AuditChain>().PageAsync(5)).First(e => e.Action == "user.created");
        Assert.Equal("root", created.ActorId);
        Assert.DoesNotContain("password\":", created.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Bad_form_input_is_shown_inline_and_nothing_is_written(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var admin = await app.SignedInAsync("root", "admin");
        var before = await app.Service<AuditChain>().CountAsync();

        var noRole = await admin.PostFormAsync("/admin/users", "/admin/users", [new("_handler", "add-user"), new("Input.Name", "mo")]);
        var badName = await admin.PostFormAsync("/admin/users", "/admin/users", [new("_handler", "add-user"), new("Input.Name", "Bad Name!"), new("Input.Owner", "true")]);
        var duplicate = await admin.PostFormAsync("/admin/users", "/admin/users", [new("_handler", "add-user"), new("Input.Name", "root"), new("Input.Owner", "true")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRole.StatusCode);
        Assert.Contains("Choose one or more of", await noRole.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badName.StatusCode);
        Assert.Contains("lower-case letters", await badName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("already exists", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.Service<AuditChain>().CountAsync());
        Assert.Equal(2, (await app.Service<UserStore>().ListAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Htmx_role_change_returns_just_the_row(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var admin = await app.SignedInAsync("root", "admin");
        await app.AddAsync("nina", "owner");
        var token = await admin.AntiforgeryTokenAsync("/admin/users");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/users/nina/roles")
        {
            Content = new FormUrlEncodedContent([new("role", "owner"), new("role", "approver")]),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await admin.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("<tr id=\"user-nina\"", html.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("Roles saved.", html, StringComparison.Ordinal);
        Assert.Equal(["approver", "owner"], (await app.Service<UserStore>().FindByNameAsync("nina"))!.Roles);
    }

    [Fact]
    public async Task An_admin_cannot_disable_themselves()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var app = new ConsoleFactory(store);
        var admin = await app.SignedInAsync("root", "admin");

        var response = await admin.PostFormAsync("/admin/users", "/admin/users/root/disable", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("error=", response.RedirectPath(), StringComparison.Ordinal);
        Assert.False((await app.Service<UserStore>().FindByNameAsync("root"))!.IsDisabled);
    }
}
