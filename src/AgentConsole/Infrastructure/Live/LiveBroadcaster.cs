using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using Microsoft.AspNetCore.SignalR;

namespace AgentConsole.Infrastructure.Live;

/// <summary>Turns committed domain events into pushes to the open pages.</summary>
public sealed class LiveBroadcaster(IHubContext<ConsoleHub> hub, ILogger<LiveBroadcaster> logger) : IAuditObserver, ISessionTerminator
{
    public async Task OnAppendedAsync(AuditEvent appended)
    {
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
