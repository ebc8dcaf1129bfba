using System.Data.Common;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using AgentConsole.Tests.Support;
using Dapper;

namespace AgentConsole.Tests.Infrastructure.Audit;

public class AuditChainTests
{
    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_fresh_console_has_an_intact_chain_starting_with_the_first_admin(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);

        var result = await app.Service<AuditChain>().VerifyAsync();
        var events = (await app.Service<AuditChain>().PageAsync(10)).OrderBy(e => e.Seq).ToList();

        Assert.True(result.IsIntact, result.Describe());
        // The first admin, then the default policy and the first receipt-signing key.
        Assert.Equal(["user.created", "policy.published", "signing_key.rotated"], events.Select(e => e.Action));
        Assert.Equal(3, result.VerifiedCount);
        Assert.Equal(AuditHasher.Genesis, events[0].PrevHash);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Many_concurrent_writers_never_fork_the_chain(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();
        var chain = app.Service<AuditChain>();
        var before = await chain.CountAsync();
        const int writers = 8, each = 25;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await database.InTransactionAsync(unit => chain.AppendAsync(unit,
                    new AuditEntry(Actor.User($"writer{w}"), "test.appended", new Subject("test", $"{w}-{i}"), new { w, i })));
            }
        })));

        var result = await chain.VerifyAsync();
        Assert.True(result.IsIntact, result.Describe());
        Assert.Equal(before + (writers * each), result.VerifiedCount);
        await using var connection = await database.OpenAsync();
        Assert.Equal(writers * each, await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT subject_id) FROM audit_events WHERE action = 'test.appended'"));
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task A_rolled_back_unit_leaves_neither_the_change_nor_its_audit_record(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();
        var chain = app.Service<AuditChain>();
        var before = await chain.CountAsync();

        await using (var unit = await database.BeginAsync())
        {
            await unit.Connection.ExecuteAsync(
                "INSERT INTO users (name, display_name, password_hash, security_stamp, created_at, updated_at) VALUES ('ghost', 'Ghost', 'x', 's', @Now, @Now)",
                new { Now = app.Clock.GetUtcNow() }, unit.Transaction);
            await chain.AppendAsync(unit, new AuditEntry(Actor.System, "user.created", new Subject("user", "ghost")));
            // No commit: disposing rolls back.
        }

        await using var connection = await database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE name = 'ghost'"));
        Assert.Equal(before, await chain.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task The_store_refuses_updates_and_deletes_of_audit_rows(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        await using var connection = await app.Service<Database>().OpenAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE audit_events SET action = 'x' WHERE seq = 1"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM audit_events WHERE seq = 1"));
        Assert.True((await app.Service<AuditChain>().VerifyAsync()).IsIntact);
    }

    [Theory]
    [InlineData("sqlite", "altered")]
    [InlineData("sqlite", "deleted")]
    [InlineData("sqlite", "reordered")]
    [InlineData("postgres", "altered")]
    [InlineData("postgres", "deleted")]
    [InlineData("postgres", "reordered")]
    public async Task Verification_names_the_first_broken_link(string engine, string tampering)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();
        var chain = app.Service<AuditChain>();
        var before = await chain.CountAsync();
        for (var i = 0; i < 5; i++)
        {
            await database.InTransactionAsync(unit => chain.AppendAsync(unit, new AuditEntry(Actor.System, "test.appended", new Subject("test", $"{i}"))));
        }

        await app.BehindTheConsolesBackAsync(tampering switch
        {
            "altered" => $"UPDATE audit_events SET subject_id = 'someone-else' WHERE seq = {before + 3}",
            "deleted" => $"DELETE FROM audit_events WHERE seq = {before + 3}",
            _ => $"UPDATE audit_events SET seq = 100 WHERE seq = {before + 3}; UPDATE audit_events SET seq = {before + 3} WHERE seq = {before + 4}; UPDATE audit_events SET seq = {before + 4} WHERE seq = 100",
        });
        var result = await chain.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(before + 3, result.BrokenAt);
        Assert.Equal(before + 2, result.VerifiedCount);
        Assert.Contains(tampering switch { "altered" => "altered", "deleted" => "missing", _ => "reordered" }, result.Reason, StringComparison.Ordinal);
    }
}
