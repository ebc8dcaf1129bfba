using System.Data.Common;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>
/// One transaction: a state change and its audit record are written through the same unit and commit together.
/// Work queued with <see cref="AfterCommit"/> (live pushes) runs only once the commit has succeeded.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable, IDisposable
{
    private readonly List<Func<Task>> _afterCommit = [];
    private readonly bool _ownsConnection;
    private SemaphoreSlim? _writerTurn;
    private bool _committed;

    // writerTurn: held while this unit is open (SQLite's one writer at a time); released once, at commit or disposal.
    // ownsConnection: false for a connection its caller keeps between units (the decision writer's).
    internal UnitOfWork(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, SemaphoreSlim? writerTurn = null,
        bool ownsConnection = true)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
        _writerTurn = writerTurn;
        _ownsConnection = ownsConnection;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public ISqlDialect Dialect { get; }

    public void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await CommitOnlyAsync(cancellationToken);
        await RunAfterCommitAsync();
    }

    /// <summary>Commits without running the after-commit work yet, so a group commit can answer its callers first.</summary>
    public async Task CommitOnlyAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        _committed = true;
        // The engine released its lock with the commit; after-commit work may begin the next transaction.
        EndWriterTurn();
    }

    /// <summary>Blocking <see cref="CommitOnlyAsync"/>, for the decision writer's thread.</summary>
    public void CommitOnly()
    {
        Transaction.Commit();
        _committed = true;
        EndWriterTurn();
    }

    public async Task RunAfterCommitAsync()
    {
        foreach (var action in _afterCommit)
        {
            await action();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed)
            {
                await Transaction.RollbackAsync();
            }

            await Transaction.DisposeAsync();
            if (_ownsConnection)
            {
                await Connection.DisposeAsync();
            }
        }
        finally
        {
            EndWriterTurn();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_committed)
            {
                Transaction.Rollback();
            }

            Transaction.Dispose();
            if (_ownsConnection)
            {
                Connection.Dispose();
            }
        }
        finally
        {
            EndWriterTurn();
        }
    }

    private void EndWriterTurn() => Interlocked.Exchange(ref _writerTurn, null)?.Release();
}
