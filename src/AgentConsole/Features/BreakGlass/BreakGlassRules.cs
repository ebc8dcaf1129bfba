using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;
using AgentConsole.Features.Users;

namespace AgentConsole.Features.BreakGlass;

/// <summary>Who may do what with break-glass grants; shared by the pages and the API.</summary>
public static class BreakGlassRules
{
    /// <summary>Responders: security, approvers and admins for any assistant; owners and backup owners for their own.</summary>
    public static bool MayRequest(Caller caller, Assistant assistant) =>
        caller.Roles.Contains(ConsoleRoles.Security) || caller.Roles.Contains(ConsoleRoles.Approver)
        || caller.Roles.Contains(ConsoleRoles.Admin) || caller.Owns(assistant);

    /// <summary>Anyone who may use the console sees grants of the assistants they see (the banner shows every grant in force to everyone).</summary>
    public static bool MaySee(Caller caller, BreakGlassGrant grant, Assistant assistant) =>
        caller.Sees(assistant) || grant.RequestedById == caller.UserId;

    /// <summary>The one approval a waiting request needs: a role the policy names, never the person who asked.</summary>
    public static bool MayApprove(Caller caller, BreakGlassGrant grant, BreakGlassPolicy policy) =>
        grant.RequestedById != caller.UserId && policy.Approvers.Any(caller.Roles.Contains);

    /// <summary>The requester or security may end a grant (or withdraw a request) early.</summary>
    public static bool MayEnd(Caller caller, BreakGlassGrant grant) =>
        grant.RequestedById == caller.UserId || caller.IsSecurity;

    /// <summary>Compliance records the review, and never of a grant they asked for or approved themselves.</summary>
    public static bool MayReview(Caller caller, BreakGlassGrant grant) =>
        caller.Roles.Contains(ConsoleRoles.Compliance) && grant.RequestedById != caller.UserId
        && !string.Equals(grant.ApprovedBy, caller.UserName, StringComparison.Ordinal);

    /// <summary>The review queue and the report: compliance, security and admins.</summary>
    public static bool MayOversee(Caller caller) =>
        caller.Roles.Contains(ConsoleRoles.Compliance) || caller.IsSecurity || caller.Roles.Contains(ConsoleRoles.Admin);
}
