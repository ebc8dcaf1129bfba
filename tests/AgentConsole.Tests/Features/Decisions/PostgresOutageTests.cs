using System.Collections.Concurrent;
using System.Net;
using AgentConsole.Infrastructure.Storage;
using AgentConsole.Tests.Support;
using Npgsql;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>
/// PostgreSQL goes away in the middle of a stream of decisions (connections refused, every backend killed): each
/// answer is an allow that was durably recorded and audited, or a 503. PostgreSQL only: SQLite has no server to stop.
/// </summary>
public sealed class PostgresOutageTests
{
    private const int Workers = 4;

    [Fact]
    public async Task When_the_database_stops_mid_run_every_answer_is_a_recorded_allow_or_a_503()
    {
        await using var store = await TestStore.CreateAsync("postgres");
        var server = Environment.GetEnvironmentVariable(TestStore.PostgresVariable)!;
        var database = new NpgsqlConnectionStringBuilder(store.PostgresConnectionString).Database!;
        var answers = new ConcurrentQueue<ApiAnswer>();
        await using (var app = new ConsoleFactory(store))
        {
            var task = await app.DeployerTaskAsync("dev");
            (await task.Client.DecideAsync("terraform:plan", "aws/dev/vpc-main")).AssertStatus(HttpStatusCode.OK);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                var client = app.TaskClient(task.Token);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    answers.Enqueue(await client.DecideAsync("terraform:plan", $"aws/dev/vpc-{w}-{i}"));
                }
            })).ToList();

            await UntilAsync(() => Count(answers, HttpStatusCode.OK) >= 20, "decisions before the outage");
            await AdminAsync(server, $"ALTER DATABASE {database} ALLOW_CONNECTIONS false",
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");
            var okAtOutage = Count(answers, HttpStatusCode.OK);
            await UntilAsync(() => Count(answers, HttpStatusCode.ServiceUnavailable) >= 10, "refusals during the outage");
            Assert.True(Count(answers, HttpStatusCode.OK) - okAtOutage <= Workers, "decisions kept being allowed while the database was down");
            await AdminAsync(server, $"ALTER DATABASE {database} ALLOW_CONNECTIONS true");
            var okAtRecovery = Count(answers, HttpStatusCode.OK);
            await UntilAsync(() => Count(answers, HttpStatusCode.OK) >= okAtRecovery + 20, "decisions after the outage");
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        foreach (var answer in answers)
        {
            Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)answer.Status}: {answer.Body}");
            Assert.True(answer.Status != HttpStatusCode.OK || answer.Text("decision") == "allow", answer.Body.ToString());
            Assert.True(answer.Status == HttpStatusCode.OK || answer.MediaType == "application/problem+json", answer.MediaType);
        }

        // A fresh start after the outage reads what was really committed.
        await using var restarted = new ConsoleFactory(store);
        var db = restarted.Service<Database>();
        var stored = (await db.QueryAsync<string>("SELECT id FROM decisions")).ToHashSet(StringComparer.Ordinal);
        var audited = (await db.QueryAsync<string>("SELECT subject_id FROM audit_events WHERE action = 'decision.allowed'")).ToHashSet(StringComparer.Ordinal);
        foreach (var id in answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Text("decisionId")))
        {
            Assert.Contains(id, stored);
            Assert.Contains(id, audited);
        }

        Assert.True(stored.SetEquals(audited), "every stored decision has its decision.allowed audit record, and no other");
        await restarted.AssertAuditIntactAsync();
    }

    private static int Count(ConcurrentQueue<ApiAnswer> answers, HttpStatusCode status) => answers.Count(a => a.Status == status);

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static async Task AdminAsync(string server, params string[] statements)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync();
        }
    }
}
