using System.Net;
using AgentConsole.Features.Notifications;
using AgentConsole.Infrastructure.Storage;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Notifications;

/// <summary><c>/settings/webhooks</c>: security and admin manage webhooks and read the delivery log; nobody else gets in.</summary>
public sealed class WebhooksPageTests
{
    private const string Page = "/settings/webhooks";

    public static TheoryData<string, string, HttpStatusCode> RoleMatrix()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var engine in new[] { "sqlite", "postgres" })
        {
            data.Add(engine, "admin", HttpStatusCode.OK);
            data.Add(engine, "security", HttpStatusCode.OK);
            data.Add(engine, "approver", HttpStatusCode.Forbidden);
            data.Add(engine, "compliance", HttpStatusCode.Forbidden);
            data.Add(engine, "owner", HttpStatusCode.Forbidden);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task The_page_and_its_delivery_log_follow_the_role_matrix(string engine, string role, HttpStatusCode expected)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var client = await app.SignedInAsync($"someone-{role}", role);

        foreach (var path in new[] { Page, Page + "/deliveries" })
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.StartsWith("/account/denied", response.RedirectPath(), StringComparison.Ordinal);
                response = await client.GetAsync(response.Headers.Location);
            }

            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Adding_a_webhook_shows_its_secret_once_stores_it_encrypted_and_audits_it(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var security = await app.SignedInAsync("rhea", "security");

        var response = await security.PostFormAsync(Page, Page, Form("on-call", "https://hooks.example.org/x", "slack"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var secret = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"secret\">([^<]+)<").Groups[1].Value;
        Assert.StartsWith(WebhookSecrets.Prefix, secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await security.GetStringAsync(Page), StringComparison.Ordinal);
        var stored = await app.Service<Database>().ScalarAsync<string>("SELECT secret FROM webhooks");
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        var webhook = Assert.Single(await app.Service<WebhookSubscriptions>().ListAsync());
        Assert.Equal(("on-call", "slack", true), (webhook.Name, webhook.Format, webhook.Enabled));
        var audited = Assert.Single(await app.AuditedAsync("webhook.created"));
        Assert.Equal(("rhea", "on-call"), (audited.ActorId, audited.SubjectId));
        Assert.DoesNotContain(secret, audited.Payload, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, string> BadInput()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var engine in new[] { "sqlite", "postgres" })
        {
            data.Add(engine, "on-call", "/hooks/relative", "generic", "url");
            data.Add(engine, "on-call", "ftp://files.example.org/hook", "generic", "url");
            data.Add(engine, "on-call", "https://hooks.example.org/x", "pagerduty", "format");
            data.Add(engine, "", "https://hooks.example.org/x", "generic", "name");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_inline_and_nothing_is_stored(string engine, string name, string url, string format, string field)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var admin = await app.SignedInAsync("ada", "admin");

        var response = await admin.PostFormAsync(Page, Page, Form(name, url, format));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches($"id=\"w-{field}-error\" class=\"invalid-feedback\">[^<]+<", html);
        Assert.Equal(0, await app.RowsAsync("webhooks"));
        Assert.Empty(await app.AuditedAsync("webhook.created"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Disabling_testing_and_deleting_are_audited_and_the_test_delivery_arrives(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, Hooks.Settings());
        var security = await app.SignedInAsync("rhea", "security");
        var hook = (await app.AddWebhookAsync("on-call", receiver.Url("oncall"))).Webhook;

        var tested = await security.PostFormAsync(Page, Page, [new("_handler", $"test-{hook.Id}")]);
        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        await Hooks.EventuallyAsync(() => receiver.Requests.Count == 1, "the test delivery arrived");
        Assert.Equal("test", receiver.Requests[0].Headers[WebhookSender.EventHeader]);

        var htmx = new HttpRequestMessage(HttpMethod.Post, Page)
        {
            Content = new FormUrlEncodedContent([new("_handler", $"toggle-{hook.Id}"), new("__RequestVerificationToken", await security.AntiforgeryTokenAsync(Page))]),
        };
        htmx.Headers.Add("HX-Request", "true");
        var disabled = await security.SendAsync(htmx);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Contains("on-call is disabled", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(Assert.Single(await app.Service<WebhookSubscriptions>().ListAsync()).Enabled);

        var deleted = await security.PostFormAsync(Page, Page, [new("_handler", $"delete-{hook.Id}")]);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, await app.RowsAsync("webhooks"));
        Assert.Equal(0, await app.RowsAsync("webhook_deliveries"));
        Assert.Contains("\"enabled\":false", Assert.Single(await app.AuditedAsync("webhook.updated")).Payload, StringComparison.Ordinal);
        Assert.Single(await app.AuditedAsync("webhook.deleted"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_delivery_log_shows_the_attempts_and_the_last_answer(string engine)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store, Hooks.Settings());
        await app.AddWebhookAsync("on-call", receiver.Url("oncall"));
        receiver.FailNext(1, 502);
        var (_, id) = await app.PendingDecisionAsync();
        await Hooks.EventuallyAsync(async () => (await app.DeliveriesAsync(DeliveryStates.Failed)).Count == 1, "the first attempt failed");
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await Hooks.EventuallyAsync(async () => (await app.DeliveriesAsync(DeliveryStates.Delivered)).Count == 1, "the retry was delivered");
        var security = await app.SignedInAsync("sec", "security");

        using var request = new HttpRequestMessage(HttpMethod.Get, Page + "/deliveries?state=delivered");
        request.Headers.Add("HX-Request", "true");
        var fragment = await (await security.SendAsync(request)).Content.ReadAsStringAsync();
        var failedOnly = await security.GetStringAsync(Page + "?state=failed");

        Assert.StartsWith("<section id=\"delivery-log\"", fragment.TrimStart(), StringComparison.Ordinal);
        Assert.Contains($"href=\"/approvals/{id}\"", fragment, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"attempts\">2<", fragment, StringComparison.Ordinal);
        Assert.Contains(">204<", fragment, StringComparison.Ordinal);
        Assert.Contains("No deliveries match the filter", failedOnly, StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Form(string name, string url, string format) =>
    [
        new("_handler", "add-webhook"), new("Input.Name", name), new("Input.Url", url), new("Input.Format", format),
        new("Input.OnPending", "true"), new("Input.OnEscalation", "true"),
    ];
}
