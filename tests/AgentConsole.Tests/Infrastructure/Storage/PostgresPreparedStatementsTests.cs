using AgentConsole.Infrastructure.Storage;
using AgentConsole.Tests.Support;
using Dapper;
using Npgsql;

namespace AgentConsole.Tests.Infrastructure.Storage;

/// <summary>
/// On PostgreSQL the console keeps the statements it runs again and again prepared on the server (parsed and planned
/// once per connection), unless the connection string says otherwise: behind a pooler that cannot keep prepared
/// statements, <c>Max Auto Prepare=0</c> must turn it off.
/// </summary>
public class PostgresPreparedStatementsTests
{
    private const string Repeated = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";

    [Fact]
    public async Task A_statement_the_console_runs_again_is_prepared_on_the_server()
    {
        await using var store = await TestStore.CreateAsync("postgres");
        await using var app = new ConsoleFactory(store);
        // Started, so migrated.
        var database = app.Service<Database>();
        // The plain driver, with its own defaults, prepares nothing: the baseline the console's setting changes.
        await using (var plain = new NpgsqlConnection(store.PostgresConnectionString))
        {
            await plain.OpenAsync();
            Assert.Equal(0, await PreparedAfterRepeatingAsync(plain));
        }

        await using var connection = await database.OpenAsync();
        Assert.Equal(1, await PreparedAfterRepeatingAsync(connection));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0")]
    [InlineData("maxautoprepare=0")]
    public async Task The_connection_string_can_turn_it_off(string setting)
    {
        await using var store = await TestStore.CreateAsync("postgres");
        await using (var app = new ConsoleFactory(store))
        {
            app.Service<Database>();
        }

        await using var dialect = new PostgresDialect(store.PostgresConnectionString + ";" + setting);
        Assert.Equal(0, await PreparedAfterRepeatingAsync(dialect));
    }

    [Fact]
    public async Task A_limit_in_the_connection_string_is_kept()
    {
        await using var store = await TestStore.CreateAsync("postgres");
        await using var dialect = new PostgresDialect(store.PostgresConnectionString + ";Max Auto Prepare=3");
        await using var connection = (NpgsqlConnection)await dialect.OpenAsync(CancellationToken.None);
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(connection.ConnectionString).MaxAutoPrepare);
    }

    private static async Task<long> PreparedAfterRepeatingAsync(PostgresDialect dialect)
    {
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        return await PreparedAfterRepeatingAsync(connection);
    }

    private static async Task<long> PreparedAfterRepeatingAsync(System.Data.Common.DbConnection connection)
    {
        for (var i = 0; i < 3; i++)
        {
            await connection.QueryAsync(Repeated);
        }

        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = @Text", new { Text = Repeated });
    }
}
