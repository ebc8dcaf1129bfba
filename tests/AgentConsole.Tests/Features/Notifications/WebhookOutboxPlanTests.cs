using AgentConsole.Features.Approvals;
using AgentConsole.Features.Notifications;
using AgentConsole.Infrastructure.Storage;
using AgentConsole.Tests.Support;
using Dapper;

namespace AgentConsole.Tests.Features.Notifications;

/// <summary>
/// The queries that read the audit log after a cursor must use their partial indexes: without one they walk every audit
/// record after the cursor, every allowed decision included, so each pass grows with the number of decisions made.
/// </summary>
public class WebhookOutboxPlanTests
{
    public static TheoryData<string, string> Readers => new()
    {
        { "sqlite", "webhook outbox" }, { "postgres", "webhook outbox" },
        { "sqlite", "approval feed" }, { "postgres", "approval feed" },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Readers_of_the_audit_log_after_a_cursor_use_their_partial_index(string engine, string reader)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();
        var (sql, index) = reader == "webhook outbox"
            ? (SqlText.For<WebhookOutbox>("PendingAfter", database.Dialect), "ix_audit_events_webhook_events")
            : (SqlText.For<ApprovalRequests>("ApprovalSteps", database.Dialect), "ix_audit_events_approval_steps");

        var plan = await PlanAsync(database, sql);

        Assert.Contains(index, plan, StringComparison.Ordinal);
    }

    private static async Task<string> PlanAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        var parameters = new { After = 0L, Limit = 500 };
        if (database.Dialect.Engine == "sqlite")
        {
            var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters);
            return string.Join("\n", rows.Select(r => r.Detail));
        }

        // A fresh database is small enough for PostgreSQL to prefer reading the whole table; the question here is
        // whether the index can serve the query at all, as it must once the log is large.
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: transaction);
        var lines = await connection.QueryAsync<string>("EXPLAIN " + sql, parameters, transaction);
        return string.Join("\n", lines);
    }
}
