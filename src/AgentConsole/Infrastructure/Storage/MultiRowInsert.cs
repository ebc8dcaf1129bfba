using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>
/// Inserts many rows in one transaction as cheaply as each engine allows. Used by group commits, where a batch holds
/// hundreds of rows.
/// <list type="bullet">
/// <item>PostgreSQL: one <c>INSERT … VALUES (…), (…), …</c> per up to 30,000 parameters, with positional parameters
/// (<c>$1</c>, <c>$2</c>, …) so the driver does not rewrite the statement: one round trip instead of one per row.</item>
/// <item>SQLite: one prepared single-row statement, bound and stepped once per row. SQLite runs in-process, so there is
/// no round trip to save, while a statement with thousands of named parameters costs a linear name lookup per parameter
/// (quadratic in all; it was most of the time of a decision batch).</item>
/// </list>
/// Plain ADO.NET rather than Dapper: Dapper's per-call parameter objects were a measurable share of a batch.
/// </summary>
public static class MultiRowInsert
{
    // PostgreSQL caps the number of parameters in one statement at 65535.
    private const int MaxParameters = 30_000;

    private static readonly TimestampHandler Timestamps = new();

    public static Task ExecuteAsync<T>(UnitOfWork unit, string table, IReadOnlyList<string> columns, IReadOnlyList<T> rows,
        Func<T, object?[]> values, string suffix = "", CancellationToken cancellationToken = default) =>
        RunAsync(unit, table, columns, rows, values, suffix, sync: false, cancellationToken);

    /// <summary>Blocking <see cref="ExecuteAsync"/>, for the decision writer's thread.</summary>
    public static void Execute<T>(UnitOfWork unit, string table, IReadOnlyList<string> columns, IReadOnlyList<T> rows,
        Func<T, object?[]> values, string suffix = "") =>
        RunAsync(unit, table, columns, rows, values, suffix, sync: true, CancellationToken.None).GetAwaiter().GetResult();

    // One body for both: with sync set every call below blocks and the task is already complete when it returns.
    private static async Task RunAsync<T>(UnitOfWork unit, string table, IReadOnlyList<string> columns, IReadOnlyList<T> rows,
        Func<T, object?[]> values, string suffix, bool sync, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (unit.Connection is SqliteConnection)
        {
            await InsertEachAsync(unit, table, columns, rows, values, suffix, sync, cancellationToken);
        }
        else
        {
            await InsertManyAsync(unit, table, columns, rows, values, suffix, sync, cancellationToken);
        }
    }

    private static async Task InsertEachAsync<T>(UnitOfWork unit, string table, IReadOnlyList<string> columns, IReadOnlyList<T> rows,
        Func<T, object?[]> values, string suffix, bool sync, CancellationToken cancellationToken)
    {
        using var command = unit.Connection.CreateCommand();
        command.Transaction = unit.Transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, c) => $"@p{c}"))}){suffix}";
        var parameters = new DbParameter[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            parameters[c] = command.CreateParameter();
            parameters[c].ParameterName = $"@p{c}";
            command.Parameters.Add(parameters[c]);
        }

        foreach (var row in rows)
        {
            var data = values(row);
            for (var c = 0; c < columns.Count; c++)
            {
                Bind(parameters[c], data[c]);
            }

            await ExecuteAsync(command, sync, cancellationToken);
        }
    }

    private static async Task InsertManyAsync<T>(UnitOfWork unit, string table, IReadOnlyList<string> columns, IReadOnlyList<T> rows,
        Func<T, object?[]> values, string suffix, bool sync, CancellationToken cancellationToken)
    {
        var perStatement = Math.Max(1, MaxParameters / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            using var command = unit.Connection.CreateCommand();
            command.Transaction = unit.Transaction;
            var sql = new StringBuilder(64 + count * columns.Count * 7)
                .Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
            var position = 0;
            for (var r = 0; r < count; r++)
            {
                var data = values(rows[start + r]);
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    sql.Append(c == 0 ? "$" : ", $").Append(++position);
                    var parameter = command.CreateParameter();
                    Bind(parameter, data[c]);
                    command.Parameters.Add(parameter);
                }

                sql.Append(')');
            }

            command.CommandText = sql.Append(suffix).ToString();
            await ExecuteAsync(command, sync, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(DbCommand command, bool sync, CancellationToken cancellationToken)
    {
        if (sync)
        {
            command.ExecuteNonQuery();
        }
        else
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The same conversions the rest of the store gets from Dapper: instants through <see cref="TimestampHandler"/>.</summary>
    private static void Bind(DbParameter parameter, object? value)
    {
        switch (value)
        {
            case null:
                // No type: the engine takes the column's (a typed text NULL into an integer column fails on PostgreSQL).
                parameter.ResetDbType();
                parameter.Value = DBNull.Value;
                break;
            case DateTimeOffset instant:
                Timestamps.SetValue(parameter, instant);
                break;
            case string text:
                parameter.DbType = DbType.String;
                parameter.Value = text;
                break;
            case long number:
                parameter.DbType = DbType.Int64;
                parameter.Value = number;
                break;
            case int number:
                parameter.DbType = DbType.Int32;
                parameter.Value = number;
                break;
            case bool flag:
                parameter.DbType = DbType.Boolean;
                parameter.Value = flag;
                break;
            default:
                throw new ArgumentException($"No conversion for a {value.GetType().Name} in a multi-row insert.", nameof(value));
        }
    }
}
