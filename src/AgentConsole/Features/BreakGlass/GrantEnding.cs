using AgentConsole.Features.Assistants;
using AgentConsole.Features.Decisions;
using AgentConsole.Features.Policies;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.BreakGlass;

/// <summary>
/// How a grant ends, early or at its expiry: the row, the tasks that relied on it (revoked, their tokens dropped on every
/// node) and the audit records, all inside the caller's transaction on a row the caller has locked.
/// </summary>
public sealed class GrantEnding(BreakGlassStore store, DecisionStore decisions, DecisionSignals decisionSignals, PublishedPolicy policies,
    AuditChain audit, TaskTokens tokens)
{
    /// <summary>How long compliance has to review; if the policy cannot be read, expiry still happens, with the default.</summary>
    public async Task<TimeSpan> ReviewWithinAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await policies.CurrentAsync(cancellationToken)).Policy.BreakGlass.ReviewWithin;
        }
        catch (ConsoleUnavailableException)
        {
            return BreakGlassPolicy.Default.ReviewWithin;
        }
    }

    /// <summary>The requester or security ends an active grant (it enters review) or withdraws a pending request (nothing to review).</summary>
    public async Task EndEarlyAsync(UnitOfWork unit, BreakGlassGrant grant, Caller caller, DateTimeOffset now, TimeSpan reviewWithin,
        CancellationToken cancellationToken)
    {
        var wasActive = grant.State == BreakGlassStates.Active;
        await store.EndAsync(unit, grant.Id, grant.State, BreakGlassEndReasons.Ended, now, caller.UserName, wasActive ? now + reviewWithin : null);
        var revoked = wasActive ? await RevokeTasksAsync(unit, grant, now, cancellationToken) : [];
        var expired = wasActive ? await ExpirePendingAsync(unit, grant, now, cancellationToken) : [];
        await audit.AppendAsync(unit, BreakGlassService.Entry(caller.Actor, "break-glass.ended", grant, new
        {
            assistant = grant.AssistantName,
            endedAt = now,
            grant.ExpiresAt,
            withdrawn = !wasActive,
            reviewDueAt = wasActive ? now + reviewWithin : (DateTimeOffset?)null,
            revokedTasks = revoked,
            expiredDecisions = expired,
        }), cancellationToken);
    }

    /// <summary>
    /// Requests made under the grant that still wait for people leave the approval queues with it: nothing may be
    /// approved under a grant that has ended (at its expiry the decisions' own expiry, capped at the grant's, does this).
    /// </summary>
    private async Task<IReadOnlyList<string>> ExpirePendingAsync(UnitOfWork unit, BreakGlassGrant grant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reason = $"The break-glass grant {grant.Id} this request was made under was ended early; nothing may be approved under it.";
        var expired = await decisions.ExpirePendingUnderGrantAsync(unit, grant.Id, reason, now);
        foreach (var id in expired)
        {
            await audit.AppendAsync(unit, new AuditEntry(Actor.System, "decision.expired", new Subject("decision", id),
                new { previousState = DecisionStates.Pending, reason, breakGlassId = grant.Id }), cancellationToken);
            await decisionSignals.PublishSettledAsync(unit, id);
        }

        return expired;
    }

    /// <summary>Its time is up: an active grant expires (and enters review), a pending request lapses.</summary>
    public async Task ExpireAsync(UnitOfWork unit, BreakGlassGrant grant, TimeSpan reviewWithin, CancellationToken cancellationToken)
    {
        var at = grant.ExpiresAt;
        if (grant.State == BreakGlassStates.Active)
        {
            await store.EndAsync(unit, grant.Id, BreakGlassStates.Active, BreakGlassEndReasons.Expired, at, "console", at + reviewWithin);
            var revoked = await RevokeTasksAsync(unit, grant, at, cancellationToken);
            await audit.AppendAsync(unit, BreakGlassService.Entry(Actor.System, "break-glass.expired", grant,
                new { assistant = grant.AssistantName, expiredAt = at, reviewDueAt = at + reviewWithin, revokedTasks = revoked }), cancellationToken);
        }
        else
        {
            await store.EndAsync(unit, grant.Id, BreakGlassStates.Pending, BreakGlassEndReasons.Lapsed, at, "console", null);
            await audit.AppendAsync(unit, BreakGlassService.Entry(Actor.System, "break-glass.lapsed", grant,
                new { assistant = grant.AssistantName, lapsedAt = at, reason = "nobody approved the request before its time ran out" }), cancellationToken);
        }
    }

    private async Task<IReadOnlyList<string>> RevokeTasksAsync(UnitOfWork unit, BreakGlassGrant grant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var reason = $"break-glass grant {grant.Id} ended";
        var revoked = await store.RevokeTasksAsync(unit, grant.Id, reason, at);
        await tokens.RecordEndedAsync(unit, Actor.System, "task.revoked", revoked,
            _ => new { assistant = grant.AssistantName, reason, breakGlassId = grant.Id }, cancellationToken);
        return revoked;
    }
}
