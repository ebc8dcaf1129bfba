namespace AgentConsole.Infrastructure.Storage;

public static class StorageRegistration
{
    public static WebApplicationBuilder AddConsoleStorage(this WebApplicationBuilder builder)
    {
        TimestampHandler.Register();
        // Columns are snake_case, properties PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection("Storage"))
            .PostConfigure(o => o.PostgresConnectionString ??= builder.Configuration.GetConnectionString("Postgres"));
        builder.Services.AddSingleton<ISqlDialect>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.PostgresConnectionString)
                ? new SqliteDialect(options.SqlitePath)
                : new PostgresDialect(options.PostgresConnectionString);
        });
        builder.Services.AddSingleton<Database>();
        builder.Services.AddSingleton<MigrationRunner>();
        return builder;
    }
}
