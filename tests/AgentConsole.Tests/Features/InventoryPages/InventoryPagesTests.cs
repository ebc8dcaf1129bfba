using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.InventoryPages;

/// <summary>The inventory pages as a browser uses them: who may open what, forms with inline errors, htmx fragments.</summary>
public class InventoryPagesTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Pages_open_only_for_those_who_may_see_them(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("olga", "owner");
        await app.AddAsync("otto", "owner");
        await RegisterAsync(app, "olgas-bot", owner: "olga");
        var anonymous = app.Browser();
        var owner = await SignInAsync(app, "olga");
        var otherOwner = await SignInAsync(app, "otto");
        var approver = await app.SignedInAsync("april", "approver");
        var compliance = await app.SignedInAsync("cora", "compliance");

        Assert.StartsWith("/account/signin", (await anonymous.GetAsync("/assistants")).RedirectPath(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await compliance.GetAsync("/assistants/olgas-bot")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approver.GetAsync("/assistants/olgas-bot?tab=history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/assistants/olgas-bot/review")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOwner.GetAsync("/assistants/olgas-bot")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/assistants/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.GetAsync("/assistants/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.GetAsync("/assistants/issuers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await compliance.GetAsync("/assistants/olgas-bot/review")).StatusCode);
        Assert.Contains("olgas-bot", await owner.GetStringAsync("/assistants"), StringComparison.Ordinal);
        Assert.DoesNotContain("olgas-bot", await otherOwner.GetStringAsync("/assistants"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_register_form_shows_bad_input_inline_and_writes_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("olga", "owner");
        await RegisterAsync(app, "taken", owner: "olga");
        var security = await app.SignedInAsync("sam", "security");
        var events = await app.Service<AuditChain>().CountAsync();

        var invalid = await PostRegisterAsync(security, "Bad Name!", owner: "nobody", scope: "terraform:plan");
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        var duplicate = await PostRegisterAsync(security, "taken", owner: "olga", scope: "terraform:plan");
        var tooLong = await PostRegisterAsync(security, "long-one", owner: "olga", scope: "terraform:plan", description: new string('x', 2001));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("Use 2 to 63 characters", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("No active user named", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("is-invalid", invalidHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("already exists", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal(events, await app.Service<AuditChain>().CountAsync());
        Assert.Equal(1, (await app.Service<AssistantStore>().ListAsync(new AssistantFilter { Status = "any" }, app.Clock.GetUtcNow())).Total);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Registering_through_the_form_holds_the_write_scope_until_approved(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("olga", "owner");
        var security = await app.SignedInAsync("sam", "security");

        var response = await PostRegisterAsync(security, "deployer", owner: "olga", scope: "terraform:apply", environment: "prod");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/assistants/deployer?notice=", response.RedirectPath(), StringComparison.Ordinal);
        var created = await app.Service<AssistantStore>().FindAsync("deployer", app.Clock.GetUtcNow());
        Assert.Empty(created!.Scopes);
        Assert.Empty(created.Environments);
        Assert.Equal(1, created.PendingChanges);
        var detail = await security.GetStringAsync(response.RedirectPath());
        Assert.Contains("waits for a second person", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_action_with_htmx_returns_the_assistant_fragment_and_a_plain_post_the_page(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("olga", "owner");
        await RegisterAsync(app, "bot-a", owner: "olga");
        await RegisterAsync(app, "bot-b", owner: "olga");
        var security = await app.SignedInAsync("sam", "security");

        var token = await security.AntiforgeryTokenAsync("/assistants/bot-a");
        using var htmx = new HttpRequestMessage(HttpMethod.Post, "/assistants/bot-a")
        {
            Content = new FormUrlEncodedContent([new("_handler", "suspend"), new("__RequestVerificationToken", token)]),
        };
        htmx.Headers.Add("HX-Request", "true");
        var fragment = await security.SendAsync(htmx);
        var plain = await security.PostFormAsync("/assistants/bot-b", "/assistants/bot-b", [new("_handler", "suspend")]);

        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Contains("id=\"assistant-body\"", await fragment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Contains("Suspended. Its client secrets were revoked.", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var now = app.Clock.GetUtcNow();
        Assert.Equal(AssistantStatus.Suspended, (await app.Service<AssistantStore>().FindAsync("bot-a", now))!.Status);
        Assert.Equal(AssistantStatus.Suspended, (await app.Service<AssistantStore>().FindAsync("bot-b", now))!.Status);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_crafted_post_cannot_approve_ones_own_change(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("olga", "owner");
        var security = await app.SignedInAsync("sam", "security");
        await PostRegisterAsync(security, "deployer", owner: "olga", scope: "terraform:apply");
        var change = (await app.Service<AssistantStore>().ChangesAsync(null, ChangeStates.Pending)).Single();

        var response = await security.PostFormAsync("/assistants/changes", "/assistants/changes",
            [new("_handler", $"decide-{change.Id}"), new("verdict", "approve"), new("Comment", "me")]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("a second person with the security role must approve it", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await app.Service<AssistantStore>().ChangesAsync(null, ChangeStates.Pending));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_owner_recertifies_on_the_review_page_and_drops_a_scope(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("olga", "owner");
        await RegisterAsync(app, "reader", owner: "olga", scopes: ["terraform:plan", "k8s:read"]);
        app.Clock.Advance(TimeSpan.FromDays(200));
        var owner = await SignInAsync(app, "olga");

        var response = await owner.PostFormAsync("/assistants/reader/review", "/assistants/reader/review",
            [new("_handler", "review"), new("environment", "dev"), new("scope", "k8s:read"), new("Comment", "plan no longer needed")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reader = await app.Service<AssistantStore>().FindAsync("reader", app.Clock.GetUtcNow());
        Assert.Equal(["k8s:read"], reader!.Scopes);
        Assert.Equal("olga", reader.LastReviewedBy);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(180), reader.NextReviewAt);
        var history = await owner.GetStringAsync("/assistants/reader?tab=history");
        Assert.Contains("recertified", history, StringComparison.Ordinal);
        Assert.Contains("terraform:plan", history, StringComparison.Ordinal);
    }

    private static async Task<HttpClient> SignInAsync(ConsoleFactory app, string name)
    {
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(name, People.Password)).StatusCode);
        return client;
    }

    private static async Task RegisterAsync(ConsoleFactory app, string name, string owner, string[]? scopes = null)
    {
        var caller = new Caller(Actor.System, 0, "setup", new HashSet<string> { "security" });
        var outcome = await app.Service<AssistantInventory>().CreateAsync(caller, new AssistantInput
        {
            Name = name, Owner = owner, Team = "platform", RiskTier = RiskTiers.Low, Environments = ["dev"], Scopes = scopes ?? ["terraform:plan"],
        });
        Assert.True(outcome.IsSuccess, outcome.Error?.Detail);
    }

    private static Task<HttpResponseMessage> PostRegisterAsync(HttpClient client, string name, string owner, string scope, string environment = "dev",
        string description = "") =>
        client.PostFormAsync("/assistants/new", "/assistants/new",
        [
            new("_handler", "assistant"), new("Input.Name", name), new("Input.Owner", owner), new("Input.Team", "platform"),
            new("Input.RiskTier", "low"), new("Input.Description", description), new("environment", environment), new("scope", scope),
        ]);
}
