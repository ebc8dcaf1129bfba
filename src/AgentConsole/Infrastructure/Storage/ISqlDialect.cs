using System.Data.Common;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>The few places where SQLite and PostgreSQL differ. Everything else is one SQL text for both.</summary>
public interface ISqlDialect
{
    /// <summary><c>sqlite</c> or <c>postgres</c>: names the migrations folder and engine-specific SQL files.</summary>
    string Engine { get; }

    ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Blocking open of the connection the decision writer keeps for its own thread (see <see cref="Database.Open"/>).</summary>
    DbConnection Open();

    /// <summary>
    /// True when the engine lets one transaction write at a time (SQLite): <see cref="Database"/> then queues the
    /// process's write transactions itself instead of letting them collide on the engine's lock.
    /// </summary>
    bool OneWriterAtATime { get; }

    /// <summary>Begins a transaction that takes the write lock at once (SQLite) or a normal one (PostgreSQL).</summary>
    ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes audit appends across every writer (and every node) until the transaction ends.</summary>
    Task LockAuditChainAsync(DbTransaction transaction, CancellationToken cancellationToken);

    void LockAuditChain(DbTransaction transaction);

    /// <summary>Serializes schema migrations across nodes starting at once; dispose to release.</summary>
    Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Turns an engine's error into one of ours, or null when it is not an expected failure.</summary>
    StorageError? Translate(DbException exception);
}

public abstract record StorageError(string Detail);

public sealed record UniqueViolation(string Detail) : StorageError(Detail);
