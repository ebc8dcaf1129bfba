using System.Text.Json;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Tests.Support;

/// <summary>
/// Break-glass grants put in place with plain SQL, for tests of what grants change elsewhere (tasks, decisions)
/// without going through the request and approval flow. Each change drops the node's copy of the grants in force,
/// as the real flow's cluster signal does.
/// </summary>
public static class Grants
{
    /// <summary>
    /// An active grant for <paramref name="assistant"/>, requested by <paramref name="by"/> now (the test clock) and
    /// expiring after <paramref name="duration"/>. Returns its id.
    /// </summary>
    public static async Task<string> GrantAsync(this ConsoleFactory app, string assistant, TimeSpan duration, string[]? scopes = null,
        string[]? environments = null, SkipApproval[]? skipApprovalFor = null, string incident = "INC-1", string by = "rhea")
    {
        var now = app.Clock.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        var person = (await app.Service<UserStore>().FindByNameAsync(by))!;
        var assistantId = (await app.AssistantAsync(assistant)).Id;
        await app.ExecuteAsync("""
            INSERT INTO break_glass_grants (id, assistant_id, requested_by, requested_by_id, justification, incident, duration_seconds,
                scopes, environments, skip_approval_for, state, policy_version, start_mode, requested_at, expires_at, started_at)
            VALUES (@Id, @AssistantId, @By, @ById, 'Incident response', @Incident, @Seconds,
                @Scopes, @Environments, @Skip, 'active', 1, 'immediate', @Now, @ExpiresAt, @Now)
            """, new
        {
            Id = id,
            AssistantId = assistantId,
            By = by,
            ById = person.Id,
            Incident = incident,
            Seconds = (int)duration.TotalSeconds,
            Scopes = JsonSerializer.Serialize(scopes ?? []),
            Environments = JsonSerializer.Serialize(environments ?? []),
            Skip = JsonSerializer.Serialize(skipApprovalFor ?? [], JsonSerializerOptions.Web),
            Now = now,
            ExpiresAt = now + duration,
        });
        return id;
    }

    /// <summary>Ends the grant early in the store, as if <paramref name="by"/> had; with <paramref name="tellNode"/> false the node's cached copy still has it.</summary>
    public static Task EndGrantAsync(this ConsoleFactory app, string id, string by = "rhea", bool tellNode = true) =>
        app.ExecuteAsync("UPDATE break_glass_grants SET state = 'ended', end_reason = 'ended', ended_at = @Now, ended_by = @By, review_due_at = @Now WHERE id = @Id",
            new { Id = id, By = by, Now = app.Clock.GetUtcNow() }, tellNode);

    private static async Task ExecuteAsync(this ConsoleFactory app, string sql, object parameters, bool tellNode = true)
    {
        await app.Service<Database>().InTransactionAsync(async unit => await unit.Connection.ExecuteAsync(sql, parameters, unit.Transaction));
        if (tellNode)
        {
            app.Service<ActiveGrants>().Invalidate();
        }
    }
}
