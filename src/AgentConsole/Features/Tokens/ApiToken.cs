namespace AgentConsole.Features.Tokens;

/// <summary>A personal API token as listed: never the secret itself, only its first characters.</summary>
public sealed class ApiToken
{
    public long Id { get; init; }

    public long UserId { get; init; }

    public required string Name { get; init; }

    public required string TokenPrefix { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public string State(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";
}

/// <summary>A token just created: the only moment its secret exists outside the caller's hands.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);

public sealed class TokenLookup
{
    public long Id { get; init; }

    public long UserId { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }
}
