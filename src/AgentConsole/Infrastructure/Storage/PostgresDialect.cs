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
        _dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
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
