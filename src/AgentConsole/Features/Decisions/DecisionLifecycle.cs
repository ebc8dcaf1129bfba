using System.Text.Json;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// What happens to a decision after it is made: agents wait on it (long-poll), it expires when nobody decides in
/// time or an approval goes unused, and the agent reports the result, which must carry the approved plan's digest.
/// </summary>
public sealed class DecisionLifecycle(
    Database database,
    DecisionStore store,
    DecisionSignals signals,
    AuditChain audit,
    IOptions<DecisionOptions> options,
    TimeProvider time)
{
    private const int MaxOutput = 64 * 1024;
    private const int MaxArtefacts = 100;

    /// <summary>The decision as the task sees it; waits up to <paramref name="wait"/> while it is pending.</summary>
    public async Task<Outcome<Decision>> GetAsync(AgentTask task, string id, TimeSpan wait, CancellationToken cancellationToken)
    {
        var decision = await store.FindAsync(id, cancellationToken);
        if (decision is null || decision.TaskId != task.Id)
        {
            return new NotFoundError("No decision with this id belongs to this task.");
        }

        decision = await ExpireIfDueAsync(decision, cancellationToken);
        if (decision.State != DecisionStates.Pending || wait <= TimeSpan.Zero)
        {
            return decision;
        }

        using var registration = signals.Register(id);
        // Read again after registering, so a settle that happened in between is seen.
        decision = await ExpireIfDueAsync((await store.FindAsync(id, cancellationToken))!, cancellationToken);
        if (decision.State != DecisionStates.Pending)
        {
            return decision;
        }

        // Wake on the settle signal, or when the request expires (whichever is first), or when the wait is over.
        var untilExpiry = decision.ExpiresAt is { } expires ? expires - time.GetUtcNow() : wait;
        var delay = untilExpiry < wait ? untilExpiry : wait;
        if (delay > TimeSpan.Zero)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(registration.Settled, Task.Delay(delay, time, timeout.Token));
            await timeout.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        decision = await ExpireIfDueAsync((await store.FindAsync(id, cancellationToken))!, cancellationToken);
        return decision;
    }

    /// <summary>
    /// Expiry is checked against the clock whenever a decision is read, so there is no window after it even if the
    /// sweeper is late: a pending decision becomes a deny; an approval nobody used is withdrawn.
    /// </summary>
    public async Task<Decision> ExpireIfDueAsync(Decision decision, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (decision.ExpiresAt is not { } expires || expires > now || decision.ResultStatus is not null
            || decision.State is not (DecisionStates.Pending or DecisionStates.Approved))
        {
            return decision;
        }

        await database.InTransactionAsync(async unit =>
        {
            var reason = decision.State == DecisionStates.Pending
                ? $"Nobody decided before {expires:u}; an expired request is a deny."
                : $"The approval was not used before it expired at {expires:u}.";
            if (await store.SettleAsync(unit, decision.Id, decision.State, DecisionStates.Expired, reason, "expiry", null, null, now))
            {
                await audit.AppendAsync(unit, new AuditEntry(Actor.System, "decision.expired", new Subject("decision", decision.Id),
                    new { previousState = decision.State, reason, expiresAt = expires }), cancellationToken);
                await signals.PublishSettledAsync(unit, decision.Id);
            }

            return true;
        }, cancellationToken);
        return (await store.FindAsync(decision.Id, cancellationToken))!;
    }

    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueAsync(time.GetUtcNow(), cancellationToken);
        foreach (var id in due)
        {
            if (await store.FindAsync(id, cancellationToken) is { } decision)
            {
                await ExpireIfDueAsync(decision, cancellationToken);
            }
        }

        return due.Count;
    }

    /// <summary>Records what the action did. A plan digest other than the approved one is refused and audited as a violation.</summary>
    public async Task<Outcome<Decision>> RecordResultAsync(AgentTask task, string id, ResultRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Status is not ("succeeded" or "failed"))
        {
            errors["status"] = ["status must be succeeded or failed."];
        }

        if (request.Output is { Length: > MaxOutput })
        {
            errors["output"] = [$"output may be at most {MaxOutput} characters."];
        }

        var artefacts = request.Artefacts ?? [];
        if (artefacts.Count > MaxArtefacts || artefacts.Any(a => a is null || string.IsNullOrWhiteSpace(a.Kind) || string.IsNullOrWhiteSpace(a.Id)))
        {
            errors["artefacts"] = [$"Each artefact needs a kind and an id (at most {MaxArtefacts} artefacts)."];
        }

        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        var found = await store.FindAsync(id, cancellationToken);
        if (found is null || found.TaskId != task.Id)
        {
            return new NotFoundError("No decision with this id belongs to this task.");
        }

        var decision = await ExpireIfDueAsync(found, cancellationToken);
        var now = time.GetUtcNow();
        var actor = Actor.Assistant(task.AssistantName);
        var subject = new Subject("decision", decision.Id);
        ConsoleError? violation = null;
        string? violationAction = null;
        if (!decision.IsAllowed)
        {
            (violation, violationAction) = (new ConflictError($"The decision is {decision.State}, not an allow: nothing may be executed under it."), "decision.violation");
        }
        else if (!string.Equals(request.PlanDigest, decision.PlanDigest, StringComparison.OrdinalIgnoreCase))
        {
            (violation, violationAction) = (new ConflictError(
                $"The executed plan's digest ({request.PlanDigest ?? "none"}) is not the one allowed ({decision.PlanDigest ?? "none"}): only the reviewed plan may run."),
                "decision.digest_mismatch");
        }
        else if (decision.ResultStatus is not null)
        {
            return new ConflictError($"A result was already recorded ({decision.ResultStatus} at {decision.ResultAt:u}).");
        }
        else if (decision.ExpiresAt is { } expires && expires <= now)
        {
            (violation, violationAction) = (new ConflictError($"The allow expired at {expires:u}; ask for a new decision."), "decision.violation");
        }

        // Stored as the API speaks it (camelCase), as the audit record has it.
        var result = JsonSerializer.Serialize(new { artefacts, output = request.Output, planDigest = request.PlanDigest }, JsonSerializerOptions.Web);
        var recorded = await database.InTransactionAsync(async unit =>
        {
            if (violation is not null)
            {
                await audit.AppendAsync(unit, new AuditEntry(actor, violationAction!, subject, new
                {
                    task = task.Id, reason = violation.Detail, reportedStatus = request.Status, reportedDigest = request.PlanDigest,
                    allowedDigest = decision.PlanDigest, state = decision.State, artefacts,
                }), cancellationToken);
                return true;
            }

            if (!await store.RecordResultAsync(unit, decision.Id, request.Status!, result, now))
            {
                return false;
            }

            await audit.AppendAsync(unit, new AuditEntry(actor, "decision.result", subject, new
            {
                task = task.Id, status = request.Status, planDigest = request.PlanDigest, artefacts, output = request.Output,
            }), cancellationToken);
            return true;
        }, cancellationToken);
        if (violation is not null)
        {
            return violation;
        }

        return recorded ? (await store.FindAsync(decision.Id, cancellationToken))! : new ConflictError("A result was already recorded.");
    }

    public TimeSpan WaitFor(int? seconds) =>
        TimeSpan.FromSeconds(Math.Clamp(seconds ?? 0, 0, options.Value.MaxWaitSeconds));
}
