using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>
/// The console's real executable is stopped while a grant is active and started again after it expired: the grant is
/// expired at once on start-up, the task that relied on it revoked, and every audit record is there and chained.
/// </summary>
public sealed class BreakGlassRestartTests
{
    private const int GrantSeconds = 8;

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_grant_that_expires_while_the_console_is_down_is_expired_and_its_tasks_revoked_at_the_next_start(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        string token, secret;
        await using (var setup = GrantScenarios.Console(store))
        {
            // The real process runs on the real clock: put the test clock there before anything is stored.
            setup.Clock.Advance(DateTimeOffset.UtcNow - setup.Clock.GetUtcNow());
            await setup.GrantPeopleAndAssistantsAsync();
            token = await setup.TokenAsync("olive", TimeSpan.FromDays(1));
            secret = await setup.SecretAsync("fixer");
        }

        string id, taskId, taskToken;
        DateTimeOffset expiresAt;
        await using (var first = await ConsoleServer.StartAsync(store))
        {
            var olive = first.Client(new AuthenticationHeaderValue("Bearer", token));
            var created = await olive.PostAsJsonAsync("/v1/break-glass", new
            {
                assistant = "fixer",
                justification = "The payment API is down and the fix needs a deploy.",
                incident = "INC-4211",
                durationSeconds = GrantSeconds,
                scopes = new[] { "k8s:deploy" },
            });
            var grant = await first.JsonAsync(created, HttpStatusCode.Created);
            (id, expiresAt) = (grant.GetProperty("id").GetString()!, grant.GetProperty("expiresAt").GetDateTimeOffset());

            var agent = first.Client(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"fixer:{secret}"))));
            var task = await first.JsonAsync(await agent.PostAsJsonAsync("/v1/tasks",
                new { description = "deploy the fix", environment = "dev", scopes = new[] { "terraform:plan" }, ttlSeconds = 3600, onBehalfOf = "olive" }),
                HttpStatusCode.Created);
            (taskId, taskToken) = (task.GetProperty("taskId").GetString()!, task.GetProperty("token").GetString()!);
            await ExecuteAsync(store, "UPDATE tasks SET break_glass_id = @Id WHERE id = @TaskId", new { Id = id, TaskId = taskId });

            var before = await first.JsonAsync(await olive.GetAsync($"/v1/break-glass/{id}"), HttpStatusCode.OK);
            Assert.True(before.GetProperty("grant").GetProperty("inForce").GetBoolean(), "the grant expired before the console was stopped; the machine is too slow for this test");
        } // killed, not asked to stop

        Assert.Equal("active", await ScalarAsync<string>(store, "SELECT state FROM break_glass_grants WHERE id = @Id", new { Id = id }));
        var wait = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await using (var second = await ConsoleServer.StartAsync(store))
        {
            var olive = second.Client(new AuthenticationHeaderValue("Bearer", token));
            JsonElement grant;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                grant = (await second.JsonAsync(await olive.GetAsync($"/v1/break-glass/{id}"), HttpStatusCode.OK)).GetProperty("grant");
                if (grant.GetProperty("state").GetString() == BreakGlassStates.Ended)
                {
                    break;
                }

                await Task.Delay(200);
            }
            while (DateTime.UtcNow < deadline);

            Assert.Equal(("ended", "expired"), (grant.GetProperty("state").GetString(), grant.GetProperty("endReason").GetString()));
            Assert.Equal(expiresAt, grant.GetProperty("endedAt").GetDateTimeOffset());
            var task = second.Client(new AuthenticationHeaderValue("Bearer", taskToken));
            Assert.Equal(HttpStatusCode.Unauthorized, (await task.GetAsync($"/v1/tasks/{taskId}")).StatusCode);
        }

        Assert.Equal("revoked", await ScalarAsync<string>(store, "SELECT state FROM tasks WHERE id = @Id", new { Id = taskId }));
        await using var after = GrantScenarios.Console(store);
        after.Clock.Advance(DateTimeOffset.UtcNow - after.Clock.GetUtcNow());
        await after.AssertAuditIntactAsync();
        var actions = (await after.Service<AgentConsole.Infrastructure.Audit.AuditChain>().PageAsync(1000))
            .Where(e => e.SubjectId == id || e.SubjectId == taskId).OrderBy(e => e.Seq).Select(e => e.Action).ToList();
        Assert.Equal(["break-glass.requested", "break-glass.started", "task.issued", "task.revoked", "break-glass.expired", "task.token_refused"], actions);
    }

    private static async Task ExecuteAsync(TestStore store, string sql, object parameters)
    {
        await using var connection = Open(store);
        Assert.Equal(1, await connection.ExecuteAsync(sql, parameters));
    }

    private static async Task<T?> ScalarAsync<T>(TestStore store, string sql, object parameters)
    {
        await using var connection = Open(store);
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    private static System.Data.Common.DbConnection Open(TestStore store) => store.Engine == "sqlite"
        ? new SqliteConnection($"Data Source={store.SqlitePath};Pooling=False")
        : new NpgsqlConnection(store.PostgresConnectionString);

    /// <summary>The console's own executable serving HTTP on a free loopback port, against a test store; killed on dispose.</summary>
    private sealed class ConsoleServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly List<HttpClient> _clients = [];

        private ConsoleServer(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<ConsoleServer> StartAsync(TestStore store)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Executable());
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{port}");
            foreach (var (key, value) in store.Settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
            }

            start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            start.Environment["AGENTCONSOLE_ADMIN_PASSWORD"] = ConsoleFactory.FirstRunPassword;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var server = new ConsoleServer(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
            server._process.OutputDataReceived += (_, e) => server.Log(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Log(e.Data);
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();

            using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(server._process.HasExited, $"the console exited: {server.Output}");
                try
                {
                    if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet
                }

                await Task.Delay(250);
            }

            await server.DisposeAsync();
            throw new TimeoutException($"the console did not answer /healthz in 90 s: {server.Output}");
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public HttpClient Client(AuthenticationHeaderValue authorization)
        {
            var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = authorization;
            _clients.Add(client);
            return client;
        }

        public async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}\n{Output}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
        }

        private void Log(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                if (_output.Length < 200_000)
                {
                    _output.AppendLine(line);
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string Executable()
        {
            var here = AppContext.BaseDirectory;
            var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var root = new DirectoryInfo(here);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "AgentConsole.sln")))
            {
                root = root.Parent;
            }

            return Path.Combine(root!.FullName, "src", "AgentConsole", "bin", configuration, "net10.0", "AgentConsole.dll");
        }
    }
}
