using System.Threading.Channels;
using AgentConsole.Infrastructure.Live;
using Microsoft.AspNetCore.SignalR;

namespace AgentConsole.Features.BreakGlass;

/// <summary>
/// Tells every open page of this node that a grant changed (requested, approved, ended, expired, reviewed), so it
/// fetches the banner and its lists again. The signal comes from any node (PostgreSQL NOTIFY, or in-process on
/// SQLite) in the transaction that made the change. The push names only the grant: each page reads what its person
/// may see. After the signal listener reconnects, a push without an id makes every page catch up.
/// </summary>
public sealed class BreakGlassFeed : BackgroundService
{
    public const string ClientMethod = "breakGlass";
    private readonly Channel<string> _changes = Channel.CreateBounded<string>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
    });

    private readonly IHubContext<ConsoleHub> _hub;
    private readonly ILogger<BreakGlassFeed> _logger;

    public BreakGlassFeed(ClusterSignals signals, IHubContext<ConsoleHub> hub, ILogger<BreakGlassFeed> logger)
    {
        _hub = hub;
        _logger = logger;
        signals.Subscribe(ActiveGrants.ChangedTopic, id => _changes.Writer.TryWrite(id));
        signals.Reconnected += () => _changes.Writer.TryWrite("");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await _hub.Clients.All.SendAsync(ClientMethod, new { id }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The change is committed; pages catch up on their next push or reconnect.
                    _logger.LogWarning(e, "Live push of break-glass change {Id} failed", id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
