using System.Data.Common;
using System.Text;
using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Assistants;

/// <summary>Reads and writes assistants. Writes take the caller's unit of work so they commit with their audit record.</summary>
public sealed class AssistantStore(Database database, Catalogue catalogue)
{
    private string Sql(string name) => SqlText.For<AssistantStore>(name, database.Dialect);

    private object Clock(DateTimeOffset now) => new { Now = now, LongLivedBefore = now.AddDays(-catalogue.Options.SecretMaxAgeDays) };

    public async Task<Assistant?> FindAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, name, now);
    }

    /// <summary>
    /// Reads an assistant inside a unit of work that is about to change it, locking its row first (PostgreSQL; SQLite's
    /// write transaction already excludes other writers) so that concurrent changes cannot undo each other.
    /// </summary>
    public async Task<Assistant?> FindAsync(UnitOfWork unit, string name, DateTimeOffset now)
    {
        await unit.Connection.ExecuteScalarAsync<long?>(Sql("Lock"), new { Name = name }, unit.Transaction);
        return await FindAsync(unit.Connection, unit.Transaction, name, now);
    }

    /// <summary>Records that an assistant used a credential (its last activity and the secret's last use).</summary>
    public async Task TouchAsync(long assistantId, long secretId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Sql("Touch"), new { Id = secretId, AssistantId = assistantId, Now = now },
            cancellationToken: cancellationToken));
    }

    private async Task<Assistant?> FindAsync(DbConnection connection, DbTransaction? transaction, string name, DateTimeOffset now)
    {
        var parameters = new DynamicParameters(Clock(now));
        parameters.Add("Name", name);
        var assistant = await connection.QuerySingleOrDefaultAsync<Assistant>(Sql("Select") + " WHERE a.name = @Name", parameters, transaction);
        if (assistant is not null)
        {
            await FillPrivilegesAsync(connection, transaction, [assistant]);
        }

        return assistant;
    }

    public async Task<AssistantPage> ListAsync(AssistantFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        const string From = " FROM assistants a JOIN users o ON o.id = a.owner_id LEFT JOIN users b ON b.id = a.backup_owner_id";
        var (where, parameters) = Where(filter, now);
        parameters.Add("Limit", filter.PageSize);
        parameters.Add("Offset", (filter.Page - 1) * filter.PageSize);

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*)" + From + where, parameters, cancellationToken: cancellationToken));
        // The page's ids first, then the full rows (with their per-row flags) for those ids only:
        // a deep OFFSET then skips bare ids instead of computing flags for every skipped row.
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT a.id" + From + where + OrderBy(filter) + " LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken))).AsList();
        var rows = new DynamicParameters(Clock(now));
        rows.Add("Ids", ids.ToArray());
        var inIds = database.Dialect.Engine == "postgres" ? " WHERE a.id = ANY(@Ids)" : " WHERE a.id IN @Ids";
        var found = (await connection.QueryAsync<Assistant>(new CommandDefinition(Sql("Select") + inIds, rows, cancellationToken: cancellationToken)))
            .ToDictionary(a => a.Id);
        var items = ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
        await FillPrivilegesAsync(connection, null, items);
        return new AssistantPage(items, total, filter.Page, filter.PageSize);
    }

    public async Task<InventorySummary> SummaryAsync(DateTimeOffset now, long? visibleToUserId, CancellationToken cancellationToken = default)
    {
        var sql = Sql("Summary") + (visibleToUserId is null ? "" : " WHERE (a.owner_id = @UserId OR a.backup_owner_id = @UserId)");
        return (await database.QuerySingleOrDefaultAsync<InventorySummary>(sql, new
        {
            Now = now,
            IdleBefore = now.AddDays(-catalogue.Options.IdleAfterDays),
            LongLivedBefore = now.AddDays(-catalogue.Options.SecretMaxAgeDays),
            True = true,
            UserId = visibleToUserId,
        }, cancellationToken))!;
    }

    public async Task<IReadOnlyList<string>> TeamsAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync<string>(Sql("Teams"), cancellationToken: cancellationToken);

    public async Task<long> InsertAsync(UnitOfWork unit, NewAssistantRow row, Privileges privileges, DateTimeOffset now)
    {
        var id = await unit.Connection.ExecuteScalarAsync<long>(Sql("Insert"), new
        {
            row.Name,
            row.DisplayName,
            row.Description,
            row.OwnerId,
            row.BackupOwnerId,
            row.Team,
            RiskTier = privileges.Tier,
            row.Labels,
            row.CreatedBy,
            Now = now,
            NextReviewAt = now + catalogue.ReviewInterval(privileges.Tier),
        }, unit.Transaction);
        await SetPrivilegesAsync(unit, id, Privileges.None, privileges, now);
        return id;
    }

    public Task UpdateAsync(UnitOfWork unit, long id, AssistantRow row, DateTimeOffset nextReviewAt, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("Update"), new
        {
            Id = id,
            row.DisplayName,
            row.Description,
            row.OwnerId,
            row.BackupOwnerId,
            row.Team,
            row.RiskTier,
            row.Labels,
            NextReviewAt = nextReviewAt,
            Now = now,
        }, unit.Transaction);

    /// <summary>Adds and removes environment and scope grants so that the assistant holds exactly <paramref name="after"/>.</summary>
    public async Task SetPrivilegesAsync(UnitOfWork unit, long id, Privileges before, Privileges after, DateTimeOffset now)
    {
        foreach (var environment in before.Environments.Where(e => !after.Environments.Contains(e)))
        {
            await unit.Connection.ExecuteAsync(Sql("DeleteEnvironment"), new { Id = id, Environment = environment }, unit.Transaction);
        }

        foreach (var environment in after.Environments.Where(e => !before.Environments.Contains(e)))
        {
            await unit.Connection.ExecuteAsync(Sql("InsertEnvironment"), new { Id = id, Environment = environment, Now = now }, unit.Transaction);
        }

        foreach (var scope in before.Scopes.Where(s => !after.Scopes.Contains(s)))
        {
            await unit.Connection.ExecuteAsync(Sql("DeleteScope"), new { Id = id, Scope = scope }, unit.Transaction);
        }

        foreach (var scope in after.Scopes.Where(s => !before.Scopes.Contains(s)))
        {
            await unit.Connection.ExecuteAsync(Sql("InsertScope"), new { Id = id, Scope = scope, Now = now }, unit.Transaction);
        }
    }

    public Task SetStatusAsync(UnitOfWork unit, long id, string status, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("SetStatus"), new { Id = id, Status = status, Now = now }, unit.Transaction);

    public Task RecertifyAsync(UnitOfWork unit, long id, string reviewedBy, DateTimeOffset nextReviewAt, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("Recertify"), new { Id = id, ReviewedBy = reviewedBy, NextReviewAt = nextReviewAt, Now = now }, unit.Transaction);

    // Changes

    public Task<long> InsertChangeAsync(UnitOfWork unit, long assistantId, PendingGrant widening, string reason, string requestedBy, DateTimeOffset now) =>
        unit.Connection.ExecuteScalarAsync<long>(Sql("InsertChange"), new
        {
            AssistantId = assistantId,
            RiskTier = widening.Tier,
            AddScopes = System.Text.Json.JsonSerializer.Serialize(widening.AddScopes),
            AddEnvironments = System.Text.Json.JsonSerializer.Serialize(widening.AddEnvironments),
            Reason = reason,
            RequestedBy = requestedBy,
            Now = now,
        }, unit.Transaction);

    public async Task<IReadOnlyList<AssistantChange>> ChangesAsync(long? assistantId, string? state, int limit = 200, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<AssistantChange>(Sql("Changes"), new { AssistantId = assistantId, State = state, Limit = limit }, cancellationToken);

    public async Task<IReadOnlyList<AssistantChange>> ChangesAsync(UnitOfWork unit, long assistantId, string state) =>
        (await unit.Connection.QueryAsync<AssistantChange>(Sql("Changes"),
            new { AssistantId = (long?)assistantId, State = state, Limit = 1000 }, unit.Transaction)).AsList();

    public Task<AssistantChange?> FindChangeAsync(UnitOfWork unit, long assistantId, long id) =>
        unit.Connection.QuerySingleOrDefaultAsync<AssistantChange>(Sql("FindChange"), new { Id = id, AssistantId = assistantId }, unit.Transaction);

    /// <summary>Settles a pending change; false when someone else settled it first.</summary>
    public async Task<bool> DecideChangeAsync(UnitOfWork unit, long id, string state, string decidedBy, string? comment, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("DecideChange"),
            new { Id = id, State = state, DecidedBy = decidedBy, Comment = comment, Now = now }, unit.Transaction) == 1;

    public Task<int> RejectPendingChangesAsync(UnitOfWork unit, long assistantId, string decidedBy, string comment, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("RejectPendingChanges"),
            new { AssistantId = assistantId, DecidedBy = decidedBy, Comment = comment, Now = now }, unit.Transaction);

    // Secrets

    public Task<long> InsertSecretAsync(UnitOfWork unit, long assistantId, string prefix, string hash, string createdBy, DateTimeOffset createdAt, DateTimeOffset expiresAt) =>
        unit.Connection.ExecuteScalarAsync<long>(Sql("InsertSecret"), new
        {
            AssistantId = assistantId,
            Prefix = prefix,
            SecretHash = hash,
            CreatedBy = createdBy,
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
        }, unit.Transaction);

    public async Task<IReadOnlyList<AssistantSecret>> SecretsAsync(long assistantId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<AssistantSecret>(Sql("SecretsOf"), new { AssistantId = assistantId }, cancellationToken);

    public async Task<IReadOnlyList<AssistantSecret>> SecretsAsync(UnitOfWork unit, long assistantId) =>
        (await unit.Connection.QueryAsync<AssistantSecret>(Sql("SecretsOf"), new { AssistantId = assistantId }, unit.Transaction)).AsList();

    public async Task<bool> RevokeSecretAsync(UnitOfWork unit, long assistantId, long id, string reason, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("RevokeSecret"), new { Id = id, AssistantId = assistantId, Reason = reason, Now = now }, unit.Transaction) == 1;

    public Task<int> RevokeAllSecretsAsync(UnitOfWork unit, long assistantId, string reason, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("RevokeAllSecrets"), new { AssistantId = assistantId, Reason = reason, Now = now }, unit.Transaction);

    public async Task<bool> ReplaceSecretAsync(UnitOfWork unit, long assistantId, long id, long replacedBy, DateTimeOffset validUntil, DateTimeOffset now) =>
        await unit.Connection.ExecuteAsync(Sql("ReplaceSecret"),
            new { Id = id, AssistantId = assistantId, ReplacedBy = replacedBy, ValidUntil = validUntil, Now = now }, unit.Transaction) == 1;

    public Task<AssistantSecret?> FindSecretByHashAsync(string hash, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<AssistantSecret>(Sql("FindSecretByHash"), new { SecretHash = hash }, cancellationToken);

    // Issuers and workload identities

    public async Task<IReadOnlyList<TrustedIssuer>> IssuersAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync<TrustedIssuer>(Sql("Issuers"), cancellationToken: cancellationToken);

    public Task<long> InsertIssuerAsync(UnitOfWork unit, TrustedIssuer issuer) =>
        unit.Connection.ExecuteScalarAsync<long>(Sql("InsertIssuer"), issuer, unit.Transaction);

    public async Task<bool> DeleteIssuerAsync(UnitOfWork unit, string name) =>
        await unit.Connection.ExecuteAsync(Sql("DeleteIssuer"), new { Name = name }, unit.Transaction) == 1;

    public async Task<IReadOnlyList<WorkloadIdentity>> IdentitiesAsync(long assistantId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<WorkloadIdentity>(Sql("IdentitiesOf"), new { AssistantId = assistantId }, cancellationToken);

    public Task<long> InsertIdentityAsync(UnitOfWork unit, long assistantId, long issuerId, string subject, string createdBy, DateTimeOffset now) =>
        unit.Connection.ExecuteScalarAsync<long>(Sql("InsertIdentity"),
            new { AssistantId = assistantId, IssuerId = issuerId, Subject = subject, CreatedBy = createdBy, CreatedAt = now }, unit.Transaction);

    public async Task<bool> DeleteIdentityAsync(UnitOfWork unit, long assistantId, long id) =>
        await unit.Connection.ExecuteAsync(Sql("DeleteIdentity"), new { Id = id, AssistantId = assistantId }, unit.Transaction) == 1;

    private async Task FillPrivilegesAsync(DbConnection connection, DbTransaction? transaction, List<Assistant> assistants)
    {
        if (assistants.Count == 0)
        {
            return;
        }

        var ids = assistants.Select(a => a.Id).ToArray();
        var environments = (await connection.QueryAsync<(long AssistantId, string Environment)>(Sql("EnvironmentsOf"), new { Ids = ids }, transaction))
            .ToLookup(r => r.AssistantId, r => r.Environment);
        var scopes = (await connection.QueryAsync<(long AssistantId, string Scope)>(Sql("ScopesOf"), new { Ids = ids }, transaction))
            .ToLookup(r => r.AssistantId, r => r.Scope);
        foreach (var assistant in assistants)
        {
            assistant.Environments = environments[assistant.Id].ToList();
            assistant.Scopes = scopes[assistant.Id].ToList();
        }
    }

    private (string Where, DynamicParameters Parameters) Where(AssistantFilter filter, DateTimeOffset now)
    {
        var parameters = new DynamicParameters(Clock(now));
        var where = new StringBuilder(" WHERE 1 = 1");
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            // LOWER(...) LIKE works the same on both engines; the pattern's own wildcards are escaped.
            var pattern = "%" + filter.Query.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            parameters.Add("Query", pattern);
            where.Append(" AND (LOWER(a.name) LIKE @Query ESCAPE '\\' OR LOWER(a.display_name) LIKE @Query ESCAPE '\\'"
                         + " OR LOWER(a.description) LIKE @Query ESCAPE '\\' OR LOWER(a.team) LIKE @Query ESCAPE '\\')");
        }

        if (filter.VisibleToUserId is { } userId)
        {
            parameters.Add("VisibleTo", userId);
            where.Append(" AND (a.owner_id = @VisibleTo OR a.backup_owner_id = @VisibleTo)");
        }

        if (!string.IsNullOrEmpty(filter.Owner))
        {
            parameters.Add("Owner", filter.Owner);
            where.Append(" AND (o.name = @Owner OR b.name = @Owner)");
        }

        if (!string.IsNullOrEmpty(filter.Team))
        {
            parameters.Add("Team", filter.Team);
            where.Append(" AND a.team = @Team");
        }

        if (!string.IsNullOrEmpty(filter.Tier))
        {
            parameters.Add("Tier", filter.Tier);
            where.Append(" AND a.risk_tier = @Tier");
        }

        switch (filter.Status)
        {
            case null or "":
                where.Append(" AND a.status <> 'retired'");
                break;
            case "any":
                break;
            default:
                parameters.Add("Status", filter.Status);
                where.Append(" AND a.status = @Status");
                break;
        }

        if (!string.IsNullOrEmpty(filter.Environment))
        {
            parameters.Add("Environment", filter.Environment);
            where.Append(" AND EXISTS (SELECT 1 FROM assistant_environments e WHERE e.assistant_id = a.id AND e.environment = @Environment)");
        }

        if (!string.IsNullOrEmpty(filter.Scope))
        {
            parameters.Add("Scope", filter.Scope);
            where.Append(" AND EXISTS (SELECT 1 FROM assistant_scopes s WHERE s.assistant_id = a.id AND s.scope = @Scope)");
        }

        switch (filter.Flag)
        {
            case AssistantFlags.Overdue:
                where.Append(" AND a.status <> 'retired' AND a.next_review_at <= @Now");
                break;
            case AssistantFlags.Idle:
                parameters.Add("IdleBefore", now.AddDays(-catalogue.Options.IdleAfterDays));
                where.Append(" AND a.status = 'active' AND COALESCE(a.last_activity_at, a.created_at) <= @IdleBefore");
                break;
            case AssistantFlags.Orphaned:
                parameters.Add("True", true);
                where.Append(" AND a.status <> 'retired' AND o.is_disabled = @True");
                break;
            case AssistantFlags.LongLivedSecret:
                where.Append(" AND a.status <> 'retired' AND EXISTS (SELECT 1 FROM assistant_secrets s WHERE s.assistant_id = a.id"
                             + " AND s.revoked_at IS NULL AND s.expires_at > @Now AND s.created_at <= @LongLivedBefore)");
                break;
            case AssistantFlags.Pending:
                where.Append(" AND EXISTS (SELECT 1 FROM assistant_changes c WHERE c.assistant_id = a.id AND c.state = 'pending')");
                break;
        }

        return (where.ToString(), parameters);
    }

    private static string OrderBy(AssistantFilter filter)
    {
        var direction = filter.Descending ? "DESC" : "ASC";
        var column = filter.Sort switch
        {
            "tier" => "CASE a.risk_tier WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END",
            "owner" => "o.name",
            "team" => "a.team",
            "review" => "a.next_review_at",
            "updated" => "a.updated_at",
            "activity" => "COALESCE(a.last_activity_at, a.created_at)",
            "status" => "a.status",
            _ => "a.name",
        };
        return $" ORDER BY {column} {direction}, a.name {direction}";
    }
}

public sealed record AssistantPage(IReadOnlyList<Assistant> Items, long Total, int Page, int PageSize)
{
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed class InventorySummary
{
    public long Total { get; init; }

    public long Active { get; init; }

    public long Suspended { get; init; }

    public long Overdue { get; init; }

    public long Idle { get; init; }

    public long Orphaned { get; init; }

    public long LongLivedSecrets { get; init; }

    public long PendingChanges { get; init; }
}

/// <summary>Fields of a new assistant as inserted (privileges are set separately).</summary>
public sealed record NewAssistantRow(string Name, string DisplayName, string Description, long OwnerId, long? BackupOwnerId, string Team, string Labels, string CreatedBy);

/// <summary>The editable columns of an assistant.</summary>
public sealed record AssistantRow(string DisplayName, string Description, long OwnerId, long? BackupOwnerId, string Team, string RiskTier, string Labels);
