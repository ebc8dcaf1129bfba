namespace AgentConsole.Features.BreakGlass;

/// <summary><c>/v1/break-glass</c>: responders' scripts request, approve, end, list and review grants with a personal API token.</summary>
public static class BreakGlassApi
{
    public static WebApplication MapBreakGlassApi(this WebApplication app) => app;
}
