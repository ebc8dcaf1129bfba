using System.Net;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>The same idempotency key within a task returns the same decision, however the retries arrive.</summary>
public sealed class DecisionIdempotencyTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Retries_with_the_same_key_return_the_same_decision_and_store_one_row(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");

        var first = (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", idempotencyKey: "pr-1234-plan")).AssertStatus(HttpStatusCode.OK);
        var retry = (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main", idempotencyKey: "pr-1234-plan")).AssertStatus(HttpStatusCode.OK);
        var together = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-other", idempotencyKey: "pr-1235-plan")));
        var unkeyed = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")));

        Assert.Equal(first.Text("decisionId"), retry.Text("decisionId"));
        Assert.Equal(first.Text("receipt"), retry.Text("receipt"));
        Assert.All(together, a => a.AssertStatus(HttpStatusCode.OK));
        Assert.Single(together.Select(a => a.Text("decisionId")).Distinct());
        Assert.NotEqual(first.Text("decisionId"), together[0].Text("decisionId"));
        Assert.NotEqual(unkeyed[0].Text("decisionId"), unkeyed[1].Text("decisionId"));
        Assert.Equal(1, await app.RowsAsync("decisions", "idempotency_key = 'pr-1234-plan'"));
        Assert.Equal(1, await app.RowsAsync("decisions", "idempotency_key = 'pr-1235-plan'"));
        Assert.Equal(4, (await app.AuditedAsync("decision.allowed")).Count);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_same_key_sent_to_two_console_nodes_at_once_returns_one_decision(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var first = new ConsoleFactory(store);
        var task = await first.DeployerTaskAsync("dev");
        await using var second = new ConsoleFactory(store);
        var nodes = new[] { task.Client, second.TaskClient(task.Token) };

        for (var round = 0; round < 10; round++)
        {
            var key = $"retry-{round}";
            var answers = await Task.WhenAll(nodes.Select(node => node.DecideAsync("terraform:plan", "aws/dev/vpc-main", idempotencyKey: key)));

            Assert.All(answers, a => a.AssertStatus(HttpStatusCode.OK));
            Assert.Equal(answers[0].Text("decisionId"), answers[1].Text("decisionId"));
            Assert.Equal(1, await first.RowsAsync("decisions", $"idempotency_key = '{key}'"));
        }
    }
}
