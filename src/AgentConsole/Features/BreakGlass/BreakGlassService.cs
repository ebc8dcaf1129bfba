using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.BreakGlass;

/// <summary>What a responder asks for (API body and form fields alike).</summary>
/// <param name="Assistant">The assistant's name.</param>
/// <param name="Justification">Why normal policy is not enough right now.</param>
/// <param name="Incident">The incident reference, e.g. INC-4211.</param>
/// <param name="DurationSeconds">1 second up to the tier's maximum, never above the hard cap.</param>
/// <param name="Scopes">Extra scopes the assistant may use while the grant is in force.</param>
/// <param name="Environments">Extra environments it may work in.</param>
/// <param name="SkipApprovalFor">Actions and resources (globs) whose approval the policy would require, skipped.</param>
/// <param name="Renews">The grant this one asks more time after (its successor, never an extension).</param>
public sealed record BreakGlassRequest(
    string? Assistant,
    string? Justification,
    string? Incident,
    int? DurationSeconds,
    IReadOnlyList<string>? Scopes,
    IReadOnlyList<string>? Environments,
    IReadOnlyList<SkipApproval>? SkipApprovalFor,
    string? Renews);

/// <summary>
/// Requests, approves, ends, expires and reviews grants. Each change and its audit record commit in one transaction,
/// which also publishes <see cref="ActiveGrants.ChangedTopic"/> so every node and every open page hears of it.
/// Every change locks the grant's row first, so concurrent approvals, ends, expiries and reviews give one outcome.
/// </summary>
public sealed class BreakGlassService(
    Database database,
    BreakGlassStore store,
    GrantEnding ending,
    AssistantStore assistants,
    Catalogue catalogue,
    PublishedPolicy policies,
    AuditChain audit,
    ClusterSignals signals,
    IOptions<BreakGlassOptions> options,
    TimeProvider time)
{
    /// <summary>201 material: a grant that is active at once or pending one approval, as the policy says for the tier.
    /// 422 (<see cref="ValidationError"/>) for bad input or a duration over the tier's maximum or the hard cap.</summary>
    public async Task<Outcome<BreakGlassGrant>> RequestAsync(Caller caller, BreakGlassRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Assistant))
        {
            return ValidationError.For("assistant", "Name the assistant the exception is for.");
        }

        var now = time.GetUtcNow();
        var assistant = await assistants.FindAsync(request.Assistant.Trim(), now, cancellationToken);
        if (assistant is null || !caller.Sees(assistant))
        {
            return new NotFoundError($"No assistant named '{request.Assistant.Trim()}' that you can see.");
        }

        if (!BreakGlassRules.MayRequest(caller, assistant))
        {
            return new ForbiddenError($"Only security, approvers, admins and {assistant.Name}'s owners may ask for a break-glass grant for it.");
        }

        if (assistant.Status != AssistantStatus.Active)
        {
            return new ConflictError($"{assistant.Name} is {assistant.Status}: a grant cannot bring it back to work.");
        }

        var active = await policies.CurrentAsync(cancellationToken);
        var policy = active.Policy.BreakGlass;
        var checkedOutcome = BreakGlassValidation.Check(request, assistant, catalogue, policy, options.Value);
        if (!checkedOutcome.IsSuccess)
        {
            return checkedOutcome.Error!;
        }

        var asked = checkedOutcome.Value!;
        BreakGlassGrant? renewed = null;
        if (!string.IsNullOrWhiteSpace(request.Renews))
        {
            renewed = await store.FindAsync(request.Renews.Trim(), cancellationToken);
            if (renewed is null || renewed.AssistantId != assistant.Id)
            {
                return ValidationError.For("renews", $"renews must name an earlier grant for {assistant.Name}.");
            }
        }

        var keys = asked.ExceptionKeys;
        var earlier = await store.ForAssistantAsync(assistant.Id, now - policy.RepeatWindow, cancellationToken);
        var repeatCount = earlier.Count(g => g.RequestedAt <= now && GrantKeys.Of(g).Overlaps(keys)) + 1;
        var immediate = policy.For(assistant.RiskTier).Start == BreakGlassStart.Immediate;
        var grant = new BreakGlassGrant
        {
            Id = "bg_" + Guid.CreateVersion7(now).ToString("N"),
            AssistantId = assistant.Id,
            AssistantName = assistant.Name,
            Team = assistant.Team,
            RiskTier = assistant.RiskTier,
            RequestedBy = caller.UserName,
            RequestedById = caller.UserId,
            Justification = asked.Justification,
            Incident = asked.Incident,
            DurationSeconds = asked.DurationSeconds,
            Scopes = JsonSerializer.Serialize(asked.Scopes),
            Environments = JsonSerializer.Serialize(asked.Environments),
            SkipApprovalFor = JsonSerializer.Serialize(asked.SkipApprovalFor, JsonSerializerOptions.Web),
            State = immediate ? BreakGlassStates.Active : BreakGlassStates.Pending,
            PolicyVersion = active.Version,
            StartMode = immediate ? "immediate" : "approval",
            RenewsId = renewed?.Id,
            RenewalNumber = renewed is null ? 0 : renewed.RenewalNumber + 1,
            RepeatCount = repeatCount,
            Flagged = repeatCount > policy.RepeatCount,
            RequestedAt = TimestampHandler.Truncate(now),
            ExpiresAt = TimestampHandler.Truncate(now + TimeSpan.FromSeconds(asked.DurationSeconds)),
            StartedAt = immediate ? TimestampHandler.Truncate(now) : null,
        };

        await database.InTransactionAsync(async unit =>
        {
            await store.InsertAsync(unit, grant);
            await audit.AppendAsync(unit, Entry(caller.Actor, "break-glass.requested", grant, new
            {
                assistant = assistant.Name,
                tier = assistant.RiskTier,
                grant.Justification,
                grant.Incident,
                grant.DurationSeconds,
                scopes = asked.Scopes,
                environments = asked.Environments,
                skipApprovalFor = asked.SkipApprovalFor,
                startMode = grant.StartMode,
                policyVersion = grant.PolicyVersion,
                grant.ExpiresAt,
                renews = grant.RenewsId,
                grant.RenewalNumber,
                grant.RepeatCount,
                grant.Flagged,
                flag = FlagNote(grant, policy),
            }), cancellationToken);
            if (immediate)
            {
                await audit.AppendAsync(unit, Entry(caller.Actor, "break-glass.started", grant,
                    new { assistant = assistant.Name, startedAt = grant.StartedAt, grant.ExpiresAt, reason = $"the policy starts {assistant.RiskTier}-tier grants at once" }),
                    cancellationToken);
            }

            await signals.PublishAsync(unit, ActiveGrants.ChangedTopic, grant.Id, cancellationToken);
            return true;
        }, cancellationToken);
        return (await store.FindAsync(grant.Id, cancellationToken))!;
    }

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

    /// <summary>"becoming permanent": the audit record and the API say so when repeats pass the policy's count.</summary>
    public static string? FlagNote(BreakGlassGrant grant, BreakGlassPolicy policy) => grant.Flagged
        ? $"becoming permanent: {grant.RepeatCount} grants for {grant.AssistantName} with the same exception within {Window(policy.RepeatWindow)} (the policy allows {policy.RepeatCount})"
        : null;

    private static string Window(TimeSpan window) =>
        window.TotalDays >= 1 && window.Ticks % TimeSpan.TicksPerDay == 0
            ? $"{(long)window.TotalDays} days"
            : BreakGlassValidation.Describe(window);

    internal static AuditEntry Entry(Actor actor, string action, BreakGlassGrant grant, object payload) =>
        new(actor, action, new Subject("break-glass", grant.Id), payload);
}
