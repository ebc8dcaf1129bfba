using System.Net;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Account;

public class SignInTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task First_run_admin_must_change_the_password_before_anything_else(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var client = app.Browser();

        var signIn = await client.SignInAsync("admin", ConsoleFactory.FirstRunPassword);
        Assert.Equal("/account/password", signIn.RedirectPath());
        var elsewhere = await client.GetAsync("/admin/users");
        Assert.Equal("/account/password", elsewhere.RedirectPath());

        var weak = await client.ChangePasswordAsync(ConsoleFactory.FirstRunPassword, "short");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Contains("12", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var changed = await client.ChangePasswordAsync(ConsoleFactory.FirstRunPassword, "a-new-admin-password");
        Assert.Equal("/?passwordChanged=true", changed.RedirectPath());
        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Dashboard", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A page's live connection or htmx call can still be on its way with the old cookie when the password change
    /// answers with the new one. Its refusal must not delete the cookie: that deletion would land after, and wipe,
    /// the fresh session the same browser was just given.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_late_request_with_the_old_cookie_is_refused_without_deleting_the_new_one(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var client = app.Browser();

        var signIn = await client.SignInAsync("admin", ConsoleFactory.FirstRunPassword);
        var oldCookie = SessionCookie(signIn);
        var changed = await client.ChangePasswordAsync(ConsoleFactory.FirstRunPassword, "a-new-admin-password");
        Assert.Equal("/?passwordChanged=true", changed.RedirectPath());
        Assert.NotEqual(oldCookie, SessionCookie(changed));

        // Past half the idle time the old cookie would be due for renewal: a renewal would overwrite the fresh one just the same.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var late = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var path in new[] { "/", "/hubs/console/negotiate?negotiateVersion=1" })
        {
            using var request = new HttpRequestMessage(path.StartsWith("/hubs", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
            request.Headers.Add("Cookie", oldCookie);
            var refused = await late.SendAsync(request);
            Assert.True(refused.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{path}: {refused.StatusCode}");
            Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var set) ? set : [],
                c => c.StartsWith("agentconsole.session=", StringComparison.Ordinal));
        }

        // The fresh session, as old by now, is accepted and renewed (sliding expiration).
        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.NotEqual(SessionCookie(changed), SessionCookie(dashboard));
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])
            .Single(c => c.StartsWith("agentconsole.session=", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("dana", "approver");
        var client = app.Browser();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.SignInAsync("dana", "not-the-password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var locked = await client.SignInAsync("dana", People.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var later = await client.SignInAsync("dana", People.Password);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        var actions = (await app.Service<AuditChain>().PageAsync(50)).Select(e => e.Action).ToList();
        Assert.Contains("user.locked_out", actions);
        Assert.Contains("signin.refused", actions);
        Assert.Contains("signin.succeeded", actions);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Sessions_end_after_idle_and_absolute_timeouts(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var idle = await app.SignedInAsync("erin", "owner");

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var idleAfter = await idle.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, idleAfter.StatusCode);
        Assert.Contains("/account/signin", idleAfter.RedirectPath(), StringComparison.Ordinal);

        var busy = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await busy.SignInAsync("erin", People.Password)).StatusCode);
        for (var i = 0; i < 26; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(29));
            if (i < 24)
            {
                Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/")).StatusCode);
            }
        }

        var expired = await busy.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.Contains("/account/signin", expired.RedirectPath(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Disabling_a_person_ends_their_sessions_and_tokens_at_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var frank = await app.SignedInAsync("frank", "security");
        var token = await app.TokenAsync("frank");
        Assert.Equal(HttpStatusCode.OK, (await frank.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Api(token).GetAsync("/v1/me")).StatusCode);

        var admin = await app.SignedInAsync("grace", "admin");
        var disable = await admin.PostFormAsync("/admin/users", "/admin/users/frank/disable", []);
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        var after = await frank.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/signin", after.RedirectPath(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api(token).GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await frank.SignInAsync("frank", People.Password)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Sign_out_ends_the_session_and_is_audited(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var client = await app.SignedInAsync("hana", "compliance");

        var signOut = await client.PostFormAsync("/", "/account/signout", []);

        Assert.Equal("/account/signin", signOut.RedirectPath());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.Contains("signout", (await app.Service<AuditChain>().PageAsync(5)).Select(e => e.Action));
    }
}
