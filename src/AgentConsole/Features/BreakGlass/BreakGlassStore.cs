using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.BreakGlass;

/// <summary>Reads and writes break-glass grants.</summary>
public sealed class BreakGlassStore(Database database)
{
    private ISqlDialect Dialect => database.Dialect;

    private string Sql(string name) => SqlText.For<BreakGlassStore>(name, Dialect);

    public Task<BreakGlassGrant?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<BreakGlassGrant>(Sql("SelectGrant") + " WHERE g.id = @Id", new { Id = id }, cancellationToken);

    /// <summary>Every grant in the active state (some may be past their expiry until the sweeper ends them).</summary>
    public async Task<IReadOnlyList<BreakGlassGrant>> ActiveAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync<BreakGlassGrant>(Sql("SelectGrant") + " WHERE g.state = @State ORDER BY g.expires_at",
            new { State = BreakGlassStates.Active }, cancellationToken);
}
