using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Features.Account;

/// <summary>
/// On the very first start (no people yet) creates <c>admin</c> with a one-time password, printed once to the
/// console (not to the logs), or taken from <c>AGENTCONSOLE_ADMIN_PASSWORD</c>. It must be changed at first sign-in.
/// </summary>
public sealed class FirstRunAdmin(UserStore users, UserAccounts accounts, IConfiguration configuration, ILogger<FirstRunAdmin> logger)
{
    public const string PasswordVariable = "AGENTCONSOLE_ADMIN_PASSWORD";

    public async Task EnsureAsync(TextWriter console, CancellationToken cancellationToken = default)
    {
        if ((await users.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var given = configuration[PasswordVariable];
        var password = string.IsNullOrEmpty(given) ? PasswordRules.Generate() : given;
        var outcome = await accounts.AddAsync(Actor.System,
            new NewUser("admin", "Administrator", [ConsoleRoles.Admin], password, MustChangePassword: true), cancellationToken);
        if (!outcome.IsSuccess)
        {
            // Another node created it first, or the given password breaks the rules.
            logger.LogWarning("First-run admin not created: {Problem}", outcome.Error!.Detail);
            return;
        }

        if (string.IsNullOrEmpty(given))
        {
            await console.WriteLineAsync($"""

                ================================================================
                 First start: created the account 'admin'.
                 One-time password: {password}
                 Sign in and choose a new password. This is shown only once.
                ================================================================

                """);
        }
        else
        {
            await console.WriteLineAsync($"First start: created the account 'admin' with the password from {PasswordVariable}; change it at first sign-in.");
        }
    }
}
