using System.Security.Claims;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.Assistants;

/// <summary>Who asks the inventory for something, with the roles that decide what they may do.</summary>
public sealed record Caller(Actor Actor, long UserId, string UserName, IReadOnlySet<string> Roles)
{
    /// <summary><c>security</c> and <c>admin</c> edit the inventory.</summary>
    public bool IsEditor => Roles.Contains(ConsoleRoles.Security) || Roles.Contains(ConsoleRoles.Admin);

    /// <summary>Only a person with the <c>security</c> role approves widening.</summary>
    public bool IsSecurity => Roles.Contains(ConsoleRoles.Security);

    /// <summary>Editors, approvers and compliance see every assistant.</summary>
    public bool SeesAll => IsEditor || Roles.Contains(ConsoleRoles.Approver) || Roles.Contains(ConsoleRoles.Compliance);

    public bool IsOwner => Roles.Contains(ConsoleRoles.Owner);

    /// <summary>Anyone who may use the inventory at all.</summary>
    public bool MayRead => SeesAll || IsOwner;

    /// <summary>Whoever is named owner or backup owner sees that assistant, whatever their roles.</summary>
    public bool Sees(Assistant assistant) => SeesAll || assistant.IsOwnedBy(UserName);

    public bool Owns(Assistant assistant) => assistant.IsOwnedBy(UserName);

    public static Caller From(ClaimsPrincipal user) => new(
        user.ToActor(),
        user.UserId() ?? 0,
        user.Identity?.Name ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
}
