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

    /// <summary>Makes every insert into the audit table fail, as an audit store that is down would, until <see cref="AuditUpAsync"/>.</summary>
    public static Task AuditDownAsync(this ConsoleFactory app) =>
        app.BehindTheConsolesBackAsync(app.Service<Database>().Dialect.Engine == "sqlite"
            ? "CREATE TRIGGER audit_unavailable BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END;"
            : """
              CREATE FUNCTION audit_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
              CREATE TRIGGER audit_unavailable BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_unavailable();
              """);

    public static Task AuditUpAsync(this ConsoleFactory app) =>
        app.BehindTheConsolesBackAsync(app.Service<Database>().Dialect.Engine == "sqlite"
            ? "DROP TRIGGER audit_unavailable;"
            : "DROP TRIGGER audit_unavailable ON audit_events; DROP FUNCTION audit_unavailable();");
}
