namespace AgentConsole.Features.BreakGlass;

public static class BreakGlassRegistration
{
    public static WebApplicationBuilder AddBreakGlass(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BreakGlassOptions>().Bind(builder.Configuration.GetSection("BreakGlass"))
            .Validate(o => o.HardCap > TimeSpan.Zero && o.HardCap <= BreakGlassOptions.Ceiling, "BreakGlass:HardCap must be between 1 second and 24 hours.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BreakGlassStore>();
        builder.Services.AddSingleton<ActiveGrants>();
        builder.Services.AddSingleton<BreakGlassService>();
        builder.Services.AddSingleton<BreakGlassQueries>();
        return builder;
    }
}
