using System.Net;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Policies;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Policies;

/// <summary><c>/v1/policies</c> (versions, drafts, publishing) and the AuthZEN evaluation of the published policy.</summary>
public sealed class PolicyApiTests
{
    private const string Freeze = """
        rules:
          - id: change-freeze
            effect: deny
            reason: Change freeze until Monday.
        """;

    /// <summary>Lines 1 to 3 are a valid rule; line 4 misspells <c>reason</c>.</summary>
    private const string Misspelt = "rules:\n  - id: r\n    effect: require_approval\n    reasons: x\n";

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_shipped_default_policy_is_version_1_published_by_the_system(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("cole", "compliance");
        var cole = await app.PersonAsync("cole");

        var list = (await cole.CallAsync(HttpMethod.Get, "/v1/policies")).AssertStatus(HttpStatusCode.OK);
        var published = (await cole.CallAsync(HttpMethod.Get, "/v1/policies/published")).AssertStatus(HttpStatusCode.OK);
        var anonymous = await app.CreateClient().CallAsync(HttpMethod.Get, "/v1/policies");

        var only = Assert.Single(list.Body.EnumerateArray());
        Assert.Equal((1, "published", "console", "console"), (only.GetProperty("version").GetInt32(), only.GetProperty("state").GetString(),
            only.GetProperty("createdBy").GetString(), only.GetProperty("publishedBy").GetString()));
        Assert.Contains("deny-unattended-destructive-prod", published.Text("document"), StringComparison.Ordinal);
        Assert.Equal(PolicyVersions.Digest(published.Text("document")), published.Text("digest"));
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Invalid_documents_are_refused_with_errors_that_name_the_line_and_column(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddAsync("rhea", "security");
        var rhea = await app.PersonAsync("rhea");

        var draft = await rhea.CallAsync(HttpMethod.Post, "/v1/policies", new { document = Misspelt, note = "typo" });
        var empty = await rhea.CallAsync(HttpMethod.Post, "/v1/policies", new { note = "nothing" });
        var checkedBad = (await rhea.CallAsync(HttpMethod.Post, "/v1/policies/validate", new { document = Misspelt })).AssertStatus(HttpStatusCode.OK);
        var checkedGood = (await rhea.CallAsync(HttpMethod.Post, "/v1/policies/validate", new { document = Freeze })).AssertStatus(HttpStatusCode.OK);

        draft.AssertProblem(HttpStatusCode.UnprocessableEntity);
        var messages = draft.Body.GetProperty("errors").GetProperty("line 4").Strings();
        Assert.StartsWith("line 4, column ", Assert.Single(messages), StringComparison.Ordinal);
        Assert.Contains("unknown key 'reasons'", messages[0], StringComparison.Ordinal);
        empty.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.False(checkedBad.Body.GetProperty("valid").GetBoolean());
        var error = Assert.Single(checkedBad.Body.GetProperty("errors").EnumerateArray());
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.True(error.GetProperty("column").GetInt32() >= 1);
        Assert.Contains("did you mean 'reason'?", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(checkedGood.Body.GetProperty("valid").GetBoolean());
        Assert.Equal(["change-freeze"], checkedGood.Body.GetProperty("rules").Strings());
        Assert.Equal(1, await app.RowsAsync("policy_versions"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Security_drafts_and_publishes_and_decisions_use_the_new_version_at_once(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        Assert.Equal(1, (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK)
            .Body.GetProperty("policyVersion").GetInt32());
        var rhea = await app.PersonAsync("rhea");
        var abe = await app.PersonAsync("abe");

        var byApprover = await abe.CallAsync(HttpMethod.Post, "/v1/policies", new { document = Freeze });
        var draft = (await rhea.CallAsync(HttpMethod.Post, "/v1/policies", new { document = Freeze, note = "freeze" })).AssertStatus(HttpStatusCode.Created);
        var publishedByApprover = await abe.CallAsync(HttpMethod.Post, "/v1/policies/2/publish");
        var published = (await rhea.CallAsync(HttpMethod.Post, "/v1/policies/2/publish")).AssertStatus(HttpStatusCode.OK);
        var decided = (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);

        byApprover.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal((2, "draft"), (draft.Body.GetProperty("version").GetInt32(), draft.Text("state")));
        publishedByApprover.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(("published", "rhea"), (published.Text("state"), published.Text("publishedBy")));
        Assert.Equal(("deny", "change-freeze", 2), (decided.Text("decision"), decided.Text("rule"), decided.Body.GetProperty("policyVersion").GetInt32()));
        Assert.Equal("Change freeze until Monday.", decided.Text("reason"));
        var versions = (await rhea.CallAsync(HttpMethod.Get, "/v1/policies")).Body.EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("state").GetString()));
        Assert.Equal([(2, "published"), (1, "superseded")], versions);
        (await rhea.CallAsync(HttpMethod.Post, "/v1/policies/2/publish")).AssertProblem(HttpStatusCode.Conflict);
        (await rhea.CallAsync(HttpMethod.Post, "/v1/policies/1/publish")).AssertProblem(HttpStatusCode.Conflict);
        (await rhea.CallAsync(HttpMethod.Post, "/v1/policies/99/publish")).AssertProblem(HttpStatusCode.NotFound);
        (await rhea.CallAsync(HttpMethod.Get, "/v1/policies/99")).AssertProblem(HttpStatusCode.NotFound);
        var audited = Assert.Single(await app.AuditedAsync("policy.published"), e => e.SubjectId == "2");
        Assert.Equal(1, audited.Json().GetProperty("supersedes").GetInt32());
        Assert.Single(await app.AuditedAsync("policy.drafted"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task AuthZen_evaluates_the_published_policy_for_people_and_for_a_task_about_its_own_assistant(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        await app.AgentAsync("reporter", environments: ["dev"], scopes: ["terraform:plan"]);
        var rhea = await app.PersonAsync("rhea");

        var prodWrite = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:apply", "aws/prod/vpc-main", "prod")))
            .AssertStatus(HttpStatusCode.OK);
        var devRead = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:plan", "aws/dev/vpc-main", "dev")))
            .AssertStatus(HttpStatusCode.OK);
        var ownRead = (await task.Client.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:plan", "aws/dev/vpc-main", "dev")))
            .AssertStatus(HttpStatusCode.OK);
        var aboutAnother = await task.Client.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("reporter", "terraform:plan", "aws/dev/vpc-main", "dev"));
        var anonymous = await app.CreateClient().CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:plan", "aws/dev/vpc-main", "dev"));
        var owner = await (await app.PersonAsync("olive")).CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:plan", "aws/dev/vpc-main", "dev"));

        Assert.False(prodWrite.Body.GetProperty("decision").GetBoolean());
        var context = prodWrite.Body.GetProperty("context");
        Assert.Equal(("require_approval", "prod-writes-need-approval", 1), (context.GetProperty("effect").GetString(), context.GetProperty("rule").GetString(),
            context.GetProperty("policyVersion").GetInt32()));
        Assert.True(devRead.Body.GetProperty("decision").GetBoolean());
        Assert.Equal("allow", devRead.Body.GetProperty("context").GetProperty("effect").GetString());
        Assert.True(ownRead.Body.GetProperty("decision").GetBoolean());
        aboutAnother.AssertProblem(HttpStatusCode.Forbidden);
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        owner.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.RowsAsync("decisions"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task AuthZen_counts_break_glass_grants_in_force_as_the_decision_api_does_and_stops_when_they_expire(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.DeployerTaskAsync("prod");
        await app.AgentAsync("reporter", environments: ["dev"], scopes: ["terraform:plan"]);
        var rhea = await app.PersonAsync("rhea");
        var duration = TimeSpan.FromMinutes(10);
        var widening = await app.GrantAsync("reporter", duration, scopes: ["terraform:apply"], environments: ["staging"], incident: "INC-7");
        var skipping = await app.GrantAsync("deployer", duration, skipApprovalFor: [new SkipApproval("terraform:apply", "aws/prod/*")], incident: "INC-8");

        var borrowed = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("reporter", "terraform:apply", "aws/staging/vpc", "staging")))
            .AssertStatus(HttpStatusCode.OK);
        var notCovered = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("reporter", "k8s:deploy", "k8s/staging/web", "staging")))
            .AssertStatus(HttpStatusCode.OK);
        var skipped = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:apply", "aws/prod/vpc-main", "prod")))
            .AssertStatus(HttpStatusCode.OK);
        var elsewhere = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:apply", "gcp/prod/net", "prod")))
            .AssertStatus(HttpStatusCode.OK);
        app.Clock.Advance(duration);
        var afterExpiry = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("deployer", "terraform:apply", "aws/prod/vpc-main", "prod")))
            .AssertStatus(HttpStatusCode.OK);
        var borrowedAfterExpiry = (await rhea.CallAsync(HttpMethod.Post, "/access/v1/evaluation", Evaluation("reporter", "terraform:apply", "aws/staging/vpc", "staging")))
            .AssertStatus(HttpStatusCode.OK);

        // Staging is medium sensitivity: a non-destructive write is allowed there once the grant lends the scope and environment.
        Assert.True(borrowed.Body.GetProperty("decision").GetBoolean());
        Assert.Equal(widening, borrowed.Body.GetProperty("context").GetProperty("breakGlass").GetProperty("id").GetString());
        Assert.Equal(("inventory", false), (notCovered.Body.GetProperty("context").GetProperty("rule").GetString(), notCovered.Body.GetProperty("decision").GetBoolean()));
        Assert.True(skipped.Body.GetProperty("decision").GetBoolean());
        Assert.Equal(("break-glass", skipping), (skipped.Body.GetProperty("context").GetProperty("rule").GetString(),
            skipped.Body.GetProperty("context").GetProperty("breakGlass").GetProperty("id").GetString()));
        Assert.Equal((false, "prod-writes-need-approval"), (elsewhere.Body.GetProperty("decision").GetBoolean(), elsewhere.Body.GetProperty("context").GetProperty("rule").GetString()));
        Assert.Equal((false, "prod-writes-need-approval"), (afterExpiry.Body.GetProperty("decision").GetBoolean(), afterExpiry.Body.GetProperty("context").GetProperty("rule").GetString()));
        Assert.Equal(("inventory", false), (borrowedAfterExpiry.Body.GetProperty("context").GetProperty("rule").GetString(), borrowedAfterExpiry.Body.GetProperty("decision").GetBoolean()));
        Assert.Equal(0, await app.RowsAsync("decisions"));
    }

    private static object Evaluation(string assistant, string action, string resource, string environment) => new
    {
        subject = new { type = "assistant", id = assistant },
        action = new { name = action },
        resource = new { type = "terraform", id = resource },
        context = new { environment, onBehalfOf = "olive" },
    };
}
