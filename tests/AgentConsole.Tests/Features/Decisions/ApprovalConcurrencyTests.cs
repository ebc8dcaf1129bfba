using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Decisions;
using AgentConsole.Features.Users;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>Many people answering at once: the decision's lock lets exactly one outcome win.</summary>
public sealed class ApprovalConcurrencyTests
{
    private const int People = 10;

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Ten_concurrent_verdicts_give_exactly_one_outcome_consistent_with_the_recorded_votes(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var agent = await app.DeployerAsync(RiskTiers.Critical);
        var approvers = new List<(string Name, HttpClient Client)>();
        for (var i = 0; i < People; i++)
        {
            await app.AddAsync($"approver-{i}", ConsoleRoles.Approver);
            approvers.Add(($"approver-{i}", await app.PersonAsync($"approver-{i}")));
        }

        // Three decisions, each with a different mix: deny first in the list, deny late, and mostly approvals.
        var mixes = new Func<int, bool>[] { i => i % 3 == 0, i => i % 4 == 3, i => i == 9 };
        foreach (var denies in mixes)
        {
            var task = await app.TaskAsync(agent, "prod", ["terraform:apply"], ttlSeconds: 600);
            var id = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket)))
                .AssertStatus(HttpStatusCode.Accepted).Text("decisionId");

            var answers = await Task.WhenAll(approvers.Select((a, i) => denies(i)
                ? a.Client.VerdictAsync(id, "deny", $"{a.Name} says no")
                : a.Client.VerdictAsync(id, "approve", "ok")));

            await AssertOneConsistentOutcomeAsync(app, task, id, approvers.Select(a => a.Name).ToList(), answers);
        }

        await app.AssertAuditIntactAsync();
    }

    private static async Task AssertOneConsistentOutcomeAsync(ConsoleFactory app, StartedTask task, string id, IReadOnlyList<string> names, ApiAnswer[] answers)
    {
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.Status}: {a.Body}"));
        var decision = (await app.Service<DecisionStore>().FindAsync(id))!;
        var votes = (await app.Service<DecisionStore>().ApprovalsAsync([id]))[id].OrderBy(v => v.Id).ToList();
        var accepted = names.Where((_, i) => answers[i].Status == HttpStatusCode.OK).Order(StringComparer.Ordinal);
        Assert.Equal(accepted, votes.Select(v => v.UserName).Order(StringComparer.Ordinal));

        switch (decision.State)
        {
            case DecisionStates.Approved:
                Assert.Equal(2, votes.Count);
                Assert.All(votes, v => Assert.Equal(Verdicts.Approve, v.Verdict));
                Assert.Equal(string.Join(",", votes.Select(v => v.UserName)), decision.DecidedBy);
                break;
            case DecisionStates.Rejected:
                Assert.Equal(Verdicts.Deny, votes[^1].Verdict);
                Assert.All(votes.SkipLast(1), v => Assert.Equal(Verdicts.Approve, v.Verdict));
                Assert.True(votes.Count <= 2, $"{votes.Count} votes were recorded before the deny");
                Assert.Equal(votes[^1].UserName, decision.DecidedBy);
                break;
            default:
                Assert.Fail($"the decision is {decision.State} after ten verdicts");
                break;
        }

        var conflicts = answers.Where(a => a.Status == HttpStatusCode.Conflict).ToList();
        Assert.Equal(People - votes.Count, conflicts.Count);
        Assert.All(conflicts, a => Assert.Equal("application/problem+json", a.MediaType));
        var settled = (await app.AuditedAsync("decision.approved")).Concat(await app.AuditedAsync("decision.rejected"));
        Assert.Single(settled, e => e.SubjectId == id);
        var recorded = (await app.AuditedAsync("approval.approve")).Concat(await app.AuditedAsync("approval.deny"));
        Assert.Equal(votes.Count, recorded.Count(e => e.SubjectId == id));
        Assert.Equal(decision.State == DecisionStates.Approved ? "allow" : "deny", (await task.PollAsync(id)).Text("decision"));
    }
}
