namespace AgentConsole.Infrastructure.Storage;

/// <summary>Where the console keeps its data: a SQLite file by default, PostgreSQL when a connection string is set.</summary>
public sealed class StorageOptions
{
    /// <summary>Folder for the embedded SQLite database, relative to the working directory unless rooted.</summary>
    public string DataDirectory { get; set; } = "data";

    public string DatabaseFile { get; set; } = "agentconsole.db";

    /// <summary>From <c>ConnectionStrings:Postgres</c>; when set, PostgreSQL is the store.</summary>
    public string? PostgresConnectionString { get; set; }

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFile));
}
