using System.Net;
using System.Text.Json;
using AgentConsole.Features.Decisions;
using AgentConsole.Features.Policies;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary><c>POST /v1/decisions/{id}/result</c>: only the allowed plan may be reported as run, once.</summary>
public sealed class DecisionResultTests
{
    private static readonly object[] Artefacts = [new { kind = "terraform-state", id = "sv-42", uri = "s3://state/dev/vpc.tfstate" }];

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_result_with_the_allowed_digest_is_recorded_once_and_audited_with_its_artefacts(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        var id = (await task.Client.DecideAsync("terraform:apply", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.OK).Text("decisionId");
        var result = new { status = "succeeded", planDigest = Plans.Digest(Plans.AddBucket), artefacts = Artefacts, output = "Apply complete! Resources: 1 added." };

        var recorded = await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{id}/result", result);
        var second = await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{id}/result", result);

        recorded.AssertStatus(HttpStatusCode.OK);
        Assert.Equal((id, "succeeded"), (recorded.Text("decisionId"), recorded.Text("status")));
        second.AssertProblem(HttpStatusCode.Conflict);
        var audited = Assert.Single(await app.AuditedAsync("decision.result"));
        Assert.Equal(("assistant", "deployer", id), (audited.ActorKind, audited.ActorId, audited.SubjectId));
        var artefact = Assert.Single(audited.Json().GetProperty("artefacts").EnumerateArray());
        Assert.Equal(("terraform-state", "sv-42"), (artefact.GetProperty("kind").GetString(), artefact.GetProperty("id").GetString()));
        Assert.Equal(1, await app.RowsAsync("decisions", "result_status = 'succeeded'"));
        using var stored = JsonDocument.Parse((await app.Service<DecisionStore>().FindAsync(id))!.Result!);
        var kept = Assert.Single(stored.RootElement.GetProperty("artefacts").EnumerateArray());
        Assert.Equal(("terraform-state", "s3://state/dev/vpc.tfstate"), (kept.GetProperty("kind").GetString(), kept.GetProperty("uri").GetString()));
        Assert.Equal("Apply complete! Resources: 1 added.", stored.RootElement.GetProperty("output").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_result_with_another_plan_digest_is_refused_and_audited_as_a_mismatch(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        var id = (await task.Client.DecideAsync("terraform:apply", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.OK).Text("decisionId");

        var swapped = await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{id}/result",
            new { status = "succeeded", planDigest = Plans.Digest(Plans.DestroyDatabase), artefacts = Artefacts });
        var none = await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{id}/result", new { status = "succeeded" });

        swapped.AssertProblem(HttpStatusCode.Conflict);
        none.AssertProblem(HttpStatusCode.Conflict);
        var mismatches = await app.AuditedAsync("decision.digest_mismatch");
        Assert.Equal(2, mismatches.Count);
        Assert.Equal(Plans.Digest(Plans.DestroyDatabase), mismatches[0].Json().GetProperty("reportedDigest").GetString());
        Assert.Equal(Plans.Digest(Plans.AddBucket), mismatches[0].Json().GetProperty("allowedDigest").GetString());
        Assert.Empty(await app.AuditedAsync("decision.result"));
        Assert.Equal(0, await app.RowsAsync("decisions", "result_status IS NOT NULL"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_result_on_a_denied_decision_is_refused(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        var versions = app.Service<PolicyVersions>();
        var draft = (await versions.CreateDraftAsync(Actor.User("rhea"), """
            rules:
              - id: allow-reads
                effect: allow
                when: { access: read }
              - id: no-writes-today
                effect: deny
                reason: No writes during the incident.
                when: { access: write }
            """, "incident")).Succeeded();
        (await versions.PublishAsync(Actor.User("rhea"), draft.Version)).Succeeded();

        var denied = (await task.Client.DecideAsync("terraform:apply", "aws/dev/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.OK);
        var result = await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{denied.Text("decisionId")}/result",
            new { status = "succeeded", planDigest = Plans.Digest(Plans.AddBucket) });

        Assert.Equal(("deny", "no-writes-today"), (denied.Text("decision"), denied.Text("rule")));
        result.AssertProblem(HttpStatusCode.Conflict);
        Assert.Single(await app.AuditedAsync("decision.violation"));
        Assert.Empty(await app.AuditedAsync("decision.result"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_openapi_document_describes_the_decision_api(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);

        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/tasks", "/v1/decisions", "/v1/decisions/{id}", "/v1/decisions/{id}/result", "/v1/approvals/{decisionId}", "/v1/policies" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from /openapi/v1.json");
        }

        Assert.True(paths.GetProperty("/v1/decisions").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/approvals/{decisionId}").TryGetProperty("post", out _));
    }
}
