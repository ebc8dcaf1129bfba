using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Notifications;

public static class NotificationRegistration
{
    /// <summary>Who manages webhooks and reads their delivery log.</summary>
    public const string Roles = ConsoleRoles.Admin + "," + ConsoleRoles.Security;

    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        services.AddHttpClient(WebhookSender.ClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            // A receiver answers itself; a redirect would send the signed body somewhere nobody configured.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<ReviewLinks>();
        services.AddSingleton<Notices>();
        services.AddSingleton<Escalations>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<WebhookOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookOutbox>());
        services.AddSingleton<WebhookSubscriptions>();
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        // The delivery log's htmx refresh; the page itself is a Razor component at /settings/webhooks.
        app.MapGet("/settings/webhooks/deliveries", async (long? webhook, string? state, DeliveryStore deliveries, CancellationToken ct) =>
                new RazorComponentResult<DeliveryLog>(new
                {
                    Deliveries = await deliveries.LogAsync(webhook, DeliveryLog.KnownState(state), DeliveryLog.PageSize, ct),
                    Webhook = webhook,
                    State = DeliveryLog.KnownState(state),
                }))
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ConsoleClaims.CookieScheme).RequireRole(ConsoleRoles.Admin, ConsoleRoles.Security))
            .ExcludeFromDescription();
        return app;
    }
}
