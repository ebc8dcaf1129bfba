using System.Data.Common;
using Dapper;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>The console's store: opens connections and units of work on whichever engine is configured.</summary>
public sealed class Database(ISqlDialect dialect)
{
    public ISqlDialect Dialect => dialect;

    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => dialect.OpenAsync(cancellationToken);

    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await dialect.OpenAsync(cancellationToken);
        try
        {
            var transaction = await dialect.BeginAsync(connection, cancellationToken);
            return new UnitOfWork(connection, transaction, dialect);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Blocking begin, for the one place that wants it: the decision writer runs on its own thread and calls the
    /// driver synchronously, so a batch never waits behind request work for thread-pool turns between statements.
    /// </summary>
    public UnitOfWork Begin()
    {
        var connection = dialect.Open();
        try
        {
            return new UnitOfWork(connection, connection.BeginTransaction(), dialect);
        }
        catch
        {
            connection.Dispose();
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
