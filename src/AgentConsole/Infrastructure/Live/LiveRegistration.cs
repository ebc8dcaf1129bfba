using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Infrastructure.Live;

public static class LiveRegistration
{
    public static WebApplicationBuilder AddLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveBroadcaster>();
        builder.Services.AddSingleton<IAuditObserver>(sp => sp.GetRequiredService<LiveBroadcaster>());
        builder.Services.AddSingleton<ISessionTerminator>(sp => sp.GetRequiredService<LiveBroadcaster>());
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<ConsoleHub>(ConsoleHub.Path);
        return app;
    }
}
