using AgentConsole.Features.Account;
using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Infrastructure.Storage;

public static class StartupPreparation
{
    /// <summary>Applies migrations, creates the first-run admin, and verifies the audit chain in the background.</summary>
    public static async Task PrepareStorageAsync(this WebApplication app, TextWriter console)
    {
        var migrations = app.Services.GetRequiredService<MigrationRunner>();
        await migrations.ApplyAsync();
        await app.Services.GetRequiredService<FirstRunAdmin>().EnsureAsync(console);
        var status = app.Services.GetRequiredService<AuditStatus>();
        var logger = app.Services.GetRequiredService<ILogger<AuditStatus>>();
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await status.VerifyNowAsync(app.Lifetime.ApplicationStopping);
                logger.Log(result.IsIntact ? LogLevel.Information : LogLevel.Critical, "{Verification}", result.Describe());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Audit chain verification at start-up could not run");
            }
        });
    }
}
