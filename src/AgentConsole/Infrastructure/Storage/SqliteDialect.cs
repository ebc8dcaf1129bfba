using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AgentConsole.Infrastructure.Storage;

public sealed class SqliteDialect : ISqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    // WAL lets readers run beside the single writer; synchronous=FULL keeps every commit durable. busy_timeout lets
    // SQLite itself wait for a lock held by another process (the CLI), in steps of a few milliseconds: without it the
    // driver retries a busy database every 150 ms. Writers in this process never meet a busy database: Database
    // queues them (OneWriterAtATime).
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
    private readonly string _connectionString;

    public SqliteDialect(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = true,
            DefaultTimeout = 30, // seconds a writer waits for the write lock before giving up
            Pooling = true,
        }.ToString();
        Path = path;
    }

    public string Engine => "sqlite";

    public bool OneWriterAtATime => true;

    public string Path { get; }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = Pragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = Pragmas;
        pragma.ExecuteNonQuery();
        return connection;
    }

    public async ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for deferred: the write lock is taken now,
        // so two writers never both read the chain head.
        await connection.BeginTransactionAsync(cancellationToken);

    public Task LockAuditChainAsync(DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public void LockAuditChain(DbTransaction transaction)
    {
        // The IMMEDIATE transaction already holds the write lock.
    }

    public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public StorageError? Translate(DbException exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } e
            => new UniqueViolation(e.Message),
        _ => null,
    };

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
