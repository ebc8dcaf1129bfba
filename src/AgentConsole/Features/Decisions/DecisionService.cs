using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Policies;
using AgentConsole.Infrastructure.Audit;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// Decides at request time: checks the task's scope, evaluates the published policy on the exact action, resource
/// and plan, signs a receipt for an allow, and answers only once the decision and its audit record are durable.
/// </summary>
public sealed class DecisionService(
    DecisionWriter writer,
    DecisionStore store,
    PublishedPolicy policies,
    Catalogue catalogue,
    Receipts receipts,
    DecisionGrants grants,
    IOptions<DecisionOptions> options,
    TimeProvider time)
{
    private const int MaxText = 64 * 1024;
    private readonly ConcurrentDictionary<(string, string), Task<Outcome<DecisionAnswer>>> _inFlight = new();

    public async Task<Outcome<DecisionAnswer>> DecideAsync(AgentTask task, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var key = request.IdempotencyKey;
        if (key is null)
        {
            return await DecideOnceAsync(task, request, cancellationToken);
        }

        // The same key returns the same decision: a stored one, or the one being made right now.
        if (await store.FindByKeyAsync(task.Id, key, cancellationToken) is { } existing)
        {
            return DecisionAnswer.From(existing);
        }

        var making = _inFlight.GetOrAdd((task.Id, key), _ => DecideOnceAsync(task, request, CancellationToken.None));
        try
        {
            return await making;
        }
        catch (System.Data.Common.DbException)
        {
            // Another node (or a retry that just missed the one in flight here) stored this key first: the unique
            // index refused the second row, and the caller gets the decision that was stored.
            if (await store.FindByKeyAsync(task.Id, key, cancellationToken) is { } stored)
            {
                return DecisionAnswer.From(stored);
            }

            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<(string, string), Task<Outcome<DecisionAnswer>>>((task.Id, key), making));
        }
    }

    private async Task<Outcome<DecisionAnswer>> DecideOnceAsync(AgentTask task, DecisionRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var action = request.Action!.Trim();
        var resource = request.Resource!.Trim();
        var actor = Actor.Assistant(task.AssistantName);
        var subject = new Subject("task", task.Id);
        var toolCall = request.ToolCall is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } call ? call.GetRawText() : null;

        if (!task.ScopeList.Contains(action, StringComparer.Ordinal))
        {
            var refusal = new ForbiddenError($"'{action}' is outside this task's scopes ({string.Join(", ", task.ScopeList)}).");
            await RefuseAsync(actor, subject, refusal, new { action, resource, prompt = request.Prompt, toolCall }, cancellationToken);
            return refusal;
        }

        var planBytes = request.Plan?.Content is { } content ? Encoding.UTF8.GetByteCount(content) : 0;
        if (planBytes > options.Value.MaxPlanBytes)
        {
            var refusal = new PayloadTooLargeError($"The plan is {planBytes:N0} bytes; the limit is {options.Value.MaxPlanBytes:N0}. Plans are never truncated: split the change.");
            await RefuseAsync(actor, subject, refusal, new { action, resource, planBytes }, cancellationToken);
            return refusal;
        }

        var policy = await policies.CurrentAsync(cancellationToken);
        var facts = request.Plan is { } plan ? PlanParser.Parse(plan.Format!, plan.Content!) : null;
        var digest = request.Plan is { } p ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Content!))) : null;
        // A task that relies on a break-glass grant is told no once the grant is not in force, whatever the policy says.
        BreakGlassGrant? reliedOn = null;
        PolicyDecision? verdict = null;
        if (task.BreakGlassId is { } grantId)
        {
            (reliedOn, verdict) = await grants.ReliedOnAsync(grantId, now, cancellationToken);
        }

        verdict ??= policy.Policy.Evaluate(new PolicyInput(task.AssistantName, task.RiskTier, task.LabelMap, task.Environment,
            catalogue.SensitivityOf(task.Environment), action, catalogue.IsWrite(action) ? ScopeAccess.Write : ScopeAccess.Read, resource, facts, task.OnBehalfOf));

        // Only a verdict that wants people can be changed by a grant's skipApprovalFor; deny stays deny.
        PolicyDecision? skipped = null;
        var skipping = verdict.Effect == PolicyEffect.RequireApproval
            ? await grants.SkippingAsync(task.AssistantId, action, resource, now, cancellationToken)
            : null;
        if (skipping is not null)
        {
            (skipped, verdict) = (verdict, DecisionGrants.Skipped(verdict, skipping));
        }

        // Nothing decided under a grant outlives it.
        var until = Earliest(task.ExpiresAt, reliedOn?.ExpiresAt, skipping?.ExpiresAt);
        var (state, expiresAt) = verdict.Effect switch
        {
            PolicyEffect.Allow => (DecisionStates.Allowed, (DateTimeOffset?)Earliest(now + options.Value.AllowLifetime, until)),
            PolicyEffect.RequireApproval => (DecisionStates.Pending, (DateTimeOffset?)Earliest(now + options.Value.PendingTimeout, until)),
            _ => (DecisionStates.Denied, (DateTimeOffset?)null),
        };
        var cited = skipping ?? reliedOn;
        var decision = new Decision
        {
            Id = Guid.CreateVersion7(now).ToString(),
            TaskId = task.Id,
            AssistantId = task.AssistantId,
            AssistantName = task.AssistantName,
            OnBehalfOf = task.OnBehalfOf,
            Action = action,
            Resource = resource,
            Environment = task.Environment,
            PlanDigest = digest,
            Prompt = request.Prompt,
            ToolCall = toolCall,
            IdempotencyKey = request.IdempotencyKey,
            State = state,
            Rule = verdict.Rule,
            Reason = verdict.Reason,
            Matched = JsonSerializer.Serialize(verdict.Matched),
            PolicyVersion = policy.Version,
            ApprovalsRequired = verdict.Approval?.Count ?? 0,
            ApproverRoles = JsonSerializer.Serialize(verdict.Approval?.Roles ?? []),
            ApprovalTtlSeconds = (int)(verdict.Approval?.Ttl.TotalSeconds ?? 0),
            CreatedAt = now,
            DecidedAt = state == DecisionStates.Pending ? null : now,
            DecidedBy = state == DecisionStates.Pending ? null : skipping is not null ? $"break-glass {skipping.Id}" : $"policy v{policy.Version}",
            ExpiresAt = expiresAt,
            BreakGlassId = cited?.Id ?? task.BreakGlassId,
            BreakGlassExpiresAt = cited?.ExpiresAt,
            BreakGlassEndedAt = cited?.EndedAt,
        };
        if (state == DecisionStates.Allowed)
        {
            decision.Receipt = await receipts.SignAsync(decision, task.AssistantName, [], expiresAt!.Value, cancellationToken);
        }

        var storedPlan = request.Plan is { } sent
            ? new StoredPlan { Digest = digest!, Format = sent.Format!, Content = sent.Content!, Facts = JsonSerializer.Serialize(facts), CreatedAt = now }
            : null;
        var audit = new AuditEntry(actor, $"decision.{state}", new Subject("decision", decision.Id),
            DecisionAuditPayload.Write(decision, task, toolCall, storedPlan, planBytes, facts, verdict, skipped));
        var ended = new AuditEntry(actor, "decision.refused", subject, new { status = 401, reason = "The task ended before the decision was written.", action, resource });
        var grantEnded = skipping is null ? null : new AuditEntry(actor, "decision.refused", subject,
            new { status = 409, reason = GrantEndedWhileDeciding(skipping.Id), action, resource, breakGlassId = skipping.Id });
        var outcome = await writer.WriteAsync(new DecisionWrite(decision, storedPlan, audit, ended, skipping?.Id, grantEnded), cancellationToken);
        return outcome switch
        {
            WriteOutcome.TaskEnded => new UnauthorizedError("The task token is no longer valid: the task ended."),
            WriteOutcome.GrantEnded => new ConflictError(GrantEndedWhileDeciding(skipping!.Id)),
            _ => DecisionAnswer.From(decision),
        };
    }

    private static string GrantEndedWhileDeciding(string id) =>
        $"The break-glass grant {id} that would have skipped the approval ended while this decision was made; ask again.";

    private static DateTimeOffset Earliest(DateTimeOffset first, params ReadOnlySpan<DateTimeOffset?> others)
    {
        foreach (var other in others)
        {
            if (other is { } at && at < first)
            {
                first = at;
            }
        }

        return first;
    }

    private async Task RefuseAsync(Actor actor, Subject subject, ConsoleError refusal, object details, CancellationToken cancellationToken) =>
        await writer.WriteAsync(new DecisionWrite(null, null, new AuditEntry(actor, "decision.refused", subject,
            new { status = refusal.StatusCode(), reason = refusal.Detail, details })), cancellationToken);

    private static ValidationError? Invalid(DecisionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Action))
        {
            errors["action"] = ["Name the action: a scope such as terraform:apply."];
        }

        if (string.IsNullOrWhiteSpace(request.Resource) || request.Resource.Length > 1000)
        {
            errors["resource"] = ["Name the resource acted on, e.g. aws/prod/vpc-main (at most 1000 characters)."];
        }

        if (request.Plan is { } plan)
        {
            if (!PlanFormats.IsKnown(plan.Format))
            {
                errors["plan.format"] = [$"The plan format must be one of {string.Join(", ", PlanFormats.All)}."];
            }

            if (plan.Content is null)
            {
                errors["plan.content"] = ["Send the plan's content."];
            }
        }

        if (request.Prompt is { Length: > MaxText })
        {
            errors["prompt"] = [$"The prompt may be at most {MaxText} characters."];
        }

        if (request.ToolCall is { } call && call.ValueKind != JsonValueKind.Undefined && call.GetRawText().Length > MaxText)
        {
            errors["toolCall"] = [$"The tool call may be at most {MaxText} characters of JSON."];
        }

        if (request.IdempotencyKey is { } key && (key.Length is 0 or > 200))
        {
            errors["idempotencyKey"] = ["An idempotency key has 1 to 200 characters."];
        }

        return errors.Count > 0 ? new ValidationError(errors) : null;
    }
}
