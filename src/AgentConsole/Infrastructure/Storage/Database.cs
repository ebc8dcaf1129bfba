using System.Data.Common;
using Dapper;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>The console's store: opens connections and units of work on whichever engine is configured.</summary>
public sealed class Database(ISqlDialect dialect)
{
    // SQLite lets one transaction write at a time, and a write transaction that finds the database locked sleeps in
    // the driver and tries again. Under load the decision writer holds the lock nearly all the time, so sweepers and
    // other writers slept in 150 ms steps on thread-pool threads, and the requests queued behind those threads waited
    // as long. Queuing the process's write transactions here instead hands the lock over in order, and a waiting
    // writer awaits without holding a thread.
    private readonly SemaphoreSlim? _writers = dialect.OneWriterAtATime ? new SemaphoreSlim(1, 1) : null;

    // As long as SQLite's own busy timeout: past it the caller fails closed (503) instead of waiting on.
    private static readonly TimeSpan WriterWait = TimeSpan.FromSeconds(30);

    private static TimeoutException WaitedTooLong() =>
        new($"Waited {WriterWait.TotalSeconds:N0} s for the database's write lock.");

    public ISqlDialect Dialect => dialect;

    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => dialect.OpenAsync(cancellationToken);

    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        if (_writers is not null && !await _writers.WaitAsync(WriterWait, cancellationToken))
        {
            throw WaitedTooLong();
        }

        DbConnection? connection = null;
        try
        {
            connection = await dialect.OpenAsync(cancellationToken);
            var transaction = await dialect.BeginAsync(connection, cancellationToken);
            return new UnitOfWork(connection, transaction, dialect, _writers);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _writers?.Release();
            throw;
        }
    }

    /// <summary>
    /// A blocking open of a connection for the one writer that keeps its own (the decision writer): it runs on its own
    /// thread and calls the driver synchronously, so a batch never waits behind request work for thread-pool turns
    /// between statements, and it keeps one connection so a batch does not pay for opening one.
    /// </summary>
    public DbConnection Open() => dialect.Open();

    /// <summary>Blocking begin on a connection from <see cref="Open"/>; disposing the unit leaves the connection open.</summary>
    public UnitOfWork Begin(DbConnection kept)
    {
        if (_writers is not null && !_writers.Wait(WriterWait))
        {
            throw WaitedTooLong();
        }

        try
        {
            return new UnitOfWork(kept, kept.BeginTransaction(), dialect, _writers, ownsConnection: false);
        }
        catch
        {
            _writers?.Release();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; any exception rolls everything back.</summary>
    public async Task<T> InTransactionAsync<T>(Func<UnitOfWork, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var unit = await BeginAsync(cancellationToken);
        var result = await work(unit);
        await unit.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))!;
    }
}
