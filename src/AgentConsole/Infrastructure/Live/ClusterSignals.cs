using System.Collections.Concurrent;
using AgentConsole.Infrastructure.Storage;
using Npgsql;

namespace AgentConsole.Infrastructure.Live;

/// <summary>
/// Small "something changed" signals that reach every console node: PostgreSQL <c>NOTIFY</c> sent inside the
/// transaction (so it is delivered only if the change commits), and on the node that made the change an in-process
/// call right after commit (the only delivery on SQLite, where there is only one node).
/// </summary>
public sealed class ClusterSignals(Database database, ILogger<ClusterSignals> logger) : BackgroundService
{
    public const string Channel = "agentconsole_signals";
    private readonly ConcurrentDictionary<string, Action<string>> _handlers = new(StringComparer.Ordinal);

    /// <summary>Raised after the listener (re)connects: signals sent while it was away may have been missed.</summary>
    public event Action? Reconnected;

    public void Subscribe(string topic, Action<string> handler) =>
        _handlers.AddOrUpdate(topic, handler, (_, existing) => existing + handler);

    /// <summary>
    /// Queues <paramref name="payload"/> for <paramref name="topic"/> on every node once <paramref name="unit"/> commits.
    /// This node handles it as soon as the commit returns, before its caller is answered; other nodes (and this one
    /// again) when the NOTIFY arrives, so handlers must be idempotent (they drop caches and wake waiters).
    /// </summary>
    public async Task PublishAsync(UnitOfWork unit, string topic, string payload, CancellationToken cancellationToken = default)
    {
        if (database.Dialect is PostgresDialect)
        {
            await using var command = Notify(unit, topic, payload);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        DispatchAfterCommit(unit, topic, payload);
    }

    /// <summary>Blocking <see cref="PublishAsync"/>, for the decision writer's thread.</summary>
    public void Publish(UnitOfWork unit, string topic, string payload)
    {
        if (database.Dialect is PostgresDialect)
        {
            using var command = Notify(unit, topic, payload);
            command.ExecuteNonQuery();
        }

        DispatchAfterCommit(unit, topic, payload);
    }

    private static System.Data.Common.DbCommand Notify(UnitOfWork unit, string topic, string payload)
    {
        var command = unit.Connection.CreateCommand();
        command.Transaction = unit.Transaction;
        command.CommandText = "SELECT pg_notify(@channel, @message)";
        command.Parameters.Add(new NpgsqlParameter("channel", Channel));
        command.Parameters.Add(new NpgsqlParameter("message", $"{topic}|{payload}"));
        return command;
    }

    private void DispatchAfterCommit(UnitOfWork unit, string topic, string payload) =>
        unit.AfterCommit(() =>
        {
            Dispatch(topic, payload);
            return Task.CompletedTask;
        });

    private void Dispatch(string topic, string payload)
    {
        if (!_handlers.TryGetValue(topic, out var handler))
        {
            return;
        }

        try
        {
            handler(payload);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Handling signal {Topic} failed", topic);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Dialect is not PostgresDialect)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await database.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    var split = e.Payload.IndexOf('|', StringComparison.Ordinal);
                    if (split > 0)
                    {
                        Dispatch(e.Payload[..split], e.Payload[(split + 1)..]);
                    }
                };
                await using (var listen = connection.CreateCommand())
                {
                    listen.CommandText = $"LISTEN {Channel}";
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Reconnected?.Invoke();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                logger.LogWarning(e, "Listening for cluster signals failed; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
