using System.Net;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;
using AngleSharp.Html.Parser;

namespace AgentConsole.Tests.Features.Approvals;

/// <summary>The review page: the change with its risks, the digest the receipt binds, and why the agent asks.</summary>
public sealed class ApprovalReviewPageTests
{
    private const string RiskyPlan = """
        Terraform will perform the following actions:

          # aws_security_group.web will be updated in-place
          ~ resource "aws_security_group" "web" {
                id = "sg-0a1b2c"
              ~ ingress {
                  + cidr_blocks = ["0.0.0.0/0"]
                    from_port   = 443
                }
            }

          # aws_db_instance.main will be destroyed
          - resource "aws_db_instance" "main" {
              - identifier = "prod-main" -> null
            }

        Plan: 0 to add, 1 to change, 1 to destroy.
        """;

    private static readonly HtmlParser Parser = new();

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_review_page_shows_the_diff_its_risks_the_digest_and_the_why(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var planner = await app.TaskAsync(deployer, "prod", ["terraform:plan", "terraform:apply"]);
        (await planner.Client.DecideAsync("terraform:plan", "aws/prod/web")).AssertStatus(HttpStatusCode.OK); // history
        var executor = await app.TaskAsync(deployer, "prod", ["terraform:apply"], parentTaskId: planner.TaskId);
        var id = (await executor.Client.DecideAsync("terraform:apply", "aws/prod/web", Plans.Terraform(RiskyPlan))).AssertStatus(HttpStatusCode.Accepted).Text("decisionId");

        var abe = await app.BrowserAsAsync("abe");
        var card = Parser.ParseDocument(await abe.GetStringAsync("/approvals")).GetElementById($"request-{id}")!;
        Assert.NotNull(card.QuerySelector("[data-testid=destructive]")); // the queue warns before the page is opened
        Assert.Contains("1 to destroy", card.TextContent);
        var page = Parser.ParseDocument(await abe.GetStringAsync($"/approvals/{id}"));

        Assert.Equal($"sha256:{Plans.Digest(RiskyPlan)}", page.QuerySelector("[data-testid=plan-digest]")!.TextContent);
        var risks = page.QuerySelectorAll(".rs-item").Select(r => r.TextContent.Trim()).ToList();
        Assert.Contains(risks, r => r.Contains("destroyed", StringComparison.Ordinal));
        Assert.Contains(risks, r => r.Contains("public", StringComparison.OrdinalIgnoreCase));
        foreach (var link in page.QuerySelectorAll(".rs-item"))
        {
            Assert.NotNull(page.GetElementById(link.GetAttribute("href")!.TrimStart('#'))); // each summary entry jumps to its line
        }

        Assert.Contains("aws_db_instance.main will be destroyed", page.GetElementById("plan-diff")!.TextContent);
        Assert.Contains("terraform:apply on aws/prod/web", page.QuerySelector(".prompt")!.TextContent);
        var chain = page.QuerySelectorAll("[data-testid=chain] li").Select(l => l.TextContent).ToList();
        Assert.Equal(2, chain.Count); // the planner's task, then the executor's
        Assert.Contains("terraform:plan", page.QuerySelector("[data-testid=history]")!.TextContent);
        Assert.NotNull(page.GetElementById("approve-form"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_large_plan_comes_in_windows_of_rows_that_add_up_to_the_whole_plan(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        var task = await app.TaskAsync(deployer, "prod", ["terraform:apply"]);
        var plan = LargePlan(resources: 500); // 2,500+ lines
        var id = (await task.Client.DecideAsync("terraform:apply", "aws/prod/many", Plans.Terraform(plan))).AssertStatus(HttpStatusCode.Accepted).Text("decisionId");
        var abe = await app.BrowserAsAsync("abe");

        var page = Parser.ParseDocument(await abe.GetStringAsync($"/approvals/{id}"));
        var rows = page.QuerySelectorAll(".dv-scroll li").Length;
        Assert.Equal(1000, rows); // the first window only
        var next = page.QuerySelector(".dv-next")!.GetAttribute("hx-get");
        var windows = 1;
        while (next is not null)
        {
            var fragment = Parser.ParseDocument($"<div>{await (await abe.GetHtmxAsync(next)).Content.ReadAsStringAsync()}</div>");
            rows += fragment.QuerySelectorAll("li").Length;
            next = fragment.QuerySelector(".dv-next")?.GetAttribute("hx-get");
            windows++;
        }

        Assert.Equal(plan.Split('\n').Length, rows); // every line once, none twice
        Assert.Equal(3, windows);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await abe.GetAsync($"/approvals/{id}/diff?from=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.BrowserAsAsync("otto")).GetAsync($"/approvals/{id}/diff?from=1000")).StatusCode);
    }

    private static string LargePlan(int resources)
    {
        var plan = new System.Text.StringBuilder("Terraform will perform the following actions:\n");
        for (var i = 0; i < resources; i++)
        {
            plan.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  # aws_s3_bucket.b{i} will be created\n  + resource \"aws_s3_bucket\" \"b{i}\" {{\n      + bucket = \"b{i}\"\n    }}\n");
        }

        return plan.Append("\nPlan: ").Append(resources).Append(" to add, 0 to change, 0 to destroy.").ToString();
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_side_by_side_view_and_the_verdict_panel_come_as_fragments(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var (_, id) = await app.PendingDecisionAsync();
        var abe = await app.BrowserAsAsync("abe");

        var split = Parser.ParseDocument(await abe.GetStringAsync($"/approvals/{id}?view=split"));
        Assert.Equal("true", split.QuerySelector("a[aria-current=true]")!.GetAttribute("aria-current"));
        Assert.Contains("Side by side", split.QuerySelector("a[aria-current=true]")!.TextContent);

        var panel = await abe.GetHtmxAsync($"/approvals/{id}/verdict");
        Assert.Equal(HttpStatusCode.OK, panel.StatusCode);
        var html = (await panel.Content.ReadAsStringAsync()).TrimStart();
        Assert.StartsWith("<section class=\"card verdict-panel\" id=\"verdict-panel\"", html);
        Assert.Equal(HttpStatusCode.NotFound, (await abe.GetHtmxAsync("/approvals/no-such-decision/verdict")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await abe.GetAsync("/approvals/no-such-decision")).StatusCode);
    }
}
