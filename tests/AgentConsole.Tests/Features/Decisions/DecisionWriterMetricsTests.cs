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

        using var recorded = Record(app);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            worker.SendJsonAsync(HttpMethod.Post, "/v1/decisions", new { action = "terraform:plan", resource = $"aws/dev/vpc-{i}" })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));

        var sizes = recorded.Values("agentconsole.decision.batch.size");
        var batches = recorded.Values("agentconsole.decision.batch.duration");
        var commits = recorded.Values("agentconsole.decision.batch.commit");
        var waits = recorded.Values("agentconsole.decision.write.queued");
        Assert.Empty(recorded.Values("agentconsole.decision.write.failed"));
        Assert.Equal(6, sizes.Sum());
        Assert.Equal(6, waits.Length);
        Assert.All(waits, w => Assert.InRange(w, 0, 30));
        Assert.Equal(sizes.Length, batches.Length);
        Assert.Equal(sizes.Length, commits.Length);
        // A commit is part of its batch: each batch took at least as long as its commit, and both took some time.
        Assert.All(batches.Zip(commits), pair => Assert.InRange(pair.Second, double.Epsilon, pair.First));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Decisions_that_cannot_be_written_are_counted_as_failed_and_not_as_commits(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var task = await app.DeployerTaskAsync("dev");
        using var recorded = Record(app);
        await app.AuditDownAsync();

        (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertProblem(HttpStatusCode.ServiceUnavailable);
        (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-edge")).AssertProblem(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(2, recorded.Values("agentconsole.decision.write.failed").Sum());
        Assert.Empty(recorded.Values("agentconsole.decision.batch.size"));
        Assert.Empty(recorded.Values("agentconsole.decision.batch.commit"));
    }

    // Only this console's meters: other tests' consoles run in the same process.
    private static Recorded Record(ConsoleFactory app)
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var recorded = new Recorded();
        recorded.Listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DecisionWriter.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        recorded.Listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => recorded.Add(instrument.Name, value));
        recorded.Listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => recorded.Add(instrument.Name, value));
        recorded.Listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => recorded.Add(instrument.Name, value));
        recorded.Listener.Start();
        return recorded;
    }

    private sealed class Recorded : IDisposable
    {
        private readonly List<(string Name, double Value)> _seen = [];

        public MeterListener Listener { get; } = new();

        public void Add(string name, double value)
        {
            lock (_seen)
            {
                _seen.Add((name, value));
            }
        }

        public double[] Values(string name)
        {
            lock (_seen)
            {
                return [.. _seen.Where(r => r.Name == name).Select(r => r.Value)];
            }
        }

        public void Dispose() => Listener.Dispose();
    }
}
