using AgentConsole.Components;
using AgentConsole.Features.Account;

namespace AgentConsole.Infrastructure.Web;

/// <summary>The web shell: pages, problem details, error pages, security headers, antiforgery, static assets.</summary>
public static class ShellRegistration
{
    public static WebApplicationBuilder AddShell(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    public static WebApplication UseShell(this WebApplication app)
    {
        app.UseSecurityHeaders();
        // API callers get problem+json; people get a friendly page.
        app.UseWhen(IsApi, api => api.UseExceptionHandler());
        app.UseWhen(c => !IsApi(c) && !c.Request.Path.StartsWithSegments("/hubs"), ui =>
        {
            ui.UseExceptionHandler("/error", createScopeForErrors: true);
            ui.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        });
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        // Routing after the error handlers, so a re-executed request (/error, /not-found) finds its page again.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePasswordChangeGate();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Machine callers: the JSON API, the AuthZEN evaluation and the published keys.</summary>
    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1") || context.Request.Path.StartsWithSegments("/access")
        || context.Request.Path.StartsWithSegments("/.well-known");

    public static WebApplication MapShell(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapRazorComponents<App>();
        return app;
    }
}
