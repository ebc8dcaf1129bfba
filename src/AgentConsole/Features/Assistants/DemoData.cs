using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentConsole.Features.Tokens;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace AgentConsole.Features.Assistants;

public sealed record DemoDataRequest(int Assistants, int People, bool Append, string? Password);

public sealed record DemoDataSeeded(int Assistants, string FirstName, string LastName, int PeopleAdded, int Suspended, int Retired,
    int Secrets, int PendingChanges, long AuditSeq);

/// <summary>
/// Optional demo data for trying and benchmarking the console: varied assistants across teams, tiers, environments and
/// scopes, with every inventory flag represented, and the owners (some disabled) they belong to. The rows are written
/// with multi-row INSERTs in one transaction, past the per-assistant rules and audit; one audit event records the seeding.
/// The same inventory size gives the same data (the generator is seeded), apart from random secret hashes and session stamps.
/// </summary>
public sealed class DemoData(Database database, Catalogue catalogue, AuditChain audit, TimeProvider time, IPasswordHasher<User> hasher)
{
    public const int MaxAssistants = 100_000;
    public const int MaxPeople = 1_000;
    public const string Label = "demo-data";

    // Small enough for SQLite's per-name parameter binding, large enough to spare PostgreSQL round trips.
    private const int ParametersPerStatement = 320;

    private static readonly TimestampHandler Timestamps = new();
    private static readonly string[] Teams = ["payments", "platform", "data", "identity", "search", "billing", "growth", "mobile", "infra", "support"];
    private static readonly (string Verb, string Does)[] Jobs =
    [
        ("deploy", "Deploys services to Kubernetes"), ("triage", "Triages incoming incidents"), ("review", "Reviews pull requests"),
        ("migrate", "Runs database migrations"), ("report", "Writes the weekly cost report"), ("sync", "Keeps configuration in sync between environments"),
        ("scan", "Scans dependencies for vulnerabilities"), ("patch", "Applies operating-system patches"), ("backup", "Checks and restores backups"),
        ("monitor", "Watches alerts and dashboards"), ("index", "Rebuilds search indexes"), ("summarize", "Summarizes support tickets"),
        ("rotate", "Rotates service credentials"), ("provision", "Provisions cloud infrastructure with Terraform"), ("release", "Cuts releases and writes release notes"),
    ];
    private static readonly string[] FirstNames = ["amara", "bjorn", "chen", "dara", "emeka", "farah", "goran", "hana", "ines", "jonas", "kai", "lena",
        "mateo", "nadia", "oskar", "priya", "quinn", "rosa", "sven", "tariq", "uma", "vera", "wen", "yusuf"];
    private static readonly string[] LastNames = ["okafor", "lindqvist", "wei", "moreau", "silva", "kowalski", "tanaka", "novak", "haddad", "fischer",
        "osei", "rossi", "kim", "jensen", "garcia", "petrov", "nguyen", "oconnor", "shah", "berg", "costa", "ito", "mensah"];
    private static readonly string[] SecurityPeople = ["noor.haddad", "felix.brandt"];
    private static readonly string[] Runtimes = ["kubernetes", "lambda", "vm", "github-actions"];
    private static readonly string[] DataClasses = ["public", "internal", "confidential", "restricted"];
    private static readonly string[] Reasons = ["Needs prod for the launch", "Takes over the release job", "Must apply the approved plan", "Incident follow-up"];

    public async Task<Outcome<DemoDataSeeded>> SeedAsync(Actor actor, DemoDataRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Assistants is < 1 or > MaxAssistants || request.People is < 1 or > MaxPeople)
        {
            return ValidationError.For("assistants", $"Ask for 1 to {MaxAssistants} assistants and 1 to {MaxPeople} people.");
        }

        if (request.Password is not null && PasswordRules.Problem(request.Password) is { } problem)
        {
            return ValidationError.For("password", problem);
        }

