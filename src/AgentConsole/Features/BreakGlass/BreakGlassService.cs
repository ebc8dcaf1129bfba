using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.BreakGlass;

/// <summary>
/// Requests, approves, ends, expires and reviews grants. Each change and its audit record commit in one transaction,
/// which also publishes <see cref="ActiveGrants.ChangedTopic"/> so every node and every open page hears of it.
/// Every change locks the grant's row first, so concurrent approvals, ends, expiries and reviews give one outcome.
/// </summary>
public sealed class BreakGlassService(
    Database database,
    BreakGlassStore store,
    GrantRequests requests,
    GrantEnding ending,
    AssistantStore assistants,
    PublishedPolicy policies,
    AuditChain audit,
    ClusterSignals signals,
    IOptions<BreakGlassOptions> options,
    TimeProvider time)
{
    /// <summary>201 material: a grant that is active at once or pending one approval, as the policy says for the tier.
    /// 422 (<see cref="ValidationError"/>) for bad input or a duration over the tier's maximum or the hard cap.</summary>
    public Task<Outcome<BreakGlassGrant>> RequestAsync(Caller caller, BreakGlassRequest request, CancellationToken cancellationToken = default) =>
        requests.RequestAsync(caller, request, cancellationToken);

    public async Task<Outcome<BreakGlassGrant>> ApproveAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        if (await VisibleAsync(caller, id, cancellationToken) is { } missing)
        {
            return missing;
        }

        var policy = (await policies.CurrentAsync(cancellationToken)).Policy.BreakGlass;
        var now = time.GetUtcNow();
        return await ChangeAsync(id, async (unit, grant) =>
        {
            if (grant.RequestedById == caller.UserId)
            {
                return new ForbiddenError("You asked for this grant: someone else must approve it (separation of duties).");
            }

            if (!BreakGlassRules.MayApprove(caller, grant, policy))
            {
                return new ForbiddenError($"Only {string.Join(" or ", policy.Approvers)} may approve a break-glass request.");
            }

            if (await PendingProblemAsync(unit, grant, now, cancellationToken) is { } problem)
            {
                return problem;
            }

            await store.ApproveAsync(unit, grant.Id, caller.UserName, now);
            await audit.AppendAsync(unit, Entry(caller.Actor, "break-glass.approved", grant, new { assistant = grant.AssistantName, approvedAt = now }), cancellationToken);
            await audit.AppendAsync(unit, Entry(caller.Actor, "break-glass.started", grant,
                new { assistant = grant.AssistantName, startedAt = now, grant.ExpiresAt, reason = $"approved by {caller.UserName}" }), cancellationToken);
            return null;
        }, cancellationToken);
    }

    public async Task<Outcome<BreakGlassGrant>> RejectAsync(Caller caller, string id, string? comment, CancellationToken cancellationToken = default)
    {
        var reason = comment?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > options.Value.MaxText)
        {
            return ValidationError.For("comment", $"Say why you reject it (1 to {options.Value.MaxText} characters): the requester sees the reason.");
        }

        if (await VisibleAsync(caller, id, cancellationToken) is { } missing)
        {
            return missing;
        }

        var policy = (await policies.CurrentAsync(cancellationToken)).Policy.BreakGlass;
        var now = time.GetUtcNow();
        return await ChangeAsync(id, async (unit, grant) =>
        {
            if (!BreakGlassRules.MayApprove(caller, grant, policy))
            {
                return new ForbiddenError(grant.RequestedById == caller.UserId
                    ? "You asked for this grant: withdraw it with end instead."
                    : $"Only {string.Join(" or ", policy.Approvers)} may reject a break-glass request.");
            }

            if (await PendingProblemAsync(unit, grant, now, cancellationToken) is { } problem)
            {
                return problem;
            }

            await store.EndAsync(unit, grant.Id, BreakGlassStates.Pending, BreakGlassEndReasons.Rejected, now, caller.UserName, null);
            await audit.AppendAsync(unit, Entry(caller.Actor, "break-glass.rejected", grant, new { assistant = grant.AssistantName, comment = reason }), cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>Ends an active grant (or withdraws a pending request) early: requester or security.</summary>
    public async Task<Outcome<BreakGlassGrant>> EndAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        if (await VisibleAsync(caller, id, cancellationToken) is { } missing)
        {
            return missing;
        }

        var now = time.GetUtcNow();
        var reviewWithin = await ending.ReviewWithinAsync(cancellationToken);
        return await ChangeAsync(id, async (unit, grant) =>
        {
            if (!BreakGlassRules.MayEnd(caller, grant))
            {
                return new ForbiddenError("Only the person who asked for the grant or security may end it early.");
            }

            if (grant.State == BreakGlassStates.Ended)
            {
                return new ConflictError(Settled(grant));
            }

            if (grant.ExpiresAt <= now)
            {
                // Its time is up already; the sweeper has not caught up yet. Record what really happened.
                await ending.ExpireAsync(unit, grant, reviewWithin, cancellationToken);
                return new ConflictError($"The grant already {(grant.State == BreakGlassStates.Active ? "expired" : "lapsed")} at {Formats.When(grant.ExpiresAt)}.");
            }

            await ending.EndEarlyAsync(unit, grant, caller, now, reviewWithin, cancellationToken);
            return null;
        }, cancellationToken);
    }

    public async Task<Outcome<BreakGlassGrant>> ReviewAsync(Caller caller, string id, string? outcome, string? notes, CancellationToken cancellationToken = default)
    {
        if (await VisibleAsync(caller, id, cancellationToken) is { } missing)
        {
            return missing;
        }

        var errors = new Dictionary<string, string[]>();
        if (!ReviewOutcomes.All.Contains(outcome ?? "", StringComparer.Ordinal))
        {
            errors["outcome"] = [$"outcome must be one of {string.Join(", ", ReviewOutcomes.All)}."];
        }

        var text = notes?.Trim() ?? "";
        if (text.Length == 0 || text.Length > options.Value.MaxText)
        {
            errors["notes"] = [$"Write what you found (1 to {options.Value.MaxText} characters)."];
        }

        var now = time.GetUtcNow();
        return await ChangeAsync(id, async (unit, grant) =>
        {
            if (!BreakGlassRules.MayReview(caller, grant))
            {
                return new ForbiddenError(grant.RequestedById == caller.UserId
                    ? "You asked for this grant: someone else in compliance must review it."
                    : grant.ApprovedBy == caller.UserName
                        ? "You approved this grant: someone else in compliance must review it."
                        : "Only compliance reviews break-glass grants.");
            }

            if (errors.Count > 0)
            {
                return new ValidationError(errors);
            }

            if (!grant.AwaitsReview)
            {
                return new ConflictError(grant.ReviewOutcome is not null
                    ? $"Already reviewed by {grant.ReviewedBy} at {Formats.When(grant.ReviewedAt)} ({grant.ReviewOutcome})."
                    : grant.State != BreakGlassStates.Ended ? $"The grant is still {grant.State}: review it once it has ended."
                    : "The grant never started, so nothing was done under it to review.");
            }

            await store.ReviewAsync(unit, grant.Id, outcome!, text, caller.UserName, now);
            await audit.AppendAsync(unit, Entry(caller.Actor, "break-glass.reviewed", grant, new
            {
                assistant = grant.AssistantName, outcome, notes = text, overdue = grant.IsReviewOverdue(now), reviewDueAt = grant.ReviewDueAt,
            }), cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>The sweeper's work: ends grants whose time is up (and lapses unapproved requests), revokes the tasks that relied on them, audits, signals.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var due = await store.DueAsync(time.GetUtcNow(), cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var reviewWithin = await ending.ReviewWithinAsync(cancellationToken);
        var ended = 0;
        foreach (var id in due)
        {
            var expired = await database.InTransactionAsync(async unit =>
            {
                var grant = await store.LockAsync(unit, id);
                if (grant is null || grant.State == BreakGlassStates.Ended || grant.ExpiresAt > time.GetUtcNow())
                {
                    return false; // someone else ended it first
                }

                await ending.ExpireAsync(unit, grant, reviewWithin, cancellationToken);
                await signals.PublishAsync(unit, ActiveGrants.ChangedTopic, grant.Id, cancellationToken);
                return true;
            }, cancellationToken);
            ended += expired ? 1 : 0;
        }

        return ended;
    }

    /// <summary>404 when the grant does not exist or the caller may not see it.</summary>
    private async Task<ConsoleError?> VisibleAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var grant = await store.FindAsync(id, cancellationToken);
        if (grant is not null && (caller.SeesAll || grant.RequestedById == caller.UserId))
        {
            return null;
        }

        var assistant = grant is null ? null : await assistants.FindAsync(grant.AssistantName, time.GetUtcNow(), cancellationToken);
        return assistant is not null && BreakGlassRules.MaySee(caller, grant!, assistant) ? null : new NotFoundError("No break-glass grant has this id.");
    }

    /// <summary>Locks the grant, runs <paramref name="change"/> (null: it changed the grant), signals and answers the grant as it now is.</summary>
    private Task<Outcome<BreakGlassGrant>> ChangeAsync(string id, Func<UnitOfWork, BreakGlassGrant, Task<ConsoleError?>> change,
        CancellationToken cancellationToken) =>
        database.InTransactionAsync<Outcome<BreakGlassGrant>>(async unit =>
        {
            var grant = await store.LockAsync(unit, id);
            if (grant is null)
            {
                return new NotFoundError("No break-glass grant has this id.");
            }

            var problem = await change(unit, grant);
            var after = (await store.LockAsync(unit, id))!;
            if (after.State != grant.State || after.ReviewOutcome != grant.ReviewOutcome)
            {
                // Also when the answer is a refusal: a request found lapsed on the way is recorded and announced.
                await signals.PublishAsync(unit, ActiveGrants.ChangedTopic, grant.Id, cancellationToken);
            }

            return problem is null ? after : problem;
        }, cancellationToken);

    /// <summary>Why a pending request cannot be approved or rejected; a request past its expiry is lapsed on the spot.</summary>
    private async Task<ConsoleError?> PendingProblemAsync(UnitOfWork unit, BreakGlassGrant grant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (grant.State != BreakGlassStates.Pending)
        {
            return new ConflictError(Settled(grant));
        }

        if (grant.ExpiresAt <= now)
        {
            await ending.ExpireAsync(unit, grant, TimeSpan.Zero, cancellationToken);
            return new ConflictError($"The request lapsed at {Formats.When(grant.ExpiresAt)}: nobody approved it in time. Ask again if it is still needed.");
        }

        return null;
    }

    private static string Settled(BreakGlassGrant grant) => (grant.State, grant.EndReason) switch
    {
        (BreakGlassStates.Active, _) => $"The grant is already active (since {Formats.When(grant.StartedAt)}).",
        (_, BreakGlassEndReasons.Expired) => $"The grant expired at {Formats.When(grant.EndedAt)}.",
        (_, BreakGlassEndReasons.Lapsed) => $"The request lapsed at {Formats.When(grant.EndedAt)}: nobody approved it in time.",
        (_, BreakGlassEndReasons.Rejected) => $"The request was rejected by {grant.EndedBy} at {Formats.When(grant.EndedAt)}.",
        _ => $"The grant was ended by {grant.EndedBy} at {Formats.When(grant.EndedAt)}.",
    };

    internal static AuditEntry Entry(Actor actor, string action, BreakGlassGrant grant, object payload) =>
        new(actor, action, new Subject("break-glass", grant.Id), payload);
}
