using System.Globalization;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Policies;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// What break-glass grants change about one decision. A task that relies on a grant is told no once the grant is not
/// in force (by the clock, or ended early), and a require_approval verdict is allowed at once when a grant in force
/// for the assistant skips approval for the action and resource. Deny verdicts are never touched. Consulted only
/// when the task has a grant or the verdict wants people, so ordinary decisions pay nothing.
/// </summary>
public sealed class DecisionGrants(ActiveGrants grants, BreakGlassStore store)
{
    public const string EndedRule = "break-glass-ended";
    public const string SkipRule = "break-glass";

    /// <summary>The grant the task relies on, in force at <paramref name="now"/>; or, when it is not, why the task is told no.</summary>
    public async ValueTask<(BreakGlassGrant? Grant, PolicyDecision? Denial)> ReliedOnAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await grants.InForceAsync(id, now, cancellationToken) is { } inForce)
        {
            return (inForce, null);
        }

        // Rare: read the grant itself, to say when and how it ended (and to not trust a copy that missed a start).
        var stored = await store.FindAsync(id, cancellationToken);
        if (stored is not null && stored.IsInForce(now))
        {
            grants.Invalidate();
            return (stored, null);
        }

        return (stored, new PolicyDecision(PolicyEffect.Deny, EndedRule, EndedReason(id, stored, now), null, []));
    }

    /// <summary>A grant in force for the assistant that skips approval for this action on this resource, if any.</summary>
    public async ValueTask<BreakGlassGrant?> SkippingAsync(long assistantId, string action, string resource, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        foreach (var grant in await grants.InForceForAsync(assistantId, now, cancellationToken))
        {
            foreach (var skip in grant.SkipList)
            {
                if (Glob.Compile(skip.Action).IsMatch(action) && Glob.Compile(skip.Resource).IsMatch(resource))
                {
                    return grant;
                }
            }
        }

        return null;
    }

    /// <summary>The allow that replaces a require_approval verdict under <paramref name="grant"/>; it keeps the rules that matched.</summary>
    public static PolicyDecision Skipped(PolicyDecision verdict, BreakGlassGrant grant)
    {
        var count = verdict.Approval?.Count ?? 1;
        return new PolicyDecision(PolicyEffect.Allow, SkipRule,
            $"Approval skipped under break-glass grant {grant.Id} (incident {grant.Incident}); the policy rule {verdict.Rule} would have required {count} approval{(count == 1 ? "" : "s")}.",
            null, verdict.Matched);
    }

    private static string EndedReason(string id, BreakGlassGrant? grant, DateTimeOffset now)
    {
        const string after = "nothing more is allowed under it. Ask for a new grant, or start a task within the assistant's own privileges.";
        if (grant is null)
        {
            return $"The break-glass grant {id} this task relied on is not in force; {after}";
        }

        var how = grant.State switch
        {
            BreakGlassStates.Ended when grant.EndReason == BreakGlassEndReasons.Ended =>
                $"was ended early{(grant.EndedBy is null ? "" : $" by {grant.EndedBy}")} at {At(grant.EndedAt)}",
            BreakGlassStates.Ended => $"{grant.EndReason ?? "ended"} at {At(grant.EndedAt ?? grant.ExpiresAt)}",
            _ when grant.ExpiresAt <= now => $"expired at {At(grant.ExpiresAt)}",
            _ => $"is {grant.State}",
        };
        return $"The break-glass grant {id} (incident {grant.Incident}) this task relied on {how}; {after}";
    }

    private static string At(DateTimeOffset? at) => at?.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture) ?? "an unknown time";
}
