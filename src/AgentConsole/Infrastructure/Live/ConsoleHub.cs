using AgentConsole.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AgentConsole.Infrastructure.Live;

/// <summary>The one live connection each page keeps. It holds no business logic: it only places connections in groups.</summary>
[Authorize]
public sealed class ConsoleHub : Hub
{
    public const string Path = "/hubs/console";
    public const string AuditGroup = "audit";

    public static string UserGroup(long userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (user.UserId() is { } id)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(id));
        }

        if (user.CanReadAudit())
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AuditGroup);
        }

        await base.OnConnectedAsync();
    }
}
