using System.Security.Claims;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;

namespace AgentConsole.Features.BreakGlass;

/// <summary>
/// What the banner on every page shows one person: every grant in force (to everyone signed in), and the requests
/// waiting for an approval this person may give.
/// </summary>
public sealed record BannerView(IReadOnlyList<BreakGlassGrant> InForce, IReadOnlyList<BreakGlassGrant> Waiting, DateTimeOffset Now, bool Unreadable)
{
    public const int WaitingLimit = 20;

    public static async Task<BannerView> LoadAsync(IServiceProvider services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (user.Identity?.IsAuthenticated != true)
        {
            return new([], [], now, false);
        }

        try
        {
            var inForce = (await services.GetRequiredService<ActiveGrants>().AllAsync(cancellationToken)).Where(g => g.IsInForce(now)).ToList();
            return new(inForce, await WaitingAsync(services, Caller.From(user), now, cancellationToken), now, false);
        }
        catch (Exception e) when (e is ConsoleUnavailableException or System.Data.Common.DbException)
        {
            // The page still renders; the banner says the grants could not be read rather than implying there are none.
            return new([], [], now, true);
        }
    }

    private static async Task<IReadOnlyList<BreakGlassGrant>> WaitingAsync(IServiceProvider services, Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var policy = (await services.GetRequiredService<PublishedPolicy>().CurrentAsync(cancellationToken)).Policy.BreakGlass;
        if (!policy.Approvers.Any(caller.Roles.Contains))
        {
            return [];
        }

        var pending = await services.GetRequiredService<BreakGlassQueries>().ListAsync(caller, BreakGlassStates.Pending, WaitingLimit, cancellationToken);
        return pending.Where(g => now < g.ExpiresAt && BreakGlassRules.MayApprove(caller, g, policy)).ToList();
    }
}
