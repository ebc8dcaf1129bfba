using System.Net;
using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;
using AngleSharp.Html.Parser;

namespace AgentConsole.Tests.Features.Approvals;

/// <summary>The queue page, its cards and fragments, who may see what, and verdicts given from the console.</summary>
public sealed class ApprovalQueuePageTests
{
    private static readonly HtmlParser Parser = new();

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_queue_shows_each_pending_request_with_what_an_approver_needs(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(4));

        var html = await (await app.BrowserAsAsync("abe")).GetStringAsync("/approvals");

        var card = Parser.ParseDocument(html).GetElementById($"request-{id}");
        Assert.NotNull(card);
        Assert.Equal("terraform:apply on aws/prod/vpc-main", Normalize(card.QuerySelector("h2")!.TextContent));
        var facts = card.QuerySelectorAll(".approval-facts > div").ToDictionary(f => f.QuerySelector("dt")!.TextContent, f => Normalize(f.QuerySelector("dd")!.TextContent));
        Assert.Equal("deployer · owner olive", facts["Assistant"]);
        Assert.Equal("olive", facts["On behalf of"]);
        Assert.Equal("prod-writes-need-approval", facts["Rule"]);
        Assert.Equal("1 to add, 0 to change, 0 to destroy", facts["Plan"]);
        Assert.Null(card.QuerySelector("[data-testid=destructive]"));
        Assert.Equal("0 of 1", facts["Approvals"]);
        Assert.Equal("4 min due in 41 min", facts["Waiting"]);
        Assert.Equal("low", card.QuerySelector(".tier-badge")!.TextContent);
        Assert.Equal("prod", card.QuerySelector(".env-badge")!.TextContent);
        Assert.NotNull(card.QuerySelector("button[data-action=approve]"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Who_sees_the_queue_and_what_they_may_do(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync(onBehalfOf: "olive");

        // Approvers and security may act; compliance sees but the rule does not name it; olive is whom the agent works for.
        foreach (var (name, canAct) in new[] { ("abe", true), ("rhea", true), ("ada", false), ("cole", false), ("olive", false) })
        {
            var page = await (await app.BrowserAsAsync(name)).GetAsync("/approvals");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var card = Parser.ParseDocument(await page.Content.ReadAsStringAsync()).GetElementById($"request-{id}");
            Assert.True(card is not null, $"{name} does not see the request");
            Assert.True(canAct == (card.QuerySelector("button[data-action=approve]") is not null), $"{name}: approve button");
        }

        // An owner sees only the requests of their own assistants (everyone signed in has at least one role).
        var otto = await app.BrowserAsAsync("otto");
        Assert.DoesNotContain($"request-{id}", await otto.GetStringAsync("/approvals"));
        Assert.Equal(HttpStatusCode.NotFound, (await otto.GetAsync($"/approvals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otto.GetHtmxAsync($"/approvals/cards/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otto.GetAsync($"/approvals/{id}/verdict")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otto.PostVerdictAsync(id, "approve")).StatusCode);

        // Signed out, or with a personal API token (the API's, not the console's): the sign-in page; htmx gets 401.
        var anonymous = app.Browser();
        foreach (var path in new[] { "/approvals", $"/approvals/{id}", $"/approvals/cards/{id}", "/approvals/events?after=0", "/approvals/summary" })
        {
            Assert.StartsWith("/account/signin", (await anonymous.GetAsync(path)).RedirectPath());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetHtmxAsync($"/approvals/cards/{id}")).StatusCode);
        var token = app.Api(await app.TokenAsync("abe"));
        Assert.Equal("/account/signin", (await token.GetAsync("/approvals")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Empty(await app.AuditedAsync("approval.approve"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Filters_narrow_the_queue_by_environment_tier_and_who_is_needed(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync(onBehalfOf: "olive");
        var abe = await app.BrowserAsAsync("abe");
        var cole = await app.BrowserAsAsync("cole");

        Assert.Contains($"request-{id}", await abe.GetStringAsync("/approvals?environment=prod&tier=low&assistant=deployer&needsMe=true"));
        Assert.DoesNotContain($"request-{id}", await abe.GetStringAsync("/approvals?environment=dev"));
        Assert.DoesNotContain($"request-{id}", await abe.GetStringAsync("/approvals?tier=critical"));
        Assert.DoesNotContain($"request-{id}", await cole.GetStringAsync("/approvals?needsMe=true"));
        Assert.Contains($"request-{id}", await cole.GetStringAsync("/approvals"));
        // A live card fetched under a filter that excludes it comes back empty.
        Assert.Equal(HttpStatusCode.NoContent, (await abe.GetHtmxAsync($"/approvals/cards/{id}?environment=dev")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task One_click_approve_from_the_queue_answers_the_card_settled_and_the_agent_is_allowed(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (task, id) = await app.PendingDecisionAsync();
        var abe = await app.BrowserAsAsync("abe");
        var poll = task.PollAsync(id, waitSeconds: 20);

        var response = await abe.PostVerdictAsync(id, "approve", fromQueue: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<li", fragment.TrimStart()); // the card alone, no layout
        Assert.Contains("Already approved by abe", fragment);
        Assert.Contains("data-state=\"approved\"", fragment);
        Assert.Equal("allow", (await poll).Text("decision"));
        Assert.Single(await app.AuditedAsync("decision.approved"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_click_on_a_request_someone_else_settled_says_who_and_when_not_an_error(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync();
        var abe = await app.BrowserAsAsync("abe");
        var rhea = await app.BrowserAsAsync("rhea");
        var page = $"/approvals/{id}";

        (await abe.PostVerdictAsync(id, "deny", "not during the freeze", page: page)).EnsureSuccessStatusCode();
        var late = await rhea.PostVerdictAsync(id, "approve", page: page);

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains($"Already denied by abe at {app.Clock.GetUtcNow():yyyy-MM-dd HH:mm}", await late.Content.ReadAsStringAsync());
        var plain = await rhea.PostVerdictAsync(id, "approve", htmx: false, page: page);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Contains("Already%20denied%20by%20abe", plain.RedirectPath());
        Assert.Empty(await app.AuditedAsync("approval.approve"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Deny_without_a_reason_is_an_inline_error_and_records_nothing(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync();
        var abe = await app.BrowserAsAsync("abe");

        var response = await abe.PostVerdictAsync(id, "deny", "   ", page: $"/approvals/{id}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var panel = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("Say why you deny", panel.GetElementById("deny-reason-error")!.TextContent);
        Assert.Contains("is-invalid", panel.GetElementById("deny-reason")!.ClassName);
        Assert.Empty(await app.AuditedAsync("approval.deny"));
        var review = Parser.ParseDocument(await (await app.BrowserAsAsync("rhea")).GetStringAsync($"/approvals/{id}"));
        Assert.Equal("pending", review.QuerySelector("[data-testid=state]")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_verdict_form_without_its_antiforgery_token_is_refused(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync();
        var abe = await app.BrowserAsAsync("abe");

        var response = await abe.PostAsync($"/approvals/{id}/verdict", new FormUrlEncodedContent([new("verdict", "approve")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await app.AuditedAsync("approval.approve"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Approving_for_a_critical_assistant_asks_for_the_password_again(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync(tier: RiskTiers.Critical);
        var abe = await app.BrowserAsAsync("abe");
        var page = $"/approvals/{id}";
        Assert.NotNull(Parser.ParseDocument(await abe.GetStringAsync(page)).GetElementById("approve-password"));

        var wrong = await abe.PostVerdictAsync(id, "approve", password: "not-my-password", page: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("That is not your password: nothing was approved.", await wrong.Content.ReadAsStringAsync());
        Assert.Empty(await app.AuditedAsync("approval.approve"));

        var right = await abe.PostVerdictAsync(id, "approve", password: People.Password, page: page);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var html = await right.Content.ReadAsStringAsync();
        Assert.Contains("1 of 2", html); // critical needs two approvers
        Assert.Contains("more approvals are needed", html);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_page_that_lost_its_connection_catches_up_on_the_steps_after_its_last_event(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, first) = await app.PendingDecisionAsync();
        var abe = await app.BrowserAsAsync("abe");
        var seen = long.Parse(Parser.ParseDocument(await abe.GetStringAsync("/approvals")).GetElementById("approval-queue-region")!.GetAttribute("data-last-event")!,
            System.Globalization.CultureInfo.InvariantCulture);

        // While the page is away: abe approves the first request, and a second one arrives.
        (await (await app.PersonAsync("rhea")).VerdictAsync(first, "approve", "fine")).AssertStatus(HttpStatusCode.OK);
        var task = await app.TaskAsync(app.AgentClient("deployer", await app.SecretAsync("deployer")), "prod", ["terraform:apply"]);
        var second = (await task.Client.DecideAsync("terraform:apply", "aws/prod/db", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.Accepted).Text("decisionId");

        var page = JsonDocument.Parse(await abe.GetStringAsync($"/approvals/events?after={seen}")).RootElement;
        var steps = page.GetProperty("events").EnumerateArray()
            .Select(e => (Id: e.GetProperty("id").GetInt64(), Kind: e.GetProperty("kind").GetString(), Decision: e.GetProperty("decisionId").GetString())).ToList();
        Assert.Equal([("approve", first), ("approved", first), ("pending", second)], steps.Select(s => (s.Kind, s.Decision)));
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First.Id < p.Second.Id), "event ids increase");
        Assert.Equal(steps[^1].Id, page.GetProperty("latest").GetInt64());
        var none = JsonDocument.Parse(await abe.GetStringAsync($"/approvals/events?after={steps[^1].Id}")).RootElement;
        Assert.Empty(none.GetProperty("events").EnumerateArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await abe.GetAsync("/approvals/events?after=-1")).StatusCode);
        // otto owns no assistant: the same steps are not his to see.
        Assert.Empty(JsonDocument.Parse(await (await app.BrowserAsAsync("otto")).GetStringAsync($"/approvals/events?after={seen}")).RootElement.GetProperty("events").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_dashboard_shows_the_pending_count_and_the_oldest_request(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(50)); // past the low tier's 45-minute SLA, before the 1 h expiry
        var abe = await app.BrowserAsAsync("abe");

        var summary = Parser.ParseDocument(await abe.GetStringAsync("/")).GetElementById("pending-summary");
        Assert.NotNull(summary);
        Assert.Equal("1", summary.QuerySelector("[data-testid=pending-count]")!.TextContent);
        var oldest = Normalize(summary.QuerySelector("[data-testid=oldest-pending]")!.TextContent);
        Assert.Contains("terraform:apply on aws/prod/vpc-main by deployer, waiting 50 min", oldest);
        Assert.Contains("overdue", oldest);
        var fragment = await abe.GetHtmxAsync("/approvals/summary");
        Assert.StartsWith("<section", (await fragment.Content.ReadAsStringAsync()).TrimStart());
        using var json = new HttpRequestMessage(HttpMethod.Get, "/approvals/summary");
        json.Headers.Add("Accept", "application/json");
        var counts = JsonDocument.Parse(await (await abe.SendAsync(json)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((1, 1), (counts.GetProperty("pending").GetInt32(), counts.GetProperty("needsMe").GetInt32()));
        Assert.Equal($"/approvals/{id}", summary.QuerySelector("[data-testid=oldest-pending] a")!.GetAttribute("href"));
    }

    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
