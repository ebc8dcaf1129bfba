using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary><c>/v1/break-glass</c> with personal API tokens: every endpoint, who is refused, and bad input.</summary>
public sealed class BreakGlassApiTests
{
    private static object Body(string assistant, int seconds = 600, string[]? scopes = null, string? renews = null) => new
    {
        assistant,
        justification = "The payment API is down and the fix needs a deploy.",
        incident = "INC-4211",
        durationSeconds = seconds,
        scopes = scopes ?? ["k8s:deploy"],
        renews,
    };

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_responder_requests_a_grant_and_gets_201_with_its_id_state_and_expiry(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var olive = await app.PersonAsync("olive");

        var created = (await olive.CallAsync(HttpMethod.Post, "/v1/break-glass", new
        {
            assistant = "fixer",
            justification = "The payment API is down and the fix needs a deploy.",
            incident = "INC-4211",
            durationSeconds = 900,
            scopes = new[] { "k8s:deploy" },
            environments = new[] { "prod" },
            skipApprovalFor = new[] { new { action = "terraform:apply", resource = "aws/prod/*" } },
        })).AssertStatus(HttpStatusCode.Created);
        var id = created.Text("id");
        var fetched = (await olive.CallAsync(HttpMethod.Get, created.Headers.Location!.OriginalString)).AssertStatus(HttpStatusCode.OK);

        Assert.StartsWith("bg_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/break-glass/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("active", "immediate"), (created.Text("state"), created.Text("startMode")));
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(900), created.Body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal((false, 1, 0), (created.Body.GetProperty("flagged").GetBoolean(), created.Body.GetProperty("repeatCount").GetInt32(),
            created.Body.GetProperty("renewalNumber").GetInt32()));
        Assert.Equal("aws/prod/*", created.Body.GetProperty("skipApprovalFor")[0].GetProperty("resource").GetString());
        Assert.Equal(900, created.Body.GetProperty("secondsLeft").GetInt64());
        Assert.Equal(id, fetched.Body.GetProperty("grant").GetProperty("id").GetString());
        Assert.Equal(["break-glass.requested", "break-glass.started"],
            fetched.Body.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(0, fetched.Body.GetProperty("tasks").GetArrayLength());
        Assert.Equal(0, fetched.Body.GetProperty("decisions").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Who_may_request_responders_and_the_assistants_owner_but_not_compliance_another_owner_or_nobody(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var scopes = new Dictionary<string, string[]>
        {
            ["rhea"] = ["k8s:deploy"], ["abe"] = ["k8s:read"], ["ada"] = ["iam:read"], ["olive"] = ["iam:write"], ["otto"] = ["db:read"], ["cole"] = ["db:read"],
        };
        var answers = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        foreach (var (who, asked) in scopes)
        {
            answers[who] = (await (await app.PersonAsync(who)).CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer", scopes: asked))).Status;
        }

        var anonymous = await app.CreateClient().CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer"));
        var badToken = await app.Api("acp_not-a-real-token").CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer"));

        Assert.Equal(HttpStatusCode.Created, answers["rhea"]);
        Assert.Equal(HttpStatusCode.Created, answers["abe"]);
        Assert.Equal(HttpStatusCode.Created, answers["ada"]);
        Assert.Equal(HttpStatusCode.Created, answers["olive"]);
        Assert.Equal(HttpStatusCode.NotFound, answers["otto"]);
        Assert.Equal(HttpStatusCode.Forbidden, answers["cole"]);
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        badToken.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(4, await app.RowsAsync("break_glass_grants"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Bad_requests_get_problem_details_and_leave_nothing_behind(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var rhea = await app.PersonAsync("rhea");

        var malformed = await rhea.PostRawAsync("/v1/break-glass", "{\"assistant\": \"fixer\", ");
        var wrongType = await rhea.PostRawAsync("/v1/break-glass", "{\"assistant\": \"fixer\", \"durationSeconds\": \"an hour\"}");
        var notJson = await ApiAnswer.ReadAsync(await rhea.PostAsync("/v1/break-glass", new StringContent("assistant=fixer", null, "text/plain")));
        var empty = await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", new { assistant = "fixer" });
        var unknown = await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("nobody"));
        var overTier = await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("guardian", seconds: 3601));
        var overCap = await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer", seconds: 4 * 3600 + 1));

        malformed.AssertProblem(HttpStatusCode.BadRequest);
        wrongType.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(notJson.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{(int)notJson.Status}");
        var errors = empty.AssertProblem(HttpStatusCode.UnprocessableEntity).Body.GetProperty("errors");
        Assert.All(new[] { "justification", "incident", "durationSeconds", "exceptions" }, field => Assert.True(errors.TryGetProperty(field, out _), field));
        unknown.AssertProblem(HttpStatusCode.NotFound);
        Assert.Contains("at most 1h for a high-tier assistant",
            overTier.AssertProblem(HttpStatusCode.UnprocessableEntity).Body.GetProperty("errors").GetProperty("durationSeconds")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("hard cap of 4h",
            overCap.AssertProblem(HttpStatusCode.UnprocessableEntity).Body.GetProperty("errors").GetProperty("durationSeconds")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.RowsAsync("break_glass_grants"));
        Assert.Empty(await app.AuditedAsync("break-glass.requested"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Approve_is_for_the_policys_approvers_other_than_the_requester_and_only_while_pending(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var id = (await (await app.PersonAsync("olive")).CallAsync(HttpMethod.Post, "/v1/break-glass", Body("guardian")))
            .AssertStatus(HttpStatusCode.Created).Text("id");
        Assert.Equal("pending", (await app.Service<AgentConsole.Features.BreakGlass.BreakGlassStore>().FindAsync(id))!.State);

        var refused = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        foreach (var who in new[] { "olive", "cole", "ada", "otto" })
        {
            refused[who] = (await (await app.PersonAsync(who)).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/approve")).Status;
        }

        var anonymous = await app.CreateClient().CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/approve");
        var unknown = await (await app.PersonAsync("abe")).CallAsync(HttpMethod.Post, "/v1/break-glass/bg_nothing/approve");
        var approved = (await (await app.PersonAsync("abe")).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/approve")).AssertStatus(HttpStatusCode.OK);
        var again = await (await app.PersonAsync("sam")).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/approve");

        Assert.Equal(HttpStatusCode.Forbidden, refused["olive"]);
        Assert.Equal(HttpStatusCode.Forbidden, refused["cole"]);
        Assert.Equal(HttpStatusCode.Forbidden, refused["ada"]);
        Assert.Equal(HttpStatusCode.NotFound, refused["otto"]);
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        unknown.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(("active", "abe"), (approved.Text("state"), approved.Text("approvedBy")));
        again.AssertProblem(HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Reject_needs_a_comment_and_a_lapsed_request_answers_409(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var olive = await app.PersonAsync("olive");
        var abe = await app.PersonAsync("abe");
        var first = (await olive.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("guardian", seconds: 60))).AssertStatus(HttpStatusCode.Created).Text("id");
        var second = (await olive.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("guardian", seconds: 600, scopes: ["k8s:read"])))
            .AssertStatus(HttpStatusCode.Created).Text("id");

        var malformed = await abe.PostRawAsync($"/v1/break-glass/{second}/reject", "{\"comment\": ");
        var noComment = await abe.CallAsync(HttpMethod.Post, $"/v1/break-glass/{second}/reject", new { });
        var byRequester = await olive.CallAsync(HttpMethod.Post, $"/v1/break-glass/{second}/reject", new { comment = "never mind" });
        var rejected = (await abe.CallAsync(HttpMethod.Post, $"/v1/break-glass/{second}/reject", new { comment = "use the runbook" }))
            .AssertStatus(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var lapsed = await abe.CallAsync(HttpMethod.Post, $"/v1/break-glass/{first}/approve");

        malformed.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(noComment.AssertProblem(HttpStatusCode.UnprocessableEntity).Body.GetProperty("errors").TryGetProperty("comment", out _));
        byRequester.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(("ended", "rejected"), (rejected.Text("state"), rejected.Text("endReason")));
        Assert.Contains("lapsed", lapsed.AssertProblem(HttpStatusCode.Conflict).Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await abe.CallAsync(HttpMethod.Post, $"/v1/break-glass/{second}/reject", new { comment = "again" })).AssertProblem(HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task End_is_for_the_requester_and_security_and_happens_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var id = (await (await app.PersonAsync("abe")).CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer")))
            .AssertStatus(HttpStatusCode.Created).Text("id");

        var refused = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        foreach (var who in new[] { "olive", "cole", "ada", "otto" })
        {
            refused[who] = (await (await app.PersonAsync(who)).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/end")).Status;
        }

        var anonymous = await app.CreateClient().CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/end");
        var ended = (await (await app.PersonAsync("rhea")).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/end")).AssertStatus(HttpStatusCode.OK);
        var again = await (await app.PersonAsync("abe")).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/end");
        var mine = (await (await app.PersonAsync("abe")).CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer", scopes: ["k8s:read"])))
            .AssertStatus(HttpStatusCode.Created).Text("id");
        var byRequester = (await (await app.PersonAsync("abe")).CallAsync(HttpMethod.Post, $"/v1/break-glass/{mine}/end")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, refused["olive"]); // the owner, but not the requester
        Assert.Equal(HttpStatusCode.Forbidden, refused["cole"]);
        Assert.Equal(HttpStatusCode.Forbidden, refused["ada"]);
        Assert.Equal(HttpStatusCode.NotFound, refused["otto"]);
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(("ended", "ended", "rhea"), (ended.Text("state"), ended.Text("endReason"), ended.Text("endedBy")));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(3), ended.Body.GetProperty("reviewDueAt").GetDateTimeOffset());
        again.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("abe", byRequester.Text("endedBy"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Review_is_for_compliance_once_the_grant_has_ended_and_only_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var cole = await app.PersonAsync("cole");
        var id = (await (await app.PersonAsync("olive")).CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer")))
            .AssertStatus(HttpStatusCode.Created).Text("id");
        var review = new { outcome = "inappropriate", notes = "The deploy could have waited for the morning." };

        var whileActive = await cole.CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/review", review);
        (await (await app.PersonAsync("olive")).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/end")).AssertStatus(HttpStatusCode.OK);
        var queue = (await cole.CallAsync(HttpMethod.Get, "/v1/break-glass/reviews")).AssertStatus(HttpStatusCode.OK);
        var refused = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        foreach (var who in new[] { "olive", "rhea", "abe", "ada", "otto" })
        {
            refused[who] = (await (await app.PersonAsync(who)).CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/review", review)).Status;
        }

        var badOutcome = await cole.CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/review", new { outcome = "meh", notes = "x" });
        var malformed = await cole.PostRawAsync($"/v1/break-glass/{id}/review", "[");
        var reviewed = (await cole.CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/review", review)).AssertStatus(HttpStatusCode.OK);
        var twice = await cole.CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/review", review);

        whileActive.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal([id], queue.Body.EnumerateArray().Select(g => g.GetProperty("id").GetString()));
        Assert.All(new[] { "olive", "rhea", "abe", "ada" }, who => Assert.Equal(HttpStatusCode.Forbidden, refused[who]));
        Assert.Equal(HttpStatusCode.NotFound, refused["otto"]);
        Assert.True(badOutcome.AssertProblem(HttpStatusCode.UnprocessableEntity).Body.GetProperty("errors").TryGetProperty("outcome", out _));
        malformed.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(("inappropriate", "cole"), (reviewed.Body.GetProperty("review").GetProperty("outcome").GetString(),
            reviewed.Body.GetProperty("review").GetProperty("by").GetString()));
        twice.AssertProblem(HttpStatusCode.Conflict);
        (await (await app.PersonAsync("olive")).CallAsync(HttpMethod.Get, "/v1/break-glass/reviews")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_list_filters_by_state_and_shows_owners_only_their_own(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var rhea = await app.PersonAsync("rhea");
        var active = (await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer"))).AssertStatus(HttpStatusCode.Created).Text("id");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var pending = (await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("guardian"))).AssertStatus(HttpStatusCode.Created).Text("id");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var others = (await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("ottos"))).AssertStatus(HttpStatusCode.Created).Text("id");

        static string[] Ids(ApiAnswer answer) => answer.AssertStatus(HttpStatusCode.OK).Body.EnumerateArray().Select(g => g.GetProperty("id").GetString()!).ToArray();

        Assert.Equal([others, pending, active], Ids(await rhea.CallAsync(HttpMethod.Get, "/v1/break-glass")));
        Assert.Equal([others, active], Ids(await rhea.CallAsync(HttpMethod.Get, "/v1/break-glass?state=active")));
        Assert.Equal([pending], Ids(await rhea.CallAsync(HttpMethod.Get, "/v1/break-glass?state=pending")));
        Assert.Empty(Ids(await rhea.CallAsync(HttpMethod.Get, "/v1/break-glass?state=ended")));
        Assert.Equal([pending, active], Ids(await (await app.PersonAsync("olive")).CallAsync(HttpMethod.Get, "/v1/break-glass")));
        Assert.Equal([others], Ids(await (await app.PersonAsync("otto")).CallAsync(HttpMethod.Get, "/v1/break-glass")));
        Assert.True((await rhea.CallAsync(HttpMethod.Get, "/v1/break-glass?state=expired")).AssertProblem(HttpStatusCode.UnprocessableEntity)
            .Body.GetProperty("errors").TryGetProperty("state", out _));
        (await app.CreateClient().CallAsync(HttpMethod.Get, "/v1/break-glass")).AssertProblem(HttpStatusCode.Unauthorized);
        (await (await app.PersonAsync("otto")).CallAsync(HttpMethod.Get, $"/v1/break-glass/{active}")).AssertProblem(HttpStatusCode.NotFound);
        (await rhea.CallAsync(HttpMethod.Get, "/v1/break-glass/bg_nothing")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_grant_shows_the_tasks_that_relied_on_it_and_their_revocation(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var olive = await app.PersonAsync("olive");
        var id = (await olive.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer"))).AssertStatus(HttpStatusCode.Created).Text("id");
        var agent = app.AgentClient("fixer", await app.SecretAsync("fixer"));
        var task = await app.TaskAsync(agent, "dev", ["terraform:plan"]);
        await app.RelyOnAsync(task.TaskId, id);
        var decisionId = (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket)))
            .AssertStatus(HttpStatusCode.OK).Text("decisionId");
        (await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{decisionId}/result", new
        {
            status = "succeeded", planDigest = Plans.Digest(Plans.AddBucket), artefacts = new[] { new { kind = "plan-file", id = "tfplan-7" } },
        })).AssertStatus(HttpStatusCode.OK);
        // The decision path cites the grant itself; here the citation is put in place the way it stores it.
        await using (var connection = await app.Service<AgentConsole.Infrastructure.Storage.Database>().OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE decisions SET break_glass_id = @Id WHERE id = @DecisionId", new { Id = id, DecisionId = decisionId });
        }

        (await olive.CallAsync(HttpMethod.Post, $"/v1/break-glass/{id}/end")).AssertStatus(HttpStatusCode.OK);
        var shown = (await olive.CallAsync(HttpMethod.Get, $"/v1/break-glass/{id}")).AssertStatus(HttpStatusCode.OK).Body;

        var decision = Assert.Single(shown.GetProperty("decisions").EnumerateArray());
        Assert.Equal((decisionId, "allow", Plans.Digest(Plans.AddBucket), "succeeded"), (decision.GetProperty("decisionId").GetString(),
            decision.GetProperty("decision").GetString(), decision.GetProperty("planDigest").GetString(), decision.GetProperty("resultStatus").GetString()));
        var artefact = decision.GetProperty("result").GetProperty("artefacts")[0]; // stored by the decision path as it records results
        Assert.Contains("tfplan-7", artefact.GetRawText(), StringComparison.Ordinal);

        var relied = Assert.Single(shown.GetProperty("tasks").EnumerateArray());
        Assert.Equal((task.TaskId, "revoked"), (relied.GetProperty("taskId").GetString(), relied.GetProperty("state").GetString()));
        Assert.Equal(["break-glass.requested", "break-glass.started", "task.revoked", "break-glass.ended"],
            shown.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(id, Assert.Single(shown.GetProperty("chain").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_report_counts_grants_renewals_flags_hours_and_inappropriate_reviews_per_week_as_json_and_csv(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var rhea = app.Api(await app.TokenAsync("rhea", TimeSpan.FromDays(30))); // the clock moves past a day
        var cole = app.Api(await app.TokenAsync("cole", TimeSpan.FromDays(30)));
        // Sunday 2026-11-22 09:00: week of Monday 2026-11-16. Half an hour in force, ended early, judged inappropriate.
        var first = (await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer", seconds: 3600))).AssertStatus(HttpStatusCode.Created).Text("id");
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        (await rhea.CallAsync(HttpMethod.Post, $"/v1/break-glass/{first}/end")).AssertStatus(HttpStatusCode.OK);
        (await cole.CallAsync(HttpMethod.Post, $"/v1/break-glass/{first}/review", new { outcome = "inappropriate", notes = "no incident" })).AssertStatus(HttpStatusCode.OK);
        // Monday 2026-11-23: a renewal that runs its full 2 hours, and another team's grant.
        app.Clock.Advance(TimeSpan.FromDays(1));
        var second = (await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer", seconds: 7200, renews: first))).AssertStatus(HttpStatusCode.Created).Text("id");
        (await rhea.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("ottos", seconds: 900))).AssertStatus(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromHours(3));
        await app.Service<AgentConsole.Features.BreakGlass.BreakGlassService>().ExpireDueAsync();

        var json = (await cole.CallAsync(HttpMethod.Get, "/v1/break-glass/report?from=2026-11-01&to=2026-12-01")).AssertStatus(HttpStatusCode.OK).Body;
        using var csvResponse = await cole.GetAsync("/v1/break-glass/report?from=2026-11-01&to=2026-12-01&format=csv");
        var csv = await csvResponse.Content.ReadAsStringAsync();

        var rows = json.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("week").GetString(), r.GetProperty("team").GetString(),
            r.GetProperty("assistant").GetString(), r.GetProperty("grants").GetInt32(), r.GetProperty("renewals").GetInt32(),
            r.GetProperty("hours").GetDouble(), r.GetProperty("inappropriate").GetInt32())).ToList();
        Assert.Equal(
            [("2026-11-16", "platform", "fixer", 1, 0, 0.5, 1), ("2026-11-23", "payments", "ottos", 1, 0, 0.25, 0), ("2026-11-23", "platform", "fixer", 1, 1, 2.0, 0)],
            rows);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            "week,team,assistant,grants,renewals,flagged,hours,inappropriate\r\n2026-11-16,platform,fixer,1,0,0,0.5,1\r\n2026-11-23,payments,ottos,1,0,0,0.25,0\r\n2026-11-23,platform,fixer,1,1,0,2,0\r\n",
            csv);
        Assert.Equal(1, (await app.Service<AgentConsole.Features.BreakGlass.BreakGlassStore>().FindAsync(second))!.RenewalNumber);
        (await (await app.PersonAsync("olive")).CallAsync(HttpMethod.Get, "/v1/break-glass/report")).AssertProblem(HttpStatusCode.Forbidden);
        (await (await app.PersonAsync("abe")).CallAsync(HttpMethod.Get, "/v1/break-glass/report")).AssertProblem(HttpStatusCode.Forbidden);
        (await rhea.CallAsync(HttpMethod.Get, "/v1/break-glass/report")).AssertStatus(HttpStatusCode.OK);
        (await cole.CallAsync(HttpMethod.Get, "/v1/break-glass/report?from=yesterday")).AssertProblem(HttpStatusCode.UnprocessableEntity);
        (await cole.CallAsync(HttpMethod.Get, "/v1/break-glass/report?from=2026-12-01&to=2026-11-01")).AssertProblem(HttpStatusCode.UnprocessableEntity);
        (await cole.CallAsync(HttpMethod.Get, "/v1/break-glass/report?format=xml")).AssertProblem(HttpStatusCode.UnprocessableEntity);
        (await cole.CallAsync(HttpMethod.Get, "/v1/break-glass/report?to=0001-01-10")).AssertStatus(HttpStatusCode.OK); // an early end, not a 500
        (await cole.CallAsync(HttpMethod.Get, "/v1/break-glass/report?from=2020-01-01&to=2026-12-01")).AssertProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_break_glass_endpoints()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var app = GrantScenarios.Console(store);
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/v1/break-glass", "/v1/break-glass/{id}", "/v1/break-glass/{id}/approve", "/v1/break-glass/{id}/reject",
                     "/v1/break-glass/{id}/end", "/v1/break-glass/{id}/review", "/v1/break-glass/report", "/v1/break-glass/reviews" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        Assert.Contains("Break-glass", paths.GetProperty("/v1/break-glass").GetProperty("post").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_cookie_session_is_not_a_token_for_the_api(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = GrantScenarios.Console(store);
        await app.GrantPeopleAndAssistantsAsync();
        var browser = await app.SignedInAsync("rita", AgentConsole.Features.Users.ConsoleRoles.Security);
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var answer = await browser.CallAsync(HttpMethod.Post, "/v1/break-glass", Body("fixer"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal(0, await app.RowsAsync("break_glass_grants"));
    }
}
