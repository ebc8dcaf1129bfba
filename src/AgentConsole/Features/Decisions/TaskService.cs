using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>What an assistant asks for when it starts a task.</summary>
public sealed record TaskRequest(
    string? Description,
    string? Environment,
    IReadOnlyList<string>? Scopes,
    int? TtlSeconds,
    string? OnBehalfOf,
    string? ParentTaskId);

/// <summary>A new task: the token is shown here once and never again. <see cref="BreakGlass"/> names the grant it relies on, if any.</summary>
public sealed record IssuedTask(string TaskId, string Token, DateTimeOffset ExpiresAt, string Environment,
    IReadOnlyList<string> Scopes, string? OnBehalfOf, IReadOnlyList<string> Chain, bool TtlCapped, TaskGrant? BreakGlass = null);

/// <summary>The break-glass grant a task's extra scopes or environment come from: the task is usable only while it is in force.</summary>
public sealed record TaskGrant(string Id, string Incident, DateTimeOffset ExpiresAt);

/// <summary>Issues, completes and revokes per-task credentials. Every step is audited in its own transaction.</summary>
public sealed class TaskService(
    Database database,
    TaskStore store,
    TaskTokens tokens,
    AuditChain audit,
    ActiveGrants grants,
    IOptions<DecisionOptions> options,
    TimeProvider time) : IAssistantRevocation
{
    private const int MaxDescription = 2000;

    public async Task<Outcome<IssuedTask>> IssueAsync(AgentIdentity agent, TaskRequest request, CancellationToken cancellationToken = default)
    {
        var assistant = agent.Assistant;
        var errors = new Dictionary<string, string[]>();
        var description = request.Description?.Trim() ?? "";
        if (description.Length is 0 or > MaxDescription)
        {
            errors["description"] = [$"Say what the task is for (1 to {MaxDescription} characters)."];
        }

        if (string.IsNullOrWhiteSpace(request.Environment))
        {
            errors["environment"] = ["Name the environment the task works in."];
        }

        if (request.TtlSeconds is { } ttl && ttl < 1)
        {
            errors["ttlSeconds"] = ["ttlSeconds must be at least 1."];
        }

        if (request.Scopes is { } asked && asked.Any(string.IsNullOrWhiteSpace))
        {
            errors["scopes"] = ["Scopes must be scope names such as terraform:plan."];
        }

        var onBehalfOf = string.IsNullOrWhiteSpace(request.OnBehalfOf) ? null : request.OnBehalfOf.Trim();
        if (onBehalfOf is not null && !await store.IsActivePersonAsync(onBehalfOf, cancellationToken))
        {
            errors["onBehalfOf"] = [$"'{onBehalfOf}' is not an active person in the console; name the human who asked."];
        }

        AgentTask? parent = null;
        if (!string.IsNullOrWhiteSpace(request.ParentTaskId))
        {
            parent = await store.FindAsync(request.ParentTaskId.Trim(), cancellationToken);
            if (parent is null)
            {
                errors["parentTaskId"] = ["No task has this id."];
            }
        }

        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        var now = time.GetUtcNow();
        var environment = request.Environment!.Trim();
        var (grant, grantRefusal) = await GrantAsync(assistant, environment, request.Scopes, parent, now, cancellationToken);
        IReadOnlyList<string> scopes = [];
        var refusal = grantRefusal ?? Refusal(assistant, grant, environment, request.Scopes, parent, onBehalfOf, now, out scopes);
        if (refusal is not null)
        {
            await RefuseAsync(agent, "task.refused", refusal, new { environment, scopes = request.Scopes, parentTaskId = parent?.Id }, cancellationToken);
            return refusal;
        }

        var chain = parent is null ? [] : parent.ChainList.Append(parent.Id).ToList();
        if (chain.Count > options.Value.MaxChainDepth)
        {
            return ValidationError.For("parentTaskId", $"A delegation chain may have at most {options.Value.MaxChainDepth} hand-offs.");
        }

        var cap = options.Value.MaxTaskTtl(assistant.RiskTier);
        var wanted = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : cap;
        var lifetime = wanted > cap ? cap : wanted;
        var expiresAt = now + lifetime;
        if (parent is not null && parent.ExpiresAt < expiresAt)
        {
            expiresAt = parent.ExpiresAt; // a hand-off never outlives the task it came from
        }

        var token = TaskTokens.NewToken();
        var task = new AgentTask
        {
            Id = Guid.CreateVersion7(now).ToString(),
            AssistantId = assistant.Id,
            TokenHash = TaskTokens.Hash(token),
            Description = description,
            Environment = environment,
            Scopes = JsonSerializer.Serialize(scopes),
            OnBehalfOf = onBehalfOf ?? parent?.OnBehalfOf,
            ParentTaskId = parent?.Id,
            Chain = JsonSerializer.Serialize(chain),
            AuthenticatedBy = agent.AuthenticatedBy,
            State = TaskStates.Active,
            IssuedAt = now,
            ExpiresAt = expiresAt,
            BreakGlassId = grant?.Id,
        };
        var issued = await database.InTransactionAsync(async unit =>
        {
            if (grant is not null)
            {
                // The grant may have been ended since it was read from this node's copy: wait for an end in flight
                // (it holds the row) and check the stored grant, so no task is issued after its tasks were revoked.
                await store.LockGrantsAsync(unit, [grant.Id]);
                if (!store.GrantsInForce(unit, [grant.Id], now).Contains(grant.Id))
                {
                    return false;
                }
            }

            await store.InsertAsync(unit, task);
            await audit.AppendAsync(unit, new AuditEntry(Actor.Assistant(assistant.Name), "task.issued", new Subject("task", task.Id), new
            {
                assistant = assistant.Name,
                task.Description,
                environment,
                scopes,
                task.OnBehalfOf,
                parentTaskId = parent?.Id,
                chain,
                authenticatedBy = agent.AuthenticatedBy,
                expiresAt,
                ttlCapped = wanted > cap,
                breakGlassId = grant?.Id,
            }), cancellationToken);
            return true;
        }, cancellationToken);
        if (!issued)
        {
            return new ConflictError($"The break-glass grant {grant!.Id} ended while this task was being issued; without it the task is refused.");
        }

        return new IssuedTask(task.Id, token, expiresAt, environment, scopes, task.OnBehalfOf, chain, wanted > cap,
            grant is null ? null : new TaskGrant(grant.Id, grant.Incident, grant.ExpiresAt));
    }

    /// <summary>
    /// The break-glass grant the task would rely on: its parent's (a hand-off inherits it, and it must still be in
    /// force), or, when the assistant lacks the environment or some asked scope, a grant in force for the assistant that
    /// covers everything missing. None (and no refusal) when nothing is missing; the usual refusals follow then.
    /// </summary>
    private async Task<(BreakGlassGrant? Grant, ConsoleError? Refusal)> GrantAsync(Assistant assistant, string environment,
        IReadOnlyList<string>? asked, AgentTask? parent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (parent?.BreakGlassId is { } inherited)
        {
            return await grants.InForceAsync(inherited, now, cancellationToken) is { } parentGrant
                ? (parentGrant, null)
                : (null, new ConflictError($"The parent task {parent.Id} relied on break-glass grant {inherited}, which is no longer in force; a hand-off needs a live grant."));
        }

        var environmentMissing = !assistant.Environments.Contains(environment, StringComparer.Ordinal);
        var scopesMissing = (asked ?? []).Where(s => !assistant.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
        if (!environmentMissing && scopesMissing.Count == 0)
        {
            return (null, null);
        }

        foreach (var candidate in await grants.InForceForAsync(assistant.Id, now, cancellationToken))
        {
            if ((!environmentMissing || candidate.EnvironmentList.Contains(environment, StringComparer.Ordinal))
                && scopesMissing.All(s => candidate.ScopeList.Contains(s, StringComparer.Ordinal)))
            {
                return (candidate, null);
            }
        }

        return (null, null);
    }

    /// <summary>
    /// The scopes a task gets, or why it gets none: an environment or scope outside what the assistant (with the grant
    /// it relies on, if any) and its parent task hold.
    /// </summary>
    private static ConsoleError? Refusal(Assistant assistant, BreakGlassGrant? grant, string environment, IReadOnlyList<string>? asked,
        AgentTask? parent, string? onBehalfOf, DateTimeOffset now, out IReadOnlyList<string> scopes)
    {
        scopes = [];
        if (parent is not null && !parent.IsUsable(now))
        {
            return new ConflictError($"The parent task {parent.Id} has {(parent.State == TaskStates.Active ? "expired" : parent.State)}; a hand-off needs a live parent.");
        }

        // A grant widens only the assistant it was given to; a hand-off to another assistant still dies with it.
        var widening = grant?.AssistantId == assistant.Id ? grant : null;
        var held = widening is null ? assistant.Scopes : assistant.Scopes.Union(widening.ScopeList, StringComparer.Ordinal).ToList();
        if (!assistant.Environments.Contains(environment, StringComparer.Ordinal)
            && widening?.EnvironmentList.Contains(environment, StringComparer.Ordinal) != true)
        {
            return new ForbiddenError($"{assistant.Name} may not work in '{environment}'. Its environments: {string.Join(", ", assistant.Environments)}.");
        }

        if (parent is not null && parent.Environment != environment)
        {
            return new ForbiddenError($"A hand-off stays in its parent task's environment ({parent.Environment}).");
        }

        if (parent is not null && onBehalfOf is not null && parent.OnBehalfOf is not null && parent.OnBehalfOf != onBehalfOf)
        {
            return new ForbiddenError($"A hand-off works for the same person as its parent task ({parent.OnBehalfOf}).");
        }

        var outside = (asked ?? []).Where(s => !held.Contains(s, StringComparer.Ordinal)).ToList();
        if (outside.Count > 0)
        {
            return new ForbiddenError($"{assistant.Name} does not hold {string.Join(", ", outside)}. Its scopes: {string.Join(", ", assistant.Scopes)}.");
        }

        scopes = TaskScopes.Effective(asked ?? assistant.Scopes, held, parent?.ScopeList);
        return scopes.Count == 0
            ? new ForbiddenError(parent is null
                ? "The task would have no scopes."
                : $"None of the asked scopes is held by both this assistant and the parent task ({string.Join(", ", parent.ScopeList)}): a hand-off cannot widen scope.")
            : null;
    }

    public async Task<Outcome<AgentTask>> CompleteAsync(AgentTask task, string taskId, CancellationToken cancellationToken = default)
    {
        if (task.Id != taskId)
        {
            return new NotFoundError("This token belongs to another task.");
        }

        var now = time.GetUtcNow();
        var ended = await database.InTransactionAsync(async unit =>
        {
            if (!await store.EndAsync(unit, task.Id, TaskStates.Completed, "completed", now))
            {
                return false;
            }

            await tokens.RecordEndedAsync(unit, Actor.Assistant(task.AssistantName), "task.completed", [task.Id],
                _ => new { assistant = task.AssistantName, completedAt = now }, cancellationToken);
            return true;
        }, cancellationToken);
        tokens.Forget(task.Id);
        return ended ? (await store.FindAsync(task.Id, cancellationToken))! : new ConflictError("The task has already ended.");
    }

    /// <summary>Suspending or retiring an assistant revokes its open tasks in the same transaction.</summary>
    public async Task<int> RevokeAsync(UnitOfWork unit, Assistant assistant, string reason, DateTimeOffset now)
    {
        var revoked = await store.RevokeForAssistantAsync(unit, assistant.Id, $"assistant {reason}", now);
        await tokens.RecordEndedAsync(unit, Actor.System, "task.revoked", revoked, _ => new { assistant = assistant.Name, reason = $"assistant {reason}" });
        return revoked.Count;
    }

    /// <summary>Marks tasks whose time is up as expired (the token already stopped working at its expiry).</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await database.InTransactionAsync(async unit =>
        {
            var expired = (await store.ExpireAsync(unit, now)).ToDictionary(t => t.Id, StringComparer.Ordinal);
            await tokens.RecordEndedAsync(unit, Actor.System, "task.expired", expired.Keys, id => new { assistantId = expired[id].AssistantId },
                cancellationToken);
            return expired.Count;
        }, cancellationToken);
    }

    private async Task RefuseAsync(AgentIdentity agent, string action, ConsoleError refusal, object details, CancellationToken cancellationToken) =>
        await database.InTransactionAsync(async unit =>
        {
            await audit.AppendAsync(unit, new AuditEntry(Actor.Assistant(agent.Assistant.Name), action, new Subject("assistant", agent.Assistant.Name),
                new { status = refusal.StatusCode(), reason = refusal.Detail, details }), cancellationToken);
            return true;
        }, cancellationToken);
}
