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
/// New grants: who may ask, what may be asked, for how long, whether it starts at once, and how often the same
/// exception came back (renewals are linked and counted; repeats past the policy's count are flagged).
/// </summary>
public sealed class GrantRequests(
    Database database,
    BreakGlassStore store,
    AssistantStore assistants,
    Catalogue catalogue,
    PublishedPolicy policies,
    AuditChain audit,
    ClusterSignals signals,
    IOptions<BreakGlassOptions> options,
    TimeProvider time)
{
    /// <summary>Checks the request against the inventory, the catalogue, the policy and the hard cap, then stores and audits it.</summary>
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

        var immediate = policy.For(assistant.RiskTier).Start == BreakGlassStart.Immediate;
        BreakGlassGrant Build(int repeatCount) => new()
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

        var stored = await database.InTransactionAsync<Outcome<BreakGlassGrant>>(async unit =>
        {
            // The assistant's row lock orders requests for one assistant, so each counts the ones before it, and a
            // suspension that committed meanwhile is seen.
            if (await assistants.FindAsync(unit, assistant.Name, now) is not { Status: AssistantStatus.Active })
            {
                return new ConflictError($"{assistant.Name} is no longer active: a grant cannot bring it back to work.");
            }

            var keys = asked.ExceptionKeys;
            var earlier = await store.ForAssistantAsync(unit, assistant.Id, now - policy.RepeatWindow);
            var grant = Build(earlier.Count(g => g.RequestedAt <= now && GrantKeys.Of(g).Overlaps(keys)) + 1);
            await store.InsertAsync(unit, grant);
            await audit.AppendAsync(unit, BreakGlassService.Entry(caller.Actor, "break-glass.requested", grant, new
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
                await audit.AppendAsync(unit, BreakGlassService.Entry(caller.Actor, "break-glass.started", grant,
                    new { assistant = assistant.Name, startedAt = grant.StartedAt, grant.ExpiresAt, reason = $"the policy starts {assistant.RiskTier}-tier grants at once" }),
                    cancellationToken);
            }

            await signals.PublishAsync(unit, ActiveGrants.ChangedTopic, grant.Id, cancellationToken);
            return grant;
        }, cancellationToken);
        return stored.IsSuccess ? (await store.FindAsync(stored.Value!.Id, cancellationToken))! : stored;
    }

    /// <summary>"becoming permanent": the audit record and the API say so when repeats pass the policy's count.</summary>
    public static string? FlagNote(BreakGlassGrant grant, BreakGlassPolicy policy) => grant.Flagged
        ? $"becoming permanent: {grant.RepeatCount} grants for {grant.AssistantName} with the same exception within {Window(policy.RepeatWindow)} (the policy allows {policy.RepeatCount})"
        : null;

    private static string Window(TimeSpan window) =>
        window.TotalDays >= 1 && window.Ticks % TimeSpan.TicksPerDay == 0
            ? $"{(long)window.TotalDays} days"
            : BreakGlassValidation.Describe(window);
}
