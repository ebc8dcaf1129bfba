using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>
/// Applies the numbered scripts in <c>Migrations/{engine}/NNNN_name.sql</c> in order, each in its own transaction
/// together with its row in <c>schema_migrations</c>. A script that changed after it was applied stops start-up.
/// </summary>
public sealed class MigrationRunner(Database database, TimeProvider time, ILogger<MigrationRunner> logger)
{
    private const string Journal = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    public sealed record Migration(int Version, string Name, string Sql)
    {
        public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
    }

    public IReadOnlyList<Migration> Available()
    {
        var prefix = $"{typeof(MigrationRunner).Namespace}.Migrations.{database.Dialect.Engine}.";
        return SqlText.ResourcesUnder(prefix)
            .Select(resource =>
            {
                var file = resource[prefix.Length..^".sql".Length].TrimStart('_');
                var version = int.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture);
                return new Migration(version, file, SqlText.Read(resource)!);
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    public async Task<int> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Journal, cancellationToken: cancellationToken));
        await using var migrationLock = await database.Dialect.LockMigrationsAsync(connection, cancellationToken);

        var applied = (await connection.QueryAsync<(long Version, string Checksum)>(
            "SELECT version, checksum FROM schema_migrations")).ToDictionary(r => (int)r.Version, r => r.Checksum);
        var count = 0;
        foreach (var migration in Available())
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Name} changed after it was applied; restore it and add a new migration instead.");
                }

                continue;
            }

            await ApplyOneAsync(connection, migration, cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>True when every migration this build knows is recorded as applied.</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var latest = Available()[^1].Version;
        var applied = await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition("SELECT MAX(version) FROM schema_migrations", cancellationToken: cancellationToken));
        return applied == latest;
    }

    private async Task ApplyOneAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await database.Dialect.BeginAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
            new { migration.Version, migration.Name, migration.Checksum, AppliedAt = time.GetUtcNow().ToString("O") },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Applied migration {Migration} on {Engine}", migration.Name, database.Dialect.Engine);
    }
}
