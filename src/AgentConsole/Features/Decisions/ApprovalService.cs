using AgentConsole.Features.Assistants;
using System.Security.Claims;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Auth;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.Decisions;

/// <summary>A person's verdict as sent: approve or deny, with an optional comment.</summary>
public sealed record VerdictRequest(string? Verdict, string? Comment);

/// <summary>A pending decision with the verdicts given so far, and whether the caller may add theirs.</summary>
public sealed record ApprovalView(Decision Decision, IReadOnlyList<Approval> Approvals, string? CannotApproveBecause);

/// <summary>
/// Human approval of pending decisions, the same rules for the API and the console: only the roles the rule names,
/// never the person on whose behalf the agent works, N distinct people, any deny ends it. Each verdict locks the
/// decision's row, so many concurrent verdicts give exactly one outcome.
/// </summary>
public sealed class ApprovalService(
    Database database,
    DecisionStore store,
    TaskStore tasks,
    DecisionLifecycle lifecycle,
    DecisionSignals signals,
    Receipts receipts,
    AuditChain audit,
    TimeProvider time)
{
    private const int MaxComment = 2000;

    public async Task<Outcome<ApprovalView>> DecideAsync(ClaimsPrincipal person, string decisionId, VerdictRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Verdict is not (Verdicts.Approve or Verdicts.Deny))
        {
            return ValidationError.For("verdict", "verdict must be approve or deny.");
        }

        var comment = request.Comment?.Trim() ?? "";
        if (comment.Length > MaxComment)
        {
            return ValidationError.For("comment", $"A comment may be at most {MaxComment} characters.");
        }

        if (request.Verdict == Verdicts.Deny && comment.Length == 0)
        {
            return ValidationError.For("comment", "Say why you deny: the agent and its owner see the reason.");
        }

        if (await store.FindAsync(decisionId, cancellationToken) is not { } found)
        {
            return new NotFoundError("No decision has this id.");
        }

        await lifecycle.ExpireIfDueAsync(found, cancellationToken);
        var userId = person.UserId()!.Value;
        var userName = person.Identity!.Name!;
        var actor = Actor.User(userName);
        var now = time.GetUtcNow();
        return await database.InTransactionAsync<Outcome<ApprovalView>>(async unit =>
        {
            var decision = (await store.LockAsync(unit, decisionId))!;
            if (decision.BreakGlassId is { } grantId)
            {
                // An early end of the grant in flight holds its row: wait for it and read the decision (and its grant) again.
                await tasks.LockGrantsAsync(unit, [grantId]);
                decision = (await store.FindAsync(unit, decisionId))!;
            }

            var approvals = await store.ApprovalsAsync(unit, decisionId);
            if (decision.State != DecisionStates.Pending)
            {
                return new ConflictError(Settled(decision));
            }

            if (WhyNot(person, decision, approvals) is { } refusal)
            {
                await audit.AppendAsync(unit, new AuditEntry(actor, "approval.refused", new Subject("decision", decisionId),
                    new { verdict = request.Verdict, reason = refusal }), cancellationToken);
                return new ForbiddenError(refusal); // the refusal's audit record still commits
            }

            if (GrantEnded(decision, now) is { } ended)
            {
                // Made under a break-glass grant that has since ended: nothing may be approved under it any more.
                await store.SettleAsync(unit, decisionId, DecisionStates.Pending, DecisionStates.Expired, ended, "break-glass", null, null, now);
                await audit.AppendAsync(unit, new AuditEntry(Actor.System, "decision.expired", new Subject("decision", decisionId),
                    new { previousState = decision.State, reason = ended, breakGlassId = decision.BreakGlassId }), cancellationToken);
                await signals.PublishSettledAsync(unit, decisionId);
                return new ConflictError(ended);
            }

            var approval = new Approval
            {
                DecisionId = decisionId, UserId = userId, UserName = userName, Verdict = request.Verdict, Comment = comment, DecidedAt = now,
            };
            await store.InsertApprovalAsync(unit, approval);
            approvals = [.. approvals, approval];
            var approvers = approvals.Where(a => a.Verdict == Verdicts.Approve).Select(a => a.UserName).ToList();
            await audit.AppendAsync(unit, new AuditEntry(actor, $"approval.{request.Verdict}", new Subject("decision", decisionId), new
            {
                verdict = request.Verdict, comment, approvalsSoFar = approvers.Count, required = decision.ApprovalsRequired,
                planDigest = decision.PlanDigest,
            }), cancellationToken);

            if (request.Verdict == Verdicts.Deny)
            {
                var reason = $"Denied by {userName}: {comment}";
                await store.SettleAsync(unit, decisionId, DecisionStates.Pending, DecisionStates.Rejected, reason, userName, null, null, now);
                await audit.AppendAsync(unit, new AuditEntry(actor, "decision.rejected", new Subject("decision", decisionId), new { reason }), cancellationToken);
                await signals.PublishSettledAsync(unit, decisionId);
            }
            else if (approvers.Count >= decision.ApprovalsRequired)
            {
                // The approval binds the plan that was reviewed and lasts only its TTL, never beyond the task.
                var ttlEnds = now + TimeSpan.FromSeconds(Math.Max(1, decision.ApprovalTtlSeconds));
                var expiresAt = ttlEnds < decision.TaskExpiresAt ? ttlEnds : decision.TaskExpiresAt;
                if (decision.BreakGlassExpiresAt is { } grantEnds && grantEnds < expiresAt)
                {
                    expiresAt = grantEnds; // nor beyond the break-glass grant it was made under
                }

                var receipt = await receipts.SignAsync(decision, decision.AssistantName, approvers, expiresAt, cancellationToken);
                var reason = $"Approved by {string.Join(" and ", approvers)}.";
                await store.SettleAsync(unit, decisionId, DecisionStates.Pending, DecisionStates.Approved, reason, string.Join(",", approvers), expiresAt, receipt, now);
                await audit.AppendAsync(unit, new AuditEntry(actor, "decision.approved", new Subject("decision", decisionId),
                    new { approvers, planDigest = decision.PlanDigest, expiresAt }), cancellationToken);
                await signals.PublishSettledAsync(unit, decisionId);
            }
            else
            {
                await signals.PublishVerdictAsync(unit, decisionId); // open screens show "1 of 2"
            }

            return new ApprovalView((await store.FindAsync(unit, decisionId))!, approvals, null);
        }, cancellationToken);
    }

    /// <summary>Pending decisions the caller may act on (or, for other states, recent ones they could see).</summary>
    public async Task<IReadOnlyList<ApprovalView>> ListAsync(ClaimsPrincipal person, string state, int limit, CancellationToken cancellationToken = default)
    {
        var decisions = await store.ListAsync(state, state == DecisionStates.Pending ? 1000 : limit, cancellationToken);
        var approvals = await store.ApprovalsAsync(decisions.Select(d => d.Id).ToList(), cancellationToken);
        var now = time.GetUtcNow();
        return decisions
            .Where(d => state != DecisionStates.Pending || d.ExpiresAt is null || d.ExpiresAt > now)
            .Select(d => new ApprovalView(d, approvals[d.Id].ToList(), d.State == DecisionStates.Pending ? WhyNot(person, d, approvals[d.Id].ToList()) : null))
            .Where(v => state != DecisionStates.Pending || v.CannotApproveBecause is null)
            .OrderBy(v => v.Decision.CreatedAt)
            .Take(limit)
            .ToList();
    }

    private static string? GrantEnded(Decision decision, DateTimeOffset now) =>
        decision.BreakGlassId is { } grant && (decision.BreakGlassEndedAt is not null || decision.BreakGlassExpiresAt <= now)
            ? $"The break-glass grant {grant} this decision was made under has ended; nothing may be approved under it."
            : null;

    // decided_by keeps every approver, comma-separated.
    private static string People(string? decidedBy) => string.Join(" and ", (decidedBy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));

    public static string? WhyNot(ClaimsPrincipal person, Decision decision, IReadOnlyList<Approval> approvals)
    {
        var name = person.Identity?.Name;
        var roles = decision.ApproverRoleList;
        if (!roles.Any(person.IsInRole))
        {
            return $"Only {string.Join(" or ", roles)} may approve this decision.";
        }

        if (string.Equals(name, decision.OnBehalfOf, StringComparison.Ordinal))
        {
            return "The agent works on your behalf: someone else must approve (separation of duties).";
        }

        return approvals.Any(a => a.UserName == name) ? "You have already given your verdict on this decision." : null;
    }

    public static string Settled(Decision decision) => decision.State switch
    {
        DecisionStates.Approved => $"Already approved by {People(decision.DecidedBy)} at {Formats.When(decision.DecidedAt)}.",
        DecisionStates.Rejected => $"Already denied by {People(decision.DecidedBy)} at {Formats.When(decision.DecidedAt)}.",
        DecisionStates.Expired => $"Expired at {Formats.When(decision.DecidedAt)}: nobody decided in time.",
        _ => $"The decision is {decision.State}; there is nothing to approve.",
    };
}
