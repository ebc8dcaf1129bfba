using AgentConsole.Infrastructure.Storage;
using AgentConsole.Tests.Support;
using Dapper;

namespace AgentConsole.Tests.Infrastructure.Storage;

/// <summary>
/// SQLite lets one transaction write at a time. The console queues its own write transactions instead of letting them
/// collide on the file lock, where the driver retries every 150 ms on the caller's thread.
/// </summary>
public class WriteQueueTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task On_sqlite_a_second_writer_waits_without_a_thread_and_begins_as_soon_as_the_first_commits()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();

        var first = await database.BeginAsync();
        // Before the queue, this call blocked the caller inside the driver's busy loop until the first unit ended.
        var second = database.BeginAsync();
        Assert.False(second.IsCompleted);

        await first.Connection.ExecuteAsync("CREATE TABLE queued (n INTEGER)", transaction: first.Transaction);
        await first.CommitAsync();
        await using var next = await second.WaitAsync(Soon);
        await next.Connection.ExecuteAsync("INSERT INTO queued VALUES (1)", transaction: next.Transaction);
        await next.CommitAsync();
        await first.DisposeAsync();

        Assert.Equal(1, await database.ScalarAsync<long>("SELECT COUNT(*) FROM queued"));
    }

    [Fact]
    public async Task On_sqlite_a_unit_that_is_rolled_back_hands_the_turn_on()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();

        var first = await database.BeginAsync();
        var second = database.BeginAsync();
        await first.DisposeAsync();

        await using var next = await second.WaitAsync(Soon);
        Assert.NotNull(next.Transaction);
    }

    [Theory]
    [MemberData(nameof(TestStore.Engines), MemberType = typeof(TestStore))]
    public async Task Work_after_a_commit_may_begin_the_next_transaction(string engine)
    {
        await using var store = await TestStore.CreateAsync(engine);
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();
        var ranAfterCommit = false;

        await database.InTransactionAsync(async unit =>
        {
            unit.AfterCommit(async () =>
            {
                await database.InTransactionAsync(async inner =>
                {
                    await inner.Connection.ExecuteAsync("CREATE TABLE after_commit (n INTEGER)", transaction: inner.Transaction);
                    return true;
                });
                ranAfterCommit = true;
            });
            await unit.Connection.ExecuteAsync("CREATE TABLE first_unit (n INTEGER)", transaction: unit.Transaction);
            return true;
        }).WaitAsync(Soon);

        Assert.True(ranAfterCommit);
    }

    [Fact]
    public async Task On_postgresql_writers_are_not_queued_by_the_console()
    {
        await using var store = await TestStore.CreateAsync("postgres");
        await using var app = new ConsoleFactory(store);
        var database = app.Service<Database>();

        await using var first = await database.BeginAsync();
        await using var second = await database.BeginAsync().WaitAsync(Soon);

        Assert.False(database.Dialect.OneWriterAtATime);
        Assert.NotSame(first.Connection, second.Connection);
    }
}
