using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Tests.Support;

/// <summary>Changes the audit table behind the console's back, as an attacker with database access would.</summary>
public static class Tampering
{
    public static async Task BehindTheConsolesBackAsync(this ConsoleFactory app, string sql)
    {
        var database = app.Service<Database>();
        await using var connection = await database.OpenAsync();
        var unlock = database.Dialect.Engine == "sqlite"
            ? "DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;"
            : "ALTER TABLE audit_events DISABLE TRIGGER USER;";
        await connection.ExecuteAsync(unlock + sql);
    }
}
