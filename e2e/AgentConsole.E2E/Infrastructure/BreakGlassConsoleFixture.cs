namespace AgentConsole.E2E.Infrastructure;

/// <summary>A console whose break-glass sweeper runs every second, so a grant of a few seconds ends on time in a test.</summary>
public sealed class BreakGlassConsoleFixture : ConsoleFixture
{
    public override Task InitializeAsync()
    {
        App.Settings["BreakGlass:SweepInterval"] = "00:00:01";
        return base.InitializeAsync();
    }
}
