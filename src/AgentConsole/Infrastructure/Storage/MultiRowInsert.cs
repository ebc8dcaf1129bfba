using System.Text;
using Dapper;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>
/// One <c>INSERT … VALUES (…), (…), …</c> for many rows: one statement and one round trip instead of one per row,
/// on both engines. Used by group commits, where a batch holds hundreds of rows.
/// </summary>
public static class MultiRowInsert
{
    // Both engines cap the number of parameters in one statement (SQLite 32766, PostgreSQL 65535).
    private const int MaxParameters = 30_000;

    public static async Task ExecuteAsync<T>(UnitOfWork unit, string table, IReadOnlyList<string> columns, IReadOnlyList<T> rows,
        Func<T, object?[]> values, string suffix = "", CancellationToken cancellationToken = default)
    {
        var perStatement = Math.Max(1, MaxParameters / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
            var parameters = new DynamicParameters();
            for (var r = 0; r < count; r++)
            {
                var row = values(rows[start + r]);
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"p{r}_{c}";
                    sql.Append(c == 0 ? "@" : ", @").Append(name);
                    parameters.Add(name, row[c]);
                }

                sql.Append(')');
            }

            sql.Append(suffix);
            await unit.Connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, unit.Transaction, cancellationToken: cancellationToken));
        }
    }
}
