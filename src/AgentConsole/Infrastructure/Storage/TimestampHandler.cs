using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>
/// Stores instants as UTC with microsecond precision on both engines: <c>timestamptz</c> on PostgreSQL,
/// fixed-width ISO 8601 text on SQLite (so text order is time order).
/// </summary>
public sealed class TimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public const string SqliteFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        var utc = Truncate(value);
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = utc.ToString(SqliteFormat, CultureInfo.InvariantCulture);
        }
        else
        {
            parameter.DbType = DbType.DateTime;
            parameter.Value = utc.UtcDateTime;
        }
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset offset => offset.ToUniversalTime(),
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new DataException($"Cannot read a timestamp from {value.GetType().Name}"),
    };

    public static void Register()
    {
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new TimestampHandler());
    }
}
