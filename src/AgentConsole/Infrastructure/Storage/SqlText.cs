using System.Collections.Concurrent;
using System.Reflection;

namespace AgentConsole.Infrastructure.Storage;

/// <summary>
/// SQL lives in embedded <c>Sql/*.sql</c> files beside each feature and is read once.
/// <c>Name.postgres.sql</c> or <c>Name.sqlite.sql</c>, when present, replaces <c>Name.sql</c> on that engine.
/// </summary>
public static class SqlText
{
    private static readonly Assembly Assembly = typeof(SqlText).Assembly;
    private static readonly ConcurrentDictionary<(Type, string, string), string> Cache = new();

    public static string For<TFeature>(string name, ISqlDialect dialect) =>
        Cache.GetOrAdd((typeof(TFeature), name, dialect.Engine), static key => Load(key.Item1.Namespace!, key.Item2, key.Item3));

    private static string Load(string featureNamespace, string name, string engine)
    {
        var prefix = $"{featureNamespace}.Sql.{name}";
        return Read($"{prefix}.{engine}.sql") ?? Read($"{prefix}.sql")
            ?? throw new InvalidOperationException($"No embedded SQL named {prefix}.sql");
    }

    internal static string? Read(string resourceName)
    {
        using var stream = Assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static IEnumerable<string> ResourcesUnder(string prefix) =>
        Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal));
}
