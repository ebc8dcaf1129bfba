using System.Security.Claims;
using System.Text;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Decisions;
using AgentConsole.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Approvals;

/// <summary>What the queue shows: environment, tier, assistant, and whether only requests waiting for the caller.</summary>
public sealed record QueueFilter(string? Environment = null, string? Tier = null, string? Assistant = null, bool NeedsMe = false);

/// <summary>A pending request with what the caller may do about it, and when it is due.</summary>
public sealed record QueueItem(ApprovalRequest Request, string? CannotApproveBecause, DateTimeOffset DueAt);

public sealed class RecentDecision
{
    public string Id { get; init; } = "";
    public string Action { get; init; } = "";
    public string Resource { get; init; } = "";
    public string Environment { get; init; } = "";
    public string State { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? ResultStatus { get; init; }
}

public sealed class ChainTask
{
    public string Id { get; init; } = "";
    public string AssistantName { get; init; } = "";
    public string Description { get; init; } = "";
    public string Environment { get; init; } = "";
    public string? OnBehalfOf { get; init; }
    public string State { get; init; } = "";
    public DateTimeOffset IssuedAt { get; init; }
}

/// <summary>Reads approval requests for the queue and the review page. Security, approvers and compliance see every request; owners those of their assistants.</summary>
public sealed class ApprovalRequests(Database database, DecisionStore decisions, IOptions<ApprovalOptions> options, TimeProvider time)
{
    private string Sql(string name) => SqlText.For<ApprovalRequests>(name, database.Dialect);

    public static bool MayOpen(Caller caller) => caller.MayRead;

    public static bool Sees(Caller caller, ApprovalRequest request) => caller.SeesAll || request.IsOwnedBy(caller.UserName);

    public static bool Sees(Caller caller, ApprovalEvent step) =>
        caller.SeesAll || string.Equals(step.OwnerName, caller.UserName, StringComparison.Ordinal)
                       || string.Equals(step.BackupOwnerName, caller.UserName, StringComparison.Ordinal);

    public async Task<IReadOnlyList<QueueItem>> PendingAsync(ClaimsPrincipal user, QueueFilter filter, CancellationToken cancellationToken = default)
    {
        var caller = Caller.From(user);
        var sql = new StringBuilder(Sql("SelectRequest")).Append(" WHERE d.state = 'pending'");
        if (!string.IsNullOrEmpty(filter.Environment)) sql.Append(" AND d.environment = @Environment");
        if (!string.IsNullOrEmpty(filter.Tier)) sql.Append(" AND a.risk_tier = @Tier");
        if (!string.IsNullOrEmpty(filter.Assistant)) sql.Append(" AND a.name = @Assistant");
        if (!caller.SeesAll) sql.Append(" AND (o.name = @Me OR b.name = @Me)");
        var requests = await database.QueryAsync<ApprovalRequest>(sql.Append(" ORDER BY d.created_at LIMIT 1000").ToString(),
            new { filter.Environment, filter.Tier, filter.Assistant, Me = caller.UserName }, cancellationToken);
        await AttachApprovalsAsync(requests, cancellationToken);
        var now = time.GetUtcNow();
        return requests
            .Where(r => r.ExpiresAt is null || r.ExpiresAt > now)
            .Select(r => Item(user, r))
            .Where(i => !filter.NeedsMe || i.CannotApproveBecause is null)
            .OrderBy(i => i.DueAt).ThenBy(i => i.Request.CreatedAt)
            .ToList();
    }

    public QueueItem Item(ClaimsPrincipal user, ApprovalRequest request) => new(request,
        request.IsPending ? ApprovalService.WhyNot(user, request.AsDecision(), request.Approvals) : ApprovalService.Settled(request.AsDecision()),
        request.DueAt(options.Value));

    public async Task<ApprovalRequest?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var request = await database.QuerySingleOrDefaultAsync<ApprovalRequest>(Sql("SelectRequest") + " WHERE d.id = @Id", new { Id = id }, cancellationToken);
        if (request is not null)
        {
            await AttachApprovalsAsync([request], cancellationToken);
        }

        return request;
    }

    public Task<StoredPlan?> PlanAsync(ApprovalRequest request, CancellationToken cancellationToken = default) =>
        request.PlanDigest is { } digest ? decisions.FindPlanAsync(digest, cancellationToken) : Task.FromResult<StoredPlan?>(null);

    public Task<IReadOnlyList<ApprovalEvent>> EventsAfterAsync(long after, int limit, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ApprovalEvent>(Sql("ApprovalSteps"), new { After = after, Limit = limit }, cancellationToken);

    public Task<long> LatestEventIdAsync(CancellationToken cancellationToken = default) =>
        database.ScalarAsync<long>(Sql("LatestStep"), cancellationToken: cancellationToken);

    public Task<IReadOnlyList<RecentDecision>> RecentOfAssistantAsync(ApprovalRequest request, int limit, CancellationToken cancellationToken = default) =>
        database.QueryAsync<RecentDecision>(Sql("RecentOfAssistant"), new { request.AssistantId, Except = request.Id, Limit = limit }, cancellationToken);

    /// <summary>The delegation chain, the planner first, ending with the task that asked.</summary>
    public async Task<IReadOnlyList<ChainTask>> ChainAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        var ids = request.ChainList.Append(request.TaskId).ToArray();
        var tasks = (await database.QueryAsync<ChainTask>(Sql("ChainTasks"), new { Ids = ids }, cancellationToken)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        return ids.Where(tasks.ContainsKey).Select(id => tasks[id]).ToList();
    }

    private async Task AttachApprovalsAsync(IReadOnlyList<ApprovalRequest> requests, CancellationToken cancellationToken)
    {
        var approvals = await decisions.ApprovalsAsync(requests.Select(r => r.Id).ToList(), cancellationToken);
        foreach (var request in requests)
        {
            request.Approvals = approvals[request.Id].ToList();
        }
    }
}
