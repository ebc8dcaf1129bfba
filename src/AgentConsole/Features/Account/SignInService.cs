using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Auth;
using AgentConsole.Infrastructure.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Account;

/// <summary>Checks a name and password, counts failures, locks the account after too many, and audits every attempt.</summary>
public sealed class SignInService(
    Database database,
    UserStore users,
    AuditChain audit,
    IPasswordHasher<User> hasher,
    TimeProvider time,
    IOptions<SecurityOptions> options)
{
    // Compared against when the name is unknown, so that unknown names take as long as wrong passwords.
    private static readonly string DecoyHash = new PasswordHasher<User>().HashPassword(new User { Name = "-", DisplayName = "-" }, "decoy-password");

    public async Task<SignInOutcome> AttemptAsync(string? name, string? password, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var user = string.IsNullOrWhiteSpace(name) ? null : await users.FindByNameAsync(name, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new User { Name = "-", DisplayName = "-" }, DecoyHash, password ?? "");
            await RecordAsync(null, "signin.failed", UserStore.Normalize(name ?? ""), new { reason = "unknown user" }, cancellationToken);
            return SignInOutcome.Failed;
        }

        if (user.IsDisabled)
        {
            await RecordAsync(null, "signin.refused", user.Name, new { reason = "disabled" }, cancellationToken);
            return SignInOutcome.Failed;
        }

        if (user.IsLockedOut(now))
        {
            await RecordAsync(null, "signin.refused", user.Name, new { reason = "locked out", until = user.LockedUntil }, cancellationToken);
            return SignInOutcome.LockedOut(user.LockedUntil!.Value);
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "") == PasswordVerificationResult.Failed)
        {
            var failures = user.FailedAttempts + 1;
            var lockNow = failures >= options.Value.MaxFailedSignIns;
            DateTimeOffset? lockedUntil = lockNow ? now + options.Value.LockoutDuration : null;
            await RecordAsync(
                unit => users.RecordFailureAsync(unit, user.Id, lockNow ? 0 : failures, lockedUntil, now),
                lockNow ? "user.locked_out" : "signin.failed",
                user.Name,
                lockNow ? new { reason = "wrong password", failures, until = lockedUntil } : new { reason = "wrong password", failures, until = (DateTimeOffset?)null },
                cancellationToken);
            return lockNow ? SignInOutcome.LockedOut(lockedUntil!.Value) : SignInOutcome.Failed;
        }

        await RecordAsync(unit => users.RecordSignInAsync(unit, user.Id, now), "signin.succeeded", user.Name, null, cancellationToken);
        return SignInOutcome.For(user);
    }

    private Task<AuditEvent> RecordAsync(Func<UnitOfWork, Task>? change, string action, string userName, object? payload, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async unit =>
        {
            if (change is not null)
            {
                await change(unit);
            }

            var actor = action == "signin.succeeded" ? Actor.User(userName) : Actor.Anonymous;
            return await audit.AppendAsync(unit, new AuditEntry(actor, action, new Subject("user", userName), payload), cancellationToken);
        }, cancellationToken);
}

public sealed record SignInOutcome(User? User, DateTimeOffset? LockedUntil)
{
    public static readonly SignInOutcome Failed = new(null, null);

    public bool Succeeded => User is not null;

    public static SignInOutcome For(User user) => new(user, null);

    public static SignInOutcome LockedOut(DateTimeOffset until) => new(null, until);
}
