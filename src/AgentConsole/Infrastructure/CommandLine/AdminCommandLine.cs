using System.CommandLine;
using System.Diagnostics;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Tokens;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Infrastructure.CommandLine;

/// <summary>
/// <c>AgentConsole users add|list</c>, <c>tokens create</c>, <c>audit verify</c>, <c>migrate</c>, <c>demo-data</c>: administration from a shell,
/// against the same store and configuration as the web console. Changes are audited as the operating-system user.
/// </summary>
public static class AdminCommandLine
{
    private static readonly string[] Commands = ["users", "tokens", "audit", "migrate", "demo-data", "--help", "-h", "-?"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var output = Console.Out;
        var actor = Actor.CommandLine(Environment.UserName);
        var root = new RootCommand("AgentConsole administration. Without a command, the console's web server starts.");

        var migrate = new Command("migrate", "Apply pending database migrations.");
        migrate.SetAction(async (_, ct) =>
        {
            var applied = await services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
            await output.WriteLineAsync($"{applied} migration(s) applied on {services.GetRequiredService<Database>().Dialect.Engine}; the schema is current.");
            return 0;
        });
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(UsersCommand(services, actor, output));
        root.Subcommands.Add(TokensCommand(services, actor, output));
        root.Subcommands.Add(AuditCommand(services, output));
        root.Subcommands.Add(DemoDataCommand(services, actor, output));
        return await root.Parse(args).InvokeAsync();
    }

    private static Command UsersCommand(IServiceProvider services, Actor actor, TextWriter output)
    {
        var name = new Option<string>("--name") { Description = "Sign-in name (lower-case).", Required = true };
        var roles = new Option<string[]>("--role") { Description = $"Role, repeatable: {string.Join(", ", ConsoleRoles.All)}.", Required = true, AllowMultipleArgumentsPerToken = true };
        var password = new Option<string?>("--password") { Description = "Initial password; generated and printed when left out." };
        var displayName = new Option<string?>("--display-name") { Description = "Name shown in the console." };
        var add = new Command("add", "Add a person. They must change the password at first sign-in.") { name, roles, password, displayName };
        add.SetAction(async (parse, ct) =>
        {
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
            var given = parse.GetValue(password);
            var chosen = string.IsNullOrEmpty(given) ? PasswordRules.Generate() : given;
            var outcome = await services.GetRequiredService<UserAccounts>().AddAsync(actor,
                new NewUser(parse.GetValue(name), parse.GetValue(displayName), parse.GetValue(roles) ?? [], chosen, MustChangePassword: true), ct);
            if (!outcome.IsSuccess)
            {
                await Console.Error.WriteLineAsync($"error: {outcome.Error!.Detail}");
                return outcome.Error is Web.ConflictError ? 3 : 2;
            }

            await output.WriteLineAsync($"Added {outcome.Value!.Name} ({string.Join(", ", outcome.Value.Roles)}).");
            if (string.IsNullOrEmpty(given))
            {
                await output.WriteLineAsync($"One-time password: {chosen}");
            }

            return 0;
        });

        var list = new Command("list", "List people, their roles and state.");
        list.SetAction(async (_, ct) =>
        {
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
            var people = await services.GetRequiredService<UserStore>().ListAsync(ct);
            await output.WriteLineAsync($"{"NAME",-24} {"ROLES",-36} {"STATE",-9} LAST SIGN-IN");
            foreach (var user in people)
            {
                var state = user.IsDisabled ? "disabled" : "active";
                await output.WriteLineAsync($"{user.Name,-24} {string.Join(",", user.Roles),-36} {state,-9} {user.LastSignInAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}");
            }

            return 0;
        });
        return new Command("users", "Manage people.") { add, list };
    }

