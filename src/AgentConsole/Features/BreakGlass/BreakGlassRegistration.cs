namespace AgentConsole.Features.BreakGlass;

public static class BreakGlassRegistration
{
    public static WebApplicationBuilder AddBreakGlass(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BreakGlassOptions>().Bind(builder.Configuration.GetSection("BreakGlass"))
            .Validate(o => o.HardCap > TimeSpan.Zero && o.HardCap <= BreakGlassOptions.Ceiling, "BreakGlass:HardCap must be between 1 second and 24 hours.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "BreakGlass:SweepInterval must be positive.")
            .Validate(o => o.MaxText is >= 10 and <= 100_000, "BreakGlass:MaxText must be between 10 and 100000.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BreakGlassStore>();
        builder.Services.AddSingleton<ActiveGrants>();
        builder.Services.AddSingleton<GrantEnding>();
        builder.Services.AddSingleton<GrantRequests>();
        builder.Services.AddSingleton<BreakGlassService>();
        builder.Services.AddSingleton<BreakGlassQueries>();
        builder.Services.AddSingleton<BreakGlassSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BreakGlassSweeper>());
        builder.Services.AddHostedService<BreakGlassFeed>();
        return builder;
    }
}
