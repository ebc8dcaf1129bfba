using System.Net;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Tests.Features.Approvals;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>The grant page shows everything done under a grant: the tasks that relied on it and the decisions that cite it, with plans and results.</summary>
public sealed class BreakGlassPagesActivityTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_grant_page_lists_its_tasks_and_decisions_with_plan_links_results_and_artefacts(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var grant = (await app.Service<BreakGlassService>().RequestAsync(await app.CallerAsync("rhea"), new BreakGlassRequest(
            "deployer", "Payments API is down; the fix needs a prod apply now.", "INC-4211", 1800, ["k8s:deploy"], null,
            [new SkipApproval("terraform:apply", "aws/prod/*")], null))).Succeeded();
        var task = await app.TaskAsync(deployer, "prod", ["terraform:plan", "terraform:apply", "k8s:deploy"]);
        var decided = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.OK);
        var id = decided.Text("decisionId");
        (await task.Client.CallAsync(HttpMethod.Post, $"/v1/decisions/{id}/result", new
        {
            status = "succeeded", planDigest = Plans.Digest(Plans.AddBucket), output = "Apply complete!",
            artefacts = new object[] { new { kind = "ci-run", id = "run-42", uri = "https://ci.example/run/42" }, new { kind = "state", id = "sv-7", uri = "javascript:alert(1)" } },
        })).AssertStatus(HttpStatusCode.OK);

        var page = await (await app.BrowserAsAsync("cole")).PageAsync($"/break-glass/{grant.Id}");

        var row = Assert.Single(page.QuerySelectorAll("[data-testid=decisions] tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal("terraform:apply", cells[1]);
        Assert.StartsWith("aws/prod/vpc-main", cells[2]);
        Assert.Equal("allowed", cells[3]);
        var plan = row.QuerySelector("td:nth-child(6) a")!;
        Assert.Equal($"/approvals/{id}", plan.GetAttribute("href"));
        Assert.Equal($"sha256:{Plans.Digest(Plans.AddBucket)}", plan.GetAttribute("title"));
        Assert.StartsWith("succeeded", cells[6]);
        Assert.Equal("https://ci.example/run/42", row.QuerySelector("td:nth-child(7) a")!.GetAttribute("href"));
        Assert.Contains("state: sv-7", cells[6]);
        Assert.Single(row.QuerySelectorAll("td:nth-child(7) a")); // a javascript: uri is shown, never linked

        var taskRow = Assert.Single(page.QuerySelectorAll("[data-testid=tasks] tbody tr"));
        Assert.Contains("k8s:deploy", taskRow.QuerySelector("td:nth-child(3)")!.TextContent); // the scope only the grant gave
        Assert.Contains("active", taskRow.TextContent);
    }
}