    private static Command TokensCommand(IServiceProvider services, Actor actor, TextWriter output)
    {
        var user = new Option<string>("--user") { Description = "Whose token.", Required = true };
        var expiresIn = new Option<string?>("--expires-in") { Description = "Lifetime such as 30d, 12h or 90m (default 30d, at most 365d)." };
        var tokenName = new Option<string?>("--name") { Description = "What the token is for." };
        var create = new Command("create", "Create a personal API token and print it once.") { user, expiresIn, tokenName };
        create.SetAction(async (parse, ct) =>
        {
            if (!TokenLifetime.TryParse(parse.GetValue(expiresIn), out var lifetime))
            {
                await Console.Error.WriteLineAsync("error: --expires-in takes a number and d, h or m (at most 365d), e.g. 30d.");
                return 2;
            }

            await services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
            var outcome = await services.GetRequiredService<PersonalTokens>().CreateAsync(actor, parse.GetValue(user)!,
                parse.GetValue(tokenName) ?? "command line", lifetime, ct);
            if (!outcome.IsSuccess)
            {
                await Console.Error.WriteLineAsync($"error: {outcome.Error!.Detail}");
                return 2;
            }

            await output.WriteLineAsync(outcome.Value!.Secret);
            await Console.Error.WriteLineAsync($"Token {outcome.Value.Token.Id} for {parse.GetValue(user)} expires {outcome.Value.Token.ExpiresAt:u}. It is not shown again.");
            return 0;
        });
        return new Command("tokens", "Manage personal API tokens.") { create };
    }

    private static Command AuditCommand(IServiceProvider services, TextWriter output)
    {
        var verify = new Command("verify", "Walk the audit chain and name the first broken link. Exits 1 when broken.");
        verify.SetAction(async (_, ct) =>
        {
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
            var result = await services.GetRequiredService<AuditChain>().VerifyAsync(ct);
            await output.WriteLineAsync(result.Describe());
            return result.IsIntact ? 0 : 1;
        });
        return new Command("audit", "Inspect the audit chain.") { verify };
    }

    private static Command DemoDataCommand(IServiceProvider services, Actor actor, TextWriter output)
    {
        var assistants = new Option<int>("--assistants") { Description = $"How many assistants to add (1 to {DemoData.MaxAssistants}).", Required = true };
        var people = new Option<int>("--people")
        {
            Description = $"How many owners to spread them over (1 to {DemoData.MaxPeople}, default 50); missing ones are created, every eighth disabled.",
            DefaultValueFactory = _ => 50,
        };
        var append = new Option<bool>("--append") { Description = "Add demo assistants even though the inventory already holds some (nothing is removed)." };
        var password = new Option<string?>("--password")
        {
            Description = "Password for the demo people created now, to try the console as them (changed at first sign-in). "
                          + "Without it they get a random one nobody knows.",
        };
        var command = new Command("demo-data",
            "Fill the inventory with realistic demo assistants, for trying the console and for benchmarks: varied teams, tiers, environments, "
            + "scopes and labels; some suspended, retired, orphaned, idle, overdue for review, with long-lived secrets or pending changes. "
            + "Owners (and two security people) are created when missing. Everything is written in bulk in one transaction and recorded as one "
            + "audit event (demo_data.seeded). Refuses (exit 1) when the inventory is not empty, unless --append is given. "
            + "Demo client secrets are unusable: their values are never kept.")
        {
            assistants, people, append, password,
        };
        command.SetAction(async (parse, ct) =>
        {
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(ct);
            var started = Stopwatch.GetTimestamp();
            var outcome = await services.GetRequiredService<DemoData>().SeedAsync(actor,
                new DemoDataRequest(parse.GetValue(assistants), parse.GetValue(people), parse.GetValue(append), parse.GetValue(password)), ct);
            if (!outcome.IsSuccess)
            {
                await Console.Error.WriteLineAsync($"error: {outcome.Error!.Detail}");
                return outcome.Error is ConflictError ? 1 : 2;
            }

            var seeded = outcome.Value!;
            var elapsed = Stopwatch.GetElapsedTime(started);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var summary = await services.GetRequiredService<AssistantStore>().SummaryAsync(now, visibleToUserId: null, ct);
            await output.WriteLineAsync($"Seeded {seeded.Assistants} demo assistants ({seeded.FirstName} .. {seeded.LastName}) and {seeded.PeopleAdded} new people "
                                        + $"in {elapsed.TotalSeconds:0.0} s on {services.GetRequiredService<Database>().Dialect.Engine}; audit event {seeded.AuditSeq} records it.");
            await output.WriteLineAsync($"Inventory now: {summary.Total} assistants, {summary.Active} active, {summary.Suspended} suspended; flagged: "
                                        + $"{summary.Overdue} overdue, {summary.Idle} idle, {summary.Orphaned} orphaned, {summary.LongLivedSecrets} long-lived secrets, "
                                        + $"{summary.PendingChanges} pending changes.");
            return 0;
        });
        return command;
    }
}
