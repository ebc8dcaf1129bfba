namespace AgentConsole.Features.Users;

/// <summary>A person who signs in to the console.</summary>
public sealed class User
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    public string PasswordHash { get; init; } = "";

    public bool IsDisabled { get; init; }

    public bool MustChangePassword { get; init; }

    public int FailedAttempts { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public string SecurityStamp { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSignInAt { get; init; }

    public IReadOnlyList<string> Roles { get; set; } = [];

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
