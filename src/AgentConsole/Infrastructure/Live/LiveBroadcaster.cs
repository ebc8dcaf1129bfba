using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using Microsoft.AspNetCore.SignalR;

namespace AgentConsole.Infrastructure.Live;

/// <summary>Turns committed domain events into pushes to the open pages.</summary>
public sealed class LiveBroadcaster(IHubContext<ConsoleHub> hub, ILogger<LiveBroadcaster> logger) : IAuditObserver, ISessionTerminator
{
    /// <summary>
    /// Pages only re-read their audit panels when told something was appended, so pushes are coalesced: at most one
    /// per interval, naming the latest event. At thousands of audited decisions a second, one message per event to
    /// every open audit page would be most of the server's work.
    /// </summary>
    public static readonly TimeSpan AuditPushInterval = TimeSpan.FromMilliseconds(250);

    private AuditEvent? _latest;
    private int _scheduled;

    public Task OnAppendedAsync(AuditEvent appended)
    {
        var latest = _latest;
        while (latest is null || latest.Seq < appended.Seq)
        {
            var seen = Interlocked.CompareExchange(ref _latest, appended, latest);
            if (ReferenceEquals(seen, latest))
            {
                break;
            }

            latest = seen;
        }

        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = PushLatestSoonAsync();
        }

        return Task.CompletedTask;
    }

    private async Task PushLatestSoonAsync()
    {
        await Task.Delay(AuditPushInterval);
        Volatile.Write(ref _scheduled, 0);
        var appended = Volatile.Read(ref _latest)!;
        try
        {
            await hub.Clients.Group(ConsoleHub.AuditGroup).SendAsync("auditAppended", new
            {
                appended.Seq,
                appended.Action,
                actor = $"{appended.ActorKind}:{appended.ActorId}",
                subject = $"{appended.SubjectType}:{appended.SubjectId}",
                appended.OccurredAt,
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The event is committed; a failed push only delays the pages until they refresh.
            logger.LogWarning(e, "Live push of audit event {Seq} failed", appended.Seq);
        }
    }

    public Task EndSessionsAsync(long userId) => hub.Clients.Group(ConsoleHub.UserGroup(userId)).SendAsync("sessionEnded");
}
