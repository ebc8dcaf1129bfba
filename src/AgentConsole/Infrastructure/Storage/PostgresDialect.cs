using System.Data.Common;
using Npgsql;

namespace AgentConsole.Infrastructure.Storage;

public sealed class PostgresDialect : ISqlDialect, IAsyncDisposable
{
    // Arbitrary, fixed advisory-lock keys ("AC" + purpose).
    private const long AuditChainLock = 0x4143_0001;
    private const long MigrationLock = 0x4143_0002;
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!Names(connectionString, "MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPrepared;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        _dataSource = builder.Build();
    }

    /// <summary>
    /// How many statements each connection keeps prepared on the server unless the connection string says otherwise
    /// (<c>Max Auto Prepare</c>). The console runs the same few dozen statements again and again (the decision API's
    /// reads and its writer's inserts); prepared, PostgreSQL parses and plans each once per connection instead of on
    /// every call, which took the console's CPU per decision from 376 to about 230 µs (docs/benchmarks.md, run 26).
    /// Behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21), set
    /// <c>Max Auto Prepare=0</c>.
    /// </summary>
    public const int AutoPrepared = 64;

    // Whether the connection string sets this keyword (written with or without spaces, in any case), even to its default.
    private static bool Names(string connectionString, string keyword)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase));
    }

    public string Engine => "postgres";

    public bool OneWriterAtATime => false;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public DbConnection Open() => _dataSource.OpenConnection();

    public async ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public async Task LockAuditChainAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({AuditChainLock})";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void LockAuditChain(DbTransaction transaction)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({AuditChainLock})";
        command.ExecuteNonQuery();
    }

    public async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT pg_advisory_lock({MigrationLock})";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new SessionLock(connection);
    }

    public StorageError? Translate(DbException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e => new UniqueViolation(e.MessageText),
        _ => null,
    };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private sealed class SessionLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_unlock({MigrationLock})";
            await command.ExecuteNonQueryAsync();
        }
    }
}
