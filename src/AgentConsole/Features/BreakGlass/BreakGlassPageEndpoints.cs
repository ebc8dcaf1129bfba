namespace AgentConsole.Features.BreakGlass;

/// <summary>The break-glass pages, their form posts and fragments, and the banner shown on every page.</summary>
public static class BreakGlassPageEndpoints
{
    public static WebApplication MapBreakGlassPages(this WebApplication app) => app;
}
