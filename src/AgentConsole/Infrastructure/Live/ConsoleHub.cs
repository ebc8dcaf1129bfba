using AgentConsole.Features.Assistants;
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

    /// <summary>Everyone who sees every approval request: security, approvers, compliance, admins.</summary>
    public const string ApprovalsGroup = "approvals";

    public static string OwnerGroup(string userName) => $"owner:{userName}";

    public static string UserGroup(long userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (user.UserId() is { } id)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(id));
        }

        var caller = Caller.From(user);
        if (caller.SeesAll)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ApprovalsGroup);
        }
        else if (caller.IsOwner)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, OwnerGroup(caller.UserName));
        }

        if (user.CanReadAudit())
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AuditGroup);
        }

        await base.OnConnectedAsync();
    }
}
