using Npgsql;

namespace AgentConsole.Tests.Support;

/// <summary>
/// A fresh, empty store for one test: a temporary SQLite file, or a new database on the PostgreSQL server named by
/// <c>AGENTCONSOLE_TEST_POSTGRES</c> (scripts/test.sh starts one). Dropped again on dispose.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string PostgresVariable = "AGENTCONSOLE_TEST_POSTGRES";

    private readonly string? _serverConnectionString;
    private readonly string? _databaseName;
    private readonly string? _directory;

    private TestStore(string engine, IReadOnlyDictionary<string, string?> settings, string? server = null, string? database = null, string? directory = null)
    {
        Engine = engine;
        Settings = settings;
        _serverConnectionString = server;
        _databaseName = database;
        _directory = directory;
    }

    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    public string Engine { get; }

    /// <summary>Configuration keys that point the console at this store.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public string? SqlitePath => Settings.GetValueOrDefault("Storage:DataDirectory") is { } dir ? Path.Combine(dir, "agentconsole.db") : null;

    public string? PostgresConnectionString => Settings.GetValueOrDefault("ConnectionStrings:Postgres");

    public static async Task<TestStore> CreateAsync(string engine)
    {
        if (engine == "sqlite")
        {
            var directory = Path.Combine(Path.GetTempPath(), "agentconsole-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new TestStore(engine, new Dictionary<string, string?> { ["Storage:DataDirectory"] = directory, ["ConnectionStrings:Postgres"] = "" }, directory: directory);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"PostgreSQL tests need {PostgresVariable} (a connection string to a server where databases may be created). scripts/test.sh sets it up.");
        }

        var name = "ac_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestStore(engine, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString }, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_serverConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS's temp cleaning.
            }
        }
    }
}
