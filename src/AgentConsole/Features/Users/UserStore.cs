using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Users;

/// <summary>Reads and writes people. Writes take the caller's unit of work so they commit with their audit record.</summary>
public sealed class UserStore(Database database)
{
    private string Sql(string name) => SqlText.For<UserStore>(name, database.Dialect);

    public async Task<User?> FindByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<User>(Sql("FindByName"), new { Name = Normalize(name) });
        return user is null ? null : await WithRolesAsync(connection, user);
    }

    public async Task<User?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<User>(Sql("FindById"), new { Id = id });
        return user is null ? null : await WithRolesAsync(connection, user);
    }

    public async Task<User?> FindByIdAsync(UnitOfWork unit, long id)
    {
        var user = await unit.Connection.QuerySingleOrDefaultAsync<User>(Sql("FindById"), new { Id = id }, unit.Transaction);
        if (user is not null)
        {
            user.Roles = (await unit.Connection.QueryAsync<string>(Sql("RolesOf"), new { user.Id }, unit.Transaction)).AsList();
        }

        return user;
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var users = (await connection.QueryAsync<User>(Sql("List"))).AsList();
        var roles = (await connection.QueryAsync<(long UserId, string Role)>(Sql("AllRoles")))
            .ToLookup(r => r.UserId, r => r.Role);
        foreach (var user in users)
        {
            user.Roles = roles[user.Id].ToList();
        }

        return users;
    }

    public async Task<UserCounts> CountsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<UserCounts>(Sql("Counts"), new { False = false, True = true, Now = now });
    }

    public async Task<long> InsertAsync(UnitOfWork unit, User user, string passwordHash, DateTimeOffset now)
    {
        var id = await unit.Connection.ExecuteScalarAsync<long>(Sql("Insert"), new
        {
            user.Name,
            user.DisplayName,
            PasswordHash = passwordHash,
            user.IsDisabled,
            user.MustChangePassword,
            user.SecurityStamp,
            Now = now,
        }, unit.Transaction);
        await SetRolesAsync(unit, id, user.Roles);
        return id;
    }

    public async Task SetRolesAsync(UnitOfWork unit, long id, IEnumerable<string> roles)
    {
        await unit.Connection.ExecuteAsync(Sql("DeleteRoles"), new { Id = id }, unit.Transaction);
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
        {
            await unit.Connection.ExecuteAsync(Sql("InsertRole"), new { Id = id, Role = role }, unit.Transaction);
        }
    }

    public Task SetDisabledAsync(UnitOfWork unit, long id, bool disabled, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("SetDisabled"),
            new { Id = id, IsDisabled = disabled, SecurityStamp = NewStamp(), Now = now }, unit.Transaction);

    public Task SetPasswordAsync(UnitOfWork unit, long id, string passwordHash, bool mustChange, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("SetPassword"),
            new { Id = id, PasswordHash = passwordHash, MustChangePassword = mustChange, SecurityStamp = NewStamp(), Now = now },
            unit.Transaction);

    public Task RecordFailureAsync(UnitOfWork unit, long id, int failedAttempts, DateTimeOffset? lockedUntil, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("RecordFailure"),
            new { Id = id, FailedAttempts = failedAttempts, LockedUntil = lockedUntil, Now = now }, unit.Transaction);

    public Task RecordSignInAsync(UnitOfWork unit, long id, DateTimeOffset now) =>
        unit.Connection.ExecuteAsync(Sql("RecordSignIn"), new { Id = id, Now = now }, unit.Transaction);

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();

    public static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private async Task<User> WithRolesAsync(System.Data.Common.DbConnection connection, User user)
    {
        user.Roles = (await connection.QueryAsync<string>(Sql("RolesOf"), new { user.Id })).AsList();
        return user;
    }
}

public sealed record UserCounts(long ActiveUsers, long DisabledUsers, long ActiveTokens);
