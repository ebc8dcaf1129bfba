using System.Data.Common;
using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Infrastructure.Audit;

/// <summary>Appends to and reads the hash-chained audit log. Appends happen inside the caller's unit of work.</summary>
public sealed class AuditChain(Database database, TimeProvider time, IEnumerable<IAuditObserver> observers)
{
    private static readonly string[] Columns =
        ["seq", "occurred_at", "actor_kind", "actor_id", "action", "subject_type", "subject_id", "payload", "prev_hash", "hash"];

    private ISqlDialect Dialect => database.Dialect;

    public async Task<AuditEvent> AppendAsync(UnitOfWork unit, AuditEntry entry, CancellationToken cancellationToken = default) =>
        (await AppendManyAsync(unit, [entry], cancellationToken))[0];

    /// <summary>
    /// Appends several events in order with one head read and one prepared insert: the decision API's group commits
    /// write a whole batch of decisions and their audit records in one transaction.
    /// </summary>
    public Task<IReadOnlyList<AuditEvent>> AppendManyAsync(UnitOfWork unit, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        AppendAsync(unit, entries, sync: false, cancellationToken);

    /// <summary>Blocking <see cref="AppendManyAsync"/>, for the decision writer's thread.</summary>
    public IReadOnlyList<AuditEvent> AppendMany(UnitOfWork unit, IReadOnlyList<AuditEntry> entries) =>
        AppendAsync(unit, entries, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    // One body for both: with sync set every call below blocks and the task is already complete when it returns.
    private async Task<IReadOnlyList<AuditEvent>> AppendAsync(UnitOfWork unit, IReadOnlyList<AuditEntry> entries, bool sync, CancellationToken cancellationToken)
    {
        // The lock (PostgreSQL) or the IMMEDIATE transaction (SQLite) makes head-read and insert one step for every writer.
        var readHead = new CommandDefinition(SqlText.For<AuditChain>("Head", Dialect), transaction: unit.Transaction, cancellationToken: cancellationToken);
        ChainHead? head;
        if (sync)
        {
            Dialect.LockAuditChain(unit.Transaction);
            head = unit.Connection.QuerySingleOrDefault<ChainHead>(readHead);
        }
        else
        {
            await Dialect.LockAuditChainAsync(unit.Transaction, cancellationToken);
            head = await unit.Connection.QuerySingleOrDefaultAsync<ChainHead>(readHead);
        }

        var seq = head?.Seq ?? 0;
        var prevHash = head?.Hash ?? AuditHasher.Genesis;
        var occurredAt = TimestampHandler.Truncate(time.GetUtcNow());
        var stored = new List<AuditEvent>(entries.Count);
        foreach (var entry in entries)
        {
            seq++;
            var payload = entry.CanonicalPayload;
            var hash = AuditHasher.Compute(seq, occurredAt, entry.Actor.Kind, entry.Actor.Id, entry.Action,
                entry.Subject.Type, entry.Subject.Id, payload, prevHash);
            stored.Add(new AuditEvent(seq, occurredAt, entry.Actor.Kind, entry.Actor.Id, entry.Action,
                entry.Subject.Type, entry.Subject.Id, payload, prevHash, hash));
            prevHash = hash;
        }

        Func<AuditEvent, object?[]> row = e => [e.Seq, e.OccurredAt, e.ActorKind, e.ActorId, e.Action, e.SubjectType, e.SubjectId, e.Payload, e.PrevHash, e.Hash];
        if (sync)
        {
            MultiRowInsert.Execute(unit, "audit_events", Columns, stored, row);
        }
        else if (stored.Count == 1)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(
                SqlText.For<AuditChain>("Insert", Dialect), stored[0], unit.Transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await MultiRowInsert.ExecuteAsync(unit, "audit_events", Columns, stored, row, cancellationToken: cancellationToken);
        }

        foreach (var observer in observers)
        {
            unit.AfterCommit(async () =>
            {
                foreach (var e in stored)
                {
                    await observer.OnAppendedAsync(e);
                }
            });
        }

        return stored;
    }

    /// <summary>Walks the whole chain in order and names the first link that does not hold.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqlText.For<AuditChain>("All", Dialect);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        long expectedSeq = 1;
        var prevHash = AuditHasher.Genesis;
        while (await reader.ReadAsync(cancellationToken))
        {
            var e = Read(reader);
            var broken = e switch
            {
                _ when e.Seq != expectedSeq => $"it is missing (the next event found is {e.Seq}): events were deleted",
                _ when e.PrevHash != prevHash => "its previous-hash does not match the hash of the event before it: events were removed or reordered",
                _ when AuditHasher.Compute(e) != e.Hash => "its content does not match its hash: the event was altered",
                _ => null,
            };
            if (broken is not null)
            {
                return AuditVerification.Broken(expectedSeq - 1, expectedSeq, broken, time.GetUtcNow());
            }

            prevHash = e.Hash;
            expectedSeq++;
        }

        return AuditVerification.Intact(expectedSeq - 1, prevHash, time.GetUtcNow());
    }

    public async Task<IReadOnlyList<AuditEvent>> PageAsync(int limit, long? before = null, long? after = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqlText.For<AuditChain>("Page", Dialect);
        AddParameter(command, "Before", before);
        AddParameter(command, "After", after);
        AddParameter(command, "Limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<AuditEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(reader));
        }

        return events;
    }

    /// <summary>The newest events about one subject (e.g. an assistant's history), newest first.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ForSubjectAsync(Subject subject, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqlText.For<AuditChain>("ForSubject", Dialect);
        AddParameter(command, "SubjectType", subject.Type);
        AddParameter(command, "SubjectId", subject.Id);
        AddParameter(command, "Limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<AuditEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(reader));
        }

        return events;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        await database.ScalarAsync<long>(SqlText.For<AuditChain>("Count", Dialect), cancellationToken: cancellationToken);

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (value is null)
        {
            parameter.DbType = System.Data.DbType.Int64;
        }

        command.Parameters.Add(parameter);
    }

    private static AuditEvent Read(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetFieldValue<DateTimeOffset>(1).ToUniversalTime(),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.GetString(8),
        r.GetString(9));
}

internal sealed record ChainHead(long Seq, string Hash);

public interface IAuditObserver
{
    Task OnAppendedAsync(AuditEvent appended);
}

public sealed record AuditVerification(bool IsIntact, long VerifiedCount, long? BrokenAt, string? Reason, string? HeadHash, DateTimeOffset CheckedAt)
{
    public static AuditVerification Intact(long count, string headHash, DateTimeOffset at) => new(true, count, null, null, headHash, at);

    public static AuditVerification Broken(long verified, long at, string reason, DateTimeOffset checkedAt) =>
        new(false, verified, at, reason, null, checkedAt);

    public string Describe() => IsIntact
        ? $"Audit chain intact: {VerifiedCount} events verified, head {HeadHash}."
        : $"Audit chain BROKEN at event {BrokenAt}: {Reason}. {VerifiedCount} events before it verified.";
}
