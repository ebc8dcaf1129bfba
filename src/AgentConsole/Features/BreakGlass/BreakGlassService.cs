using AgentConsole.Features.Assistants;

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
/// </summary>
public sealed class BreakGlassService
{
    /// <summary>201 material: a grant that is active at once or pending one approval, as the policy says for the tier.
    /// 422 (<see cref="ValidationError"/>) for bad input or a duration over the tier's maximum or the hard cap.</summary>
    public Task<Outcome<BreakGlassGrant>> RequestAsync(Caller caller, BreakGlassRequest request, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<Outcome<BreakGlassGrant>> ApproveAsync(Caller caller, string id, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<Outcome<BreakGlassGrant>> RejectAsync(Caller caller, string id, string? comment, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Ends an active grant (or withdraws a pending request) early: requester or security.</summary>
    public Task<Outcome<BreakGlassGrant>> EndAsync(Caller caller, string id, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<Outcome<BreakGlassGrant>> ReviewAsync(Caller caller, string id, string? outcome, string? notes, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The sweeper's work: ends grants whose time is up (and lapses unapproved requests), revokes the tasks that relied on them, audits, signals.</summary>
    public Task<int> ExpireDueAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
