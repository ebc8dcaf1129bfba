using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentConsole.Features.AuditLog;

public static class AuditLogEndpoints
{
    public static WebApplication MapAuditLog(this WebApplication app)
    {
        var group = app.MapGroup("/audit").RequireAuthorization(ConsolePolicies.AuditReader).ExcludeFromDescription();
        group.MapPost("/verify", async (HttpContext context, AuditStatus status) =>
        {
            var result = await status.VerifyNowAsync(context.RequestAborted);
            return context.Request.IsHtmx()
                ? (IResult)new RazorComponentResult<ChainState>(new { Verification = result, CanVerify = true })
                : Results.Redirect("/audit");
        }).RequireAntiforgeryToken();
        group.MapGet("/recent", async (AuditChain chain, CancellationToken cancellationToken) =>
            new RazorComponentResult<RecentAudit>(new { Events = await chain.PageAsync(10, cancellationToken: cancellationToken) }));

        var api = app.MapGroup("/v1/audit").RequireAuthorization(ConsolePolicies.ApiAuditReader).WithTags("Audit");
        api.MapGet("/verify", async (AuditStatus status, CancellationToken ct) => TypedResults.Ok(await status.VerifyNowAsync(ct)));
        api.MapGet("/events", async (long? after, int? limit, AuditChain chain, CancellationToken ct) =>
        {
            var size = Math.Clamp(limit ?? 100, 1, 1000);
            var events = await chain.PageAsync(size, after: after, cancellationToken: ct);
            return TypedResults.Ok(events.OrderBy(e => e.Seq).ToList());
        });
        return app;
    }
}
