using System.Text.RegularExpressions;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Microsoft.AspNetCore.Identity;

namespace AgentConsole.Features.Users;

/// <summary>What can be done to people's accounts; every change is audited in the same transaction.</summary>
public sealed partial class UserAccounts(
    Database database,
    UserStore store,
    AuditChain audit,
    TimeProvider time,
    IPasswordHasher<User> hasher,
    IEnumerable<ISessionTerminator> sessionTerminators)
{
    public const int MaxDisplayNameLength = 100;

    public async Task<Outcome<User>> AddAsync(Actor actor, NewUser request, CancellationToken cancellationToken = default)
    {
        var name = UserStore.Normalize(request.Name ?? "");
        var errors = new Dictionary<string, string[]>();
        if (!NamePattern().IsMatch(name))
        {
            errors["name"] = ["Use 2 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }

        if ((request.DisplayName?.Length ?? 0) > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"Use at most {MaxDisplayNameLength} characters."];
        }

        var roles = request.Roles.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().ToList();
        if (roles.Count == 0 || roles.Any(r => !ConsoleRoles.IsKnown(r)))
        {
            errors["roles"] = [$"Choose one or more of: {string.Join(", ", ConsoleRoles.All)}."];
        }

        if (PasswordRules.Problem(request.Password) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        if (await store.FindByNameAsync(name, cancellationToken) is not null)
        {
            return new ConflictError($"A user named '{name}' already exists.");
        }

        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? name : request.DisplayName.Trim();
        var created = new User
        {
            Name = name,
            DisplayName = displayName,
            MustChangePassword = request.MustChangePassword,
            SecurityStamp = UserStore.NewStamp(),
            Roles = roles,
        };
        var passwordHash = hasher.HashPassword(created, request.Password!);
        try
        {
            return await database.InTransactionAsync(async unit =>
            {
                var now = time.GetUtcNow();
                var id = await store.InsertAsync(unit, created, passwordHash, now);
                await audit.AppendAsync(unit, new AuditEntry(actor, "user.created", new Subject("user", name),
                    new { displayName, roles, mustChangePassword = request.MustChangePassword }), cancellationToken);
                return (await store.FindByIdAsync(unit, id))!;
            }, cancellationToken);
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.Translate(e) is UniqueViolation)
        {
            return new ConflictError($"A user named '{name}' already exists.");
        }
    }

    public async Task<Outcome<User>> SetRolesAsync(Actor actor, string name, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        var wanted = roles.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().OrderBy(r => r).ToList();
        if (wanted.Count == 0 || wanted.Any(r => !ConsoleRoles.IsKnown(r)))
        {
            return ValidationError.For("roles", $"Choose one or more of: {string.Join(", ", ConsoleRoles.All)}.");
        }

        return await ChangeAsync(actor, name, async (unit, user) =>
        {
            if (user.Name == actor.Id && user.HasRole(ConsoleRoles.Admin) && !wanted.Contains(ConsoleRoles.Admin))
            {
                return new ConflictError("You cannot remove the admin role from yourself.");
            }

            await store.SetRolesAsync(unit, user.Id, wanted);
            return new AuditEntry(actor, "user.roles_changed", new Subject("user", user.Name), new { before = user.Roles, after = wanted });
        }, cancellationToken);
    }

    public Task<Outcome<User>> SetDisabledAsync(Actor actor, string name, bool disabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, name, async (unit, user) =>
        {
            if (disabled && user.Name == actor.Id)
            {
                return new ConflictError("You cannot disable your own account.");
            }

            await store.SetDisabledAsync(unit, user.Id, disabled, time.GetUtcNow());
            if (disabled)
            {
                foreach (var terminator in sessionTerminators)
                {
                    unit.AfterCommit(() => terminator.EndSessionsAsync(user.Id));
                }
            }

            return new AuditEntry(actor, disabled ? "user.disabled" : "user.enabled", new Subject("user", user.Name));
        }, cancellationToken);

    public async Task<Outcome<User>> ChangePasswordAsync(Actor actor, string name, string? current, string? replacement, CancellationToken cancellationToken = default)
    {
        if (PasswordRules.Problem(replacement) is { } problem)
        {
            return ValidationError.For("newPassword", problem);
        }

        return await ChangeAsync(actor, name, async (unit, user) =>
        {
            if (hasher.VerifyHashedPassword(user, user.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
            {
                return ValidationError.For("currentPassword", "The current password is not right.");
            }

            if (string.Equals(current, replacement, StringComparison.Ordinal))
            {
                return ValidationError.For("newPassword", "Choose a password different from the current one.");
            }

            await store.SetPasswordAsync(unit, user.Id, hasher.HashPassword(user, replacement!), mustChange: false, time.GetUtcNow());
            return new AuditEntry(actor, "user.password_changed", new Subject("user", user.Name));
        }, cancellationToken);
    }

    /// <summary>Loads the user, applies a change that returns its audit entry (or an error), and commits both.</summary>
    private async Task<Outcome<User>> ChangeAsync(Actor actor, string name, Func<UnitOfWork, User, Task<Outcome<AuditEntry>>> change,
        CancellationToken cancellationToken)
    {
        var existing = await store.FindByNameAsync(name, cancellationToken);
        if (existing is null)
        {
            return new NotFoundError($"No user named '{UserStore.Normalize(name)}'.");
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        var user = await store.FindByIdAsync(unit, existing.Id);
        if (user is null)
        {
            return new NotFoundError($"No user named '{existing.Name}'.");
        }

        var outcome = await change(unit, user);
        if (!outcome.IsSuccess)
        {
            return outcome.Error!;
        }

        await audit.AppendAsync(unit, outcome.Value!, cancellationToken);
        var updated = (await store.FindByIdAsync(unit, user.Id))!;
        await unit.CommitAsync(cancellationToken);
        return updated;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex NamePattern();
}

public sealed record NewUser(string? Name, string? DisplayName, IReadOnlyList<string> Roles, string? Password, bool MustChangePassword = false);

/// <summary>Ends a person's open sessions (live connections) at once, e.g. when they are disabled.</summary>
public interface ISessionTerminator
{
    Task EndSessionsAsync(long userId);
}