        // One hash for every demo person; without --password it is of a random value nobody knows.
        var passwordHash = hasher.HashPassword(new User { Name = "demo", DisplayName = "demo" }, request.Password ?? PasswordRules.Generate() + PasswordRules.Generate());
        try
        {
            await using var unit = await database.BeginAsync(cancellationToken);
            var existing = await unit.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM assistants", transaction: unit.Transaction);
            if (existing > 0 && !request.Append)
            {
                return new ConflictError($"The inventory already holds {existing} assistant(s); demo data goes into an empty inventory. "
                                         + "Add --append to add demo assistants beside them.");
            }

            var now = TimestampHandler.Truncate(time.GetUtcNow());
            var (people, peopleAdded) = await EnsurePeopleAsync(unit, request.People, passwordHash, now, cancellationToken);
            var owners = people.Where(p => !p.Security).ToList();
            var security = people.Where(p => p.Security).ToList();
            var random = new Random(20_261_122 + (int)existing);
            var plans = Enumerable.Range((int)existing + 1, request.Assistants).Select(n => Plan(random, n, owners, security, now)).ToList();

            var ids = await InsertReturningAsync(unit, "assistants",
                "name, display_name, description, owner_id, backup_owner_id, team, risk_tier, status, labels, created_by, created_at, updated_at, "
                + "last_activity_at, last_reviewed_at, last_reviewed_by, next_review_at",
                plans.Select(a => new object?[] { a.Name, a.DisplayName, a.Description, a.Owner.Id, a.Backup?.Id, a.Team, a.Tier, a.Status, a.Labels,
                    actor.Id, a.CreatedAt, a.UpdatedAt, a.LastActivityAt, a.LastReviewedAt, a.LastReviewedBy, a.NextReviewAt }).ToList(), cancellationToken);
            await InsertAsync(unit, "assistant_environments", "assistant_id, environment, granted_at",
                plans.SelectMany(a => a.Environments.Select(e => new object?[] { ids[a.Name], e, a.CreatedAt })).ToList(), cancellationToken);
            await InsertAsync(unit, "assistant_scopes", "assistant_id, scope, granted_at",
                plans.SelectMany(a => a.Scopes.Select(s => new object?[] { ids[a.Name], s, a.CreatedAt })).ToList(), cancellationToken);
            var secrets = plans.Where(a => a.Secret is not null).ToList();
            await InsertAsync(unit, "assistant_secrets", "assistant_id, prefix, secret_hash, created_by, created_at, expires_at, revoked_at, revoked_reason",
                secrets.Select(a => Secret(ids[a.Name], a.Secret!, security[0].Name)).ToList(), cancellationToken);
            var changes = plans.Where(a => a.Change is not null).ToList();
            await InsertAsync(unit, "assistant_changes", "assistant_id, state, risk_tier, add_scopes, add_environments, reason, requested_by, requested_at, "
                                                         + "decided_by, decided_at, decision_comment",
                changes.Select(a => a.Change!).Select(c => new object?[] { ids[c.Assistant], c.State, c.Tier, Json(c.AddScopes), Json(c.AddEnvironments),
                    c.Reason, c.RequestedBy, c.RequestedAt, c.DecidedBy, c.DecidedAt, c.DecidedBy is null ? null : "Ask for a narrower scope." }).ToList(), cancellationToken);

            var seeded = new DemoDataSeeded(plans.Count, plans[0].Name, plans[^1].Name, peopleAdded,
                plans.Count(a => a.Status == AssistantStatus.Suspended), plans.Count(a => a.Status == AssistantStatus.Retired), secrets.Count,
                changes.Count(a => a.Change!.State == ChangeStates.Pending), 0);
            var recorded = await audit.AppendAsync(unit, new AuditEntry(actor, "demo_data.seeded", new Subject("inventory", Label), new
            {
                seeded.Assistants, seeded.FirstName, seeded.LastName, seeded.PeopleAdded, seeded.Suspended, seeded.Retired, seeded.Secrets,
                seeded.PendingChanges, rejectedChanges = changes.Count - seeded.PendingChanges, teams = Teams.Length, append = request.Append,
                assistantsBefore = existing,
                note = "Demo data inserted in bulk: these assistants, people, secrets and changes have no audit events of their own.",
            }), cancellationToken);
            await unit.CommitAsync(cancellationToken);
            return seeded with { AuditSeq = recorded.Seq };
        }
        catch (DbException e) when (database.Dialect.Translate(e) is UniqueViolation)
        {
            return new ConflictError($"A demo name is already taken ({e.Message}); nothing was added.");
        }
    }

    private sealed record Person(long Id, string Name, int Team, bool Disabled, bool Security);

    private sealed record DemoSecret(DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? Reason);

    private sealed record DemoChange(string Assistant, string State, string? Tier, string[] AddEnvironments, string[] AddScopes, string Reason,
        string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy, DateTimeOffset? DecidedAt);

    private sealed record DemoAssistant(string Name, string DisplayName, string Description, Person Owner, Person? Backup, string Team, string Tier,
        string Status, string Labels, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastActivityAt, DateTimeOffset? LastReviewedAt,
        string? LastReviewedBy, DateTimeOffset NextReviewAt, List<string> Environments, List<string> Scopes, DemoSecret? Secret, DemoChange? Change);

    private sealed class UserRow
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public bool IsDisabled { get; init; }
    }

    /// <summary>Owners (every eighth one disabled, so their assistants are orphaned) and two security people; existing ones are reused.</summary>
    private static async Task<(List<Person> People, int Added)> EnsurePeopleAsync(UnitOfWork unit, int count, string passwordHash, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var wanted = Enumerable.Range(0, count)
            .Select(j => (Name: PersonName(j), Team: j % Teams.Length, Disabled: j % 8 == 1, Security: false))
            .Concat(SecurityPeople.Select(name => (Name: name, Team: -1, Disabled: false, Security: true)))
            .ToList();
        // Every person, not "name IN @Names": Dapper expands lists on SQLite but passes an array to PostgreSQL.
        var found = (await unit.Connection.QueryAsync<UserRow>("SELECT id, name, is_disabled FROM users", transaction: unit.Transaction))
            .ToDictionary(u => u.Name, StringComparer.Ordinal);
        var missing = wanted.Where(w => !found.ContainsKey(w.Name)).ToList();
        var ids = await InsertReturningAsync(unit, "users",
            "name, display_name, password_hash, is_disabled, must_change_password, failed_attempts, security_stamp, created_at, updated_at",
            missing.Select(w => new object?[] { w.Name, DisplayNameOf(w.Name), passwordHash, w.Disabled, true, 0, UserStore.NewStamp(), now, now }).ToList(), cancellationToken);
        await InsertAsync(unit, "user_roles", "user_id, role",
            missing.Select(w => new object?[] { ids[w.Name], w.Security ? ConsoleRoles.Security : ConsoleRoles.Owner }).ToList(), cancellationToken);
        var people = wanted.Select(w => found.TryGetValue(w.Name, out var u)
            ? new Person(u.Id, w.Name, w.Team, u.IsDisabled, w.Security)
            : new Person(ids[w.Name], w.Name, w.Team, w.Disabled, w.Security)).ToList();
        return (people, missing.Count);
    }

    private DemoAssistant Plan(Random r, int n, List<Person> owners, List<Person> security, DateTimeOffset now)
    {
        var options = catalogue.Options;
        var team = r.Next(Teams.Length);
        var (verb, does) = Jobs[r.Next(Jobs.Length)];
        var name = $"{Teams[team]}-{verb}-{n}";
        var home = owners.Where(p => p.Team == team).ToList();
        var owner = home.Count > 0 && Chance(r, 0.85) ? Pick(r, home) : Pick(r, owners);
        var backup = Chance(r, 0.6) ? Pick(r, owners) : null;
        backup = backup is null || backup == owner || backup.Disabled ? null : backup;
        var x = r.NextDouble();
        var tierRank = x < 0.35 ? 0 : x < 0.65 ? 1 : x < 0.87 ? 2 : 3;
        var tier = RiskTiers.All[tierRank];
        x = r.NextDouble();
        var status = x < 0.05 ? AssistantStatus.Suspended : x < 0.09 ? AssistantStatus.Retired : AssistantStatus.Active;
        var active = status == AssistantStatus.Active;

        // Ages in days, chosen so that each flag holds or does not hold by at least a day.
        var interval = (int)catalogue.ReviewInterval(tier).TotalDays;
        var sinceReview = Chance(r, 0.12) ? interval + r.Next(1, 90) : r.Next(0, interval);
        var idle = active && Chance(r, 0.15);
        var idleAgo = idle ? options.IdleAfterDays + r.Next(1, 200) : r.Next(0, Math.Max(1, options.IdleAfterDays - 1));
        var longLived = active && Chance(r, 0.2) && options.SecretMaxLifetimeDays > options.SecretMaxAgeDays + 1;
        var hasSecret = longLived || (status != AssistantStatus.Retired && Chance(r, 0.45));
        var secretAge = longLived ? r.Next(options.SecretMaxAgeDays + 1, options.SecretMaxLifetimeDays) : r.Next(0, Math.Max(1, options.SecretMaxAgeDays - 1));
        var createdAgo = Math.Max(r.Next(1, 721), Math.Max(sinceReview, Math.Max(idle ? idleAgo + 1 : 0, hasSecret ? secretAge + 1 : 0)));
        var createdAt = now - TimeSpan.FromDays(createdAgo) - TimeSpan.FromMinutes(r.Next(0, 1440));
        DateTimeOffset? reviewedAt = createdAgo > sinceReview ? now - TimeSpan.FromDays(sinceReview) - TimeSpan.FromMinutes(r.Next(0, 600)) : null;
        DateTimeOffset? lastActivity = idle
            ? (Chance(r, 0.4) ? (DateTimeOffset?)null : now - TimeSpan.FromDays(idleAgo) - TimeSpan.FromMinutes(r.Next(0, 1440)))
            : Max(createdAt, now - TimeSpan.FromDays(active ? idleAgo : r.Next(0, createdAgo + 1)) - TimeSpan.FromMinutes(r.Next(0, 1440)));

        var maxSensitivity = Math.Min(tierRank, 2);
        var environments = catalogue.Environments.Where(e => Sensitivity.Rank(e.Sensitivity) is var s && s <= maxSensitivity
                                                             && Chance(r, s == maxSensitivity ? 0.75 : 0.45)).Select(e => e.Name).ToList();
        if (environments.Count == 0 && catalogue.Environments.Count > 0)
        {
            environments.Add(catalogue.Environments.MinBy(e => Sensitivity.Rank(e.Sensitivity))!.Name);
        }

        double[] writeOdds = [0.05, 0.15, 0.3, 0.45];
        var scopes = catalogue.Scopes.Where(s => Chance(r, s.Access == ScopeAccess.Write ? writeOdds[tierRank] : 0.35)).Select(s => s.Name).ToList();
        if (scopes.Count == 0 && catalogue.Scopes.Count > 0)
        {
            scopes.Add(Pick(r, catalogue.Scopes).Name);
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["source"] = Label };
        AddIf(r, 0.7, labels, "cost-center", $"cc-{4100 + (team * 10)}");
        AddIf(r, 0.5, labels, "repo", $"acme/{Teams[team]}-{verb}");
        AddIf(r, 0.4, labels, "runtime", Pick(r, Runtimes));
        AddIf(r, 0.3, labels, "data-class", DataClasses[tierRank]);

        DemoSecret? secret = null;
        if (hasSecret)
        {
            var created = now - TimeSpan.FromDays(secretAge) - TimeSpan.FromMinutes(r.Next(0, 1440));
            secret = new DemoSecret(created, created + TimeSpan.FromDays(longLived ? options.SecretMaxLifetimeDays : options.SecretLifetimeDays),
                active ? null : Max(created, now - TimeSpan.FromDays(r.Next(0, secretAge + 1))), active ? null : status);
        }

        var pending = status != AssistantStatus.Retired && Chance(r, 0.1);
        var change = pending || Chance(r, 0.04) ? Widening(r, name, tierRank, environments, scopes, owner, security, pending, Max(createdAt, now - TimeSpan.FromMinutes(r.Next(10, 20 * 1440)))) : null;
        var reviewer = Chance(r, 0.5) ? owner.Name : Pick(r, security).Name;
        return new DemoAssistant(name, $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Teams[team])} {verb} assistant {n}", $"{does} for the {Teams[team]} team.",
            owner, backup, Teams[team], tier, status, JsonSerializer.Serialize(labels), createdAt, Max(createdAt, reviewedAt ?? createdAt), lastActivity,
            reviewedAt, reviewedAt is null ? null : reviewer, (reviewedAt ?? createdAt) + catalogue.ReviewInterval(tier), environments, scopes, secret, change);
    }

    /// <summary>A request to widen: a higher tier, the most sensitive environment or a write scope it does not have yet.</summary>
    private DemoChange? Widening(Random r, string name, int tierRank, List<string> environments, List<string> scopes, Person owner, List<Person> security,
        bool pending, DateTimeOffset requestedAt)
    {
        var environment = catalogue.Environments.OrderByDescending(e => Sensitivity.Rank(e.Sensitivity)).Select(e => e.Name).FirstOrDefault(e => !environments.Contains(e));
        var scope = catalogue.Scopes.Where(s => s.Access == ScopeAccess.Write && !scopes.Contains(s.Name)).Select(s => s.Name).FirstOrDefault();
        var tier = tierRank < 3 ? RiskTiers.All[tierRank + 1] : null;
        var choice = r.Next(3);
        string[] addEnvironments = choice == 1 && environment is not null ? [environment] : [];
        string[] addScopes = choice == 2 && scope is not null ? [scope] : [];
        tier = choice == 0 || (addEnvironments.Length == 0 && addScopes.Length == 0) ? tier : null;
        if (tier is null && addEnvironments.Length == 0 && addScopes.Length == 0)
        {
            return null;
        }

        var decider = Pick(r, security);
        return new DemoChange(name, pending ? ChangeStates.Pending : ChangeStates.Rejected, tier, addEnvironments, addScopes, Pick(r, Reasons), owner.Name,
            requestedAt, pending ? null : decider.Name, pending ? null : requestedAt + TimeSpan.FromMinutes(r.Next(1, 600)));
    }

    private static object?[] Secret(long assistantId, DemoSecret secret, string createdBy)
    {
        // The value is thrown away at once: demo secrets can be seen in the console but never used.
        var value = AssistantInventory.SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return [assistantId, value[..12], PersonalTokens.Hash(value), createdBy, secret.CreatedAt, secret.ExpiresAt, secret.RevokedAt, secret.Reason];
    }

    private static async Task InsertAsync(UnitOfWork unit, string table, string columns, List<object?[]> rows, CancellationToken cancellationToken) =>
        await InsertReturningAsync(unit, table, columns, rows, cancellationToken, returning: false);

    /// <summary>
    /// Multi-row, fully parameterized INSERTs with the same text on both engines. Each statement carries about 300 parameters and is
    /// reused for every full batch: Microsoft.Data.Sqlite binds parameters by name in linear time, so much larger statements get
    /// slower per row, and Dapper's per-parameter work made 10,000 assistants take tens of seconds where this takes about one.
    /// With <paramref name="returning"/>, the first column is a unique name and the new ids come back by name.
    /// </summary>
    private static async Task<Dictionary<string, long>> InsertReturningAsync(UnitOfWork unit, string table, string columns, List<object?[]> rows,
        CancellationToken cancellationToken, bool returning = true)
    {
        var width = columns.Split(',').Length;
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        DbCommand? command = null;
        try
        {
            foreach (var batch in rows.Chunk(Math.Max(1, ParametersPerStatement / width)))
            {
                if (command?.Parameters.Count != batch.Length * width)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = Statement(unit, table, columns, width, batch.Length, returning ? " RETURNING id, name" : "");
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    for (var c = 0; c < width; c++)
                    {
                        Bind(command.Parameters[(i * width) + c], batch[i][c]);
                    }
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids[reader.GetString(1)] = reader.GetInt64(0);
                }
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        return ids;
    }

    private static DbCommand Statement(UnitOfWork unit, string table, string columns, int width, int rows, string returning)
    {
        var command = unit.Connection.CreateCommand();
        command.Transaction = unit.Transaction;
        var sql = new StringBuilder($"INSERT INTO {table} ({columns}) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < width; c++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = string.Create(CultureInfo.InvariantCulture, $"@p{i}_{c}");
                command.Parameters.Add(parameter);
                sql.Append(c == 0 ? "" : ", ").Append(parameter.ParameterName);
            }

            sql.Append(')');
        }

        command.CommandText = sql.Append(returning).ToString();
        return command;
    }

    private static void Bind(DbParameter parameter, object? value)
    {
        if (value is DateTimeOffset instant)
        {
            Timestamps.SetValue(parameter, instant);
        }
        else
        {
            parameter.Value = value ?? DBNull.Value;
        }
    }

    private static string PersonName(int j)
    {
        // 24 first names and 23 last names give 552 distinct pairs before a number is needed.
        var pair = $"{FirstNames[j % FirstNames.Length]}.{LastNames[(j + (j / FirstNames.Length)) % LastNames.Length]}";
        var round = j / (FirstNames.Length * LastNames.Length);
        return round == 0 ? pair : string.Create(CultureInfo.InvariantCulture, $"{pair}{round + 1}");
    }

    private static string DisplayNameOf(string name) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.Replace('.', ' '));

    private static string Json(string[] values) => JsonSerializer.Serialize(values);

    private static bool Chance(Random r, double odds) => r.NextDouble() < odds;

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static void AddIf(Random r, double odds, SortedDictionary<string, string> labels, string key, string value)
    {
        if (Chance(r, odds))
        {
            labels[key] = value;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
