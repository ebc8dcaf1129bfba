using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.CommandLine;

/// <summary>The web executable as the admin CLI, run as a real process against a real store.</summary>
public class AdminCommandLineTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Users_tokens_and_audit_verify_work_from_the_shell(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);

        var migrate = await ConsoleProcess.RunAsync(store, "migrate");
        Assert.Equal(0, migrate.ExitCode);
        var migrations = typeof(Program).Assembly.GetManifestResourceNames().Count(n => n.Contains($".Migrations.{engine}.", StringComparison.Ordinal));
        Assert.True(migrations >= 4, $"only {migrations} {engine} migrations are embedded");
        Assert.Contains($"{migrations} migration(s) applied", migrate.Output, StringComparison.Ordinal);

        var add = await ConsoleProcess.RunAsync(store, "users", "add", "--name", "sam", "--role", "approver", "--role", "owner");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("One-time password: ", add.Output, StringComparison.Ordinal);
        Assert.Equal(3, (await ConsoleProcess.RunAsync(store, "users", "add", "--name", "sam", "--role", "owner", "--password", "another-password-1")).ExitCode);
        Assert.Equal(2, (await ConsoleProcess.RunAsync(store, "users", "add", "--name", "tom", "--role", "wizard")).ExitCode);

        var list = await ConsoleProcess.RunAsync(store, "users", "list");
        Assert.Contains("sam", list.Output, StringComparison.Ordinal);
        Assert.Contains("approver,owner", list.Output, StringComparison.Ordinal);

        var token = await ConsoleProcess.RunAsync(store, "tokens", "create", "--user", "sam", "--expires-in", "7d");
        Assert.Equal(0, token.ExitCode);
        Assert.Matches("^acp_[A-Za-z0-9_-]{43}$", token.Output.Split('\n')[0]);
        Assert.Equal(2, (await ConsoleProcess.RunAsync(store, "tokens", "create", "--user", "sam", "--expires-in", "forever")).ExitCode);

        var intact = await ConsoleProcess.RunAsync(store, "audit", "verify");
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact: 2 events verified", intact.Output, StringComparison.Ordinal);

        await using (var app = new ConsoleFactory(store))
        {
            await app.BehindTheConsolesBackAsync("UPDATE audit_events SET actor_id = 'nobody' WHERE seq = 2");
        }

        var broken = await ConsoleProcess.RunAsync(store, "audit", "verify");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("BROKEN at event 2", broken.Output, StringComparison.Ordinal);
    }
}
