using System.Diagnostics.Metrics;
using System.Net;
using AgentConsole.Features.Decisions;
using AgentConsole.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AgentConsole.Tests.Features.Decisions;

public sealed class DecisionWriterMetricsTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Each_group_commit_reports_its_size_its_time_and_its_commit_and_each_decision_its_wait(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive", scopes: ["terraform:plan"], environments: ["dev"]), approvedBy: "sam");
        var agent = app.AgentClient("deployer", await app.SecretAsync("deployer"));
        var task = await agent.StartTaskAsync(new { description = "plan", environment = "dev", scopes = new[] { "terraform:plan" }, ttlSeconds = 600 });
        var worker = app.TaskClient(task.GetProperty("token").GetString()!);

        // Only this console's meters: other tests' consoles run in the same process.
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var recorded = new List<(string Name, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DecisionWriter.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => { lock (recorded) { recorded.Add((instrument.Name, value)); } });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => { lock (recorded) { recorded.Add((instrument.Name, value)); } });
        listener.Start();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            worker.SendJsonAsync(HttpMethod.Post, "/v1/decisions", new { action = "terraform:plan", resource = $"aws/dev/vpc-{i}" })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));

        List<(string Name, double Value)> seen;
        lock (recorded)
        {
            seen = [.. recorded];
        }

        double[] Values(string name) => [.. seen.Where(r => r.Name == name).Select(r => r.Value)];
        var sizes = Values("agentconsole.decision.batch.size");
        var batches = Values("agentconsole.decision.batch.duration");
        var commits = Values("agentconsole.decision.batch.commit");
        var waits = Values("agentconsole.decision.write.queued");
        Assert.Equal(6, sizes.Sum());
        Assert.Equal(6, waits.Length);
        Assert.All(waits, w => Assert.InRange(w, 0, 30));
        Assert.Equal(sizes.Length, batches.Length);
        Assert.Equal(sizes.Length, commits.Length);
        // A commit is part of its batch: each batch took at least as long as its commit, and both took some time.
        Assert.All(batches.Zip(commits), pair => Assert.InRange(pair.Second, double.Epsilon, pair.First));
    }
}
