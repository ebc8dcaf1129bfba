using System.Data.Common;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>
/// One transaction: a state change and its audit record are written through the same unit and commit together.
/// Work queued with <see cref="AfterCommit"/> (live pushes) runs only once the commit has succeeded.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable, IDisposable
{
    private readonly List<Func<Task>> _afterCommit = [];
    private bool _committed;

    internal UnitOfWork(DbConnection connection, DbTransaction transaction, ISqlDialect dialect)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
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
    }

    /// <summary>Blocking <see cref="CommitOnlyAsync"/>, for the decision writer's thread.</summary>
    public void CommitOnly()
    {
        Transaction.Commit();
        _committed = true;
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
        if (!_committed)
        {
            await Transaction.RollbackAsync();
        }

        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    public void Dispose()
    {
        if (!_committed)
        {
            Transaction.Rollback();
        }

        Transaction.Dispose();
        Connection.Dispose();
    }
}
