using System.Net;
using System.Threading.Channels;
using AgentConsole.Tests.Features.Decisions;
using AgentConsole.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentConsole.Tests.Features.Approvals;

/// <summary>Approval steps reach open pages over SignalR, on the node where they happen and on every other node.</summary>
public sealed class LiveApprovalTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Every_step_of_an_approval_reaches_an_open_page_in_order(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync("critical"); // two approvers: a progress step, then the outcome
        await using var page = await LivePage.OpenAsync(app, "abe");

        var (_, id) = await AskAsync(app, deployer);
        (await (await app.PersonAsync("abe")).VerdictAsync(id, "approve", "first")).AssertStatus(HttpStatusCode.OK);
        (await (await app.PersonAsync("rhea")).VerdictAsync(id, "approve", "second")).AssertStatus(HttpStatusCode.OK);

        var steps = await page.NextAsync(4);
        Assert.Equal([("pending", id), ("approve", id), ("approve", id), ("approved", id)], steps.Select(s => (s.Kind, s.DecisionId)));
        Assert.Equal(["deployer", "abe", "rhea", "rhea"], steps.Select(s => s.Actor));
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First.Id < p.Second.Id), "ids increase");
        Assert.True(steps[^1].Settles);
    }

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_see_each_others_steps()
    {
        await using var store = await TestStore.CreateAsync("postgres");
        await using var nodeA = new ConsoleFactory(store);
        await using var nodeB = new ConsoleFactory(store);
        var deployer = await nodeA.DeployerAsync();
        _ = nodeB.Server; // start node B (migrations are already applied by A)
        await using var onA = await LivePage.OpenAsync(nodeA, "rhea");
        await using var onB = await LivePage.OpenAsync(nodeB, "abe");

        // The agent asks node A; abe approves on node B.
        var (task, id) = await AskAsync(nodeA, deployer);
        var pendingOnB = Assert.Single(await onB.NextAsync(1));
        Assert.Equal(("pending", id), (pendingOnB.Kind, pendingOnB.DecisionId));
        var poll = task.PollAsync(id, waitSeconds: 20);
        (await (await nodeB.PersonAsync("abe")).VerdictAsync(id, "approve", "from node B")).AssertStatus(HttpStatusCode.OK);

        var seenOnA = await onA.NextAsync(3);
        Assert.Equal(["pending", "approve", "approved"], seenOnA.Select(s => s.Kind));
        Assert.Equal("approved", (await onB.NextAsync(2))[^1].Kind);
        Assert.Equal("allow", (await poll).Text("decision"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task An_owner_only_hears_about_their_own_assistants(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var deployer = await app.DeployerAsync();
        await using var olive = await LivePage.OpenAsync(app, "olive"); // owns deployer
        await using var otto = await LivePage.OpenAsync(app, "otto");

        var (_, id) = await AskAsync(app, deployer);

        Assert.Equal(id, Assert.Single(await olive.NextAsync(1)).DecisionId);
        Assert.False(await otto.AnyWithinAsync(TimeSpan.FromSeconds(1)), "otto heard about someone else's assistant");
    }

    /// <summary>deployer asks to apply a plan in prod, on behalf of olive: pending.</summary>
    private static async Task<(StartedTask Task, string DecisionId)> AskAsync(ConsoleFactory app, HttpClient deployer)
    {
        var task = await app.TaskAsync(deployer, "prod", ["terraform:plan", "terraform:apply"]);
        var answer = (await task.Client.DecideAsync("terraform:apply", "aws/prod/vpc-main", Plans.Terraform(Plans.AddBucket))).AssertStatus(HttpStatusCode.Accepted);
        return (task, answer.Text("decisionId"));
    }

    /// <summary>A signed-in page's live connection, collecting approval steps.</summary>
    private sealed class LivePage : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly Channel<Step> _steps = Channel.CreateUnbounded<Step>();

        private LivePage(HubConnection connection)
        {
            _connection = connection;
            _connection.On<Step>("approvalEvent", step => _steps.Writer.TryWrite(step));
        }

        public static async Task<LivePage> OpenAsync(ConsoleFactory app, string name)
        {
            var cookies = new CookieContainer();
            var browser = app.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            var signedIn = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(
            [
                new("_handler", "signin"), new("Input.Name", name), new("Input.Password", People.Password),
                new("__RequestVerificationToken", await browser.AntiforgeryTokenAsync("/account/signin")),
            ]));
            Assert.True(signedIn.IsSuccessStatusCode || signedIn.StatusCode == HttpStatusCode.Redirect, $"{name} could not sign in");
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/console"), o =>
                {
                    o.Transports = HttpTransportType.LongPolling; // the in-memory test server speaks HTTP only
                    o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(cookies) { InnerHandler = app.Server.CreateHandler() };
                })
                .Build();
            var page = new LivePage(connection);
            await connection.StartAsync();
            return page;
        }

        public async Task<IReadOnlyList<Step>> NextAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var steps = new List<Step>();
            while (steps.Count < count)
            {
                steps.Add(await _steps.Reader.ReadAsync(timeout.Token));
            }

            return steps;
        }

        public async Task<bool> AnyWithinAsync(TimeSpan wait)
        {
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                return await _steps.Reader.WaitToReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }

    private sealed record Step(long Id, string Kind, string DecisionId, string Actor, DateTimeOffset At, bool Settles);
}
