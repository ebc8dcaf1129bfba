using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.Health;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the store answers and its schema is current.</summary>
public static class HealthEndpoints
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", async (MigrationRunner migrations, Database database, ILoggerFactory logs, CancellationToken cancellationToken) =>
        {
            try
            {
                var current = await migrations.IsUpToDateAsync(cancellationToken);
                return current
                    ? Results.Json(new { status = "ready", engine = database.Dialect.Engine })
                    : Results.Json(new { status = "not ready", reason = "migrations pending" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                logs.CreateLogger("Readiness").LogWarning(e, "Store not reachable");
                return Results.Json(new { status = "not ready", reason = "database unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
