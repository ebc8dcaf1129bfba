using System.Security.Cryptography;
using System.Text;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Tokens;

/// <summary>
/// Personal API tokens let scripts and chat bots act as a person. The secret is shown once;
/// only its SHA-256 is stored (the secret is 256 random bits, so a fast hash is enough).
/// </summary>
public sealed class PersonalTokens(Database database, UserStore users, AuditChain audit, TimeProvider time)
{
    public const string SecretPrefix = "acp_";
    public const int MaxNameLength = 100;
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private string Sql(string name) => SqlText.For<PersonalTokens>(name, database.Dialect);

    public async Task<Outcome<IssuedToken>> CreateAsync(Actor actor, string userName, string? name, TimeSpan lifetime,
        CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return ValidationError.For("name", $"Give the token a name of 1 to {MaxNameLength} characters.");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > TokenLifetime.Maximum)
        {
            return ValidationError.For("expiresIn", "A token lives between one minute and 365 days.");
        }

        var user = await users.FindByNameAsync(userName, cancellationToken);
        if (user is null)
        {
            return new NotFoundError($"No user named '{UserStore.Normalize(userName)}'.");
        }

        if (user.IsDisabled)
        {
            return new ConflictError($"'{user.Name}' is disabled; a disabled user gets no tokens.");
        }

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = name,
            TokenPrefix = secret[..12],
            CreatedBy = actor.Id,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        var id = await database.InTransactionAsync(async unit =>
        {
            var id = await unit.Connection.ExecuteScalarAsync<long>(Sql("Insert"), new
            {
                token.UserId,
                token.Name,
                token.TokenPrefix,
                TokenHash = Hash(secret),
                token.CreatedBy,
                token.CreatedAt,
                token.ExpiresAt,
            }, unit.Transaction);
            await audit.AppendAsync(unit, new AuditEntry(actor, "token.created", new Subject("user", user.Name),
                new { tokenId = id, name, prefix = token.TokenPrefix, expiresAt = token.ExpiresAt }), cancellationToken);
            return id;
        }, cancellationToken);
        return new IssuedToken(new ApiToken
        {
            Id = id,
            UserId = token.UserId,
            Name = token.Name,
            TokenPrefix = token.TokenPrefix,
            CreatedBy = token.CreatedBy,
            CreatedAt = token.CreatedAt,
            ExpiresAt = token.ExpiresAt,
        }, secret);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(long userId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<ApiToken>(Sql("ListForUser"), new { UserId = userId }, cancellationToken);

    public async Task<Outcome<bool>> RevokeAsync(Actor actor, User owner, long tokenId, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var changed = await unit.Connection.ExecuteAsync(Sql("Revoke"),
            new { Id = tokenId, UserId = owner.Id, Now = time.GetUtcNow() }, unit.Transaction);
        if (changed == 0)
        {
            return new NotFoundError($"{owner.Name} has no active token {tokenId}.");
        }

        await audit.AppendAsync(unit, new AuditEntry(actor, "token.revoked", new Subject("user", owner.Name), new { tokenId }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The active user a presented secret belongs to, or null for unknown, expired, revoked or disabled.</summary>
    public async Task<User?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var lookup = await database.QuerySingleOrDefaultAsync<TokenLookup>(Sql("FindByHash"), new { TokenHash = Hash(secret) }, cancellationToken);
        var now = time.GetUtcNow();
        if (lookup is null || lookup.RevokedAt is not null || lookup.ExpiresAt <= now)
        {
            return null;
        }

        var user = await users.FindByIdAsync(lookup.UserId, cancellationToken);
        if (user is null || user.IsDisabled)
        {
            return null;
        }

        if (lookup.LastUsedAt is null || now - lookup.LastUsedAt > TouchInterval)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(Sql("Touch"), new { lookup.Id, Now = now });
        }

        return user;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
