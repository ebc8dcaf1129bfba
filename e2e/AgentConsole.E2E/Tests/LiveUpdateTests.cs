using AgentConsole.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

public sealed class LiveUpdateTests(SignedInConsoleFixture console) : IClassFixture<SignedInConsoleFixture>
{
    [Fact]
    public async Task A_token_created_in_one_browser_appears_on_another_browsers_dashboard_without_reload()
    {
        var watcher = await console.NewAdminPageAsync();
        await ConsoleActions.WaitUntilLiveAsync(watcher);
        var recent = watcher.Locator("#recent-audit");
        await Expect(recent).ToBeVisibleAsync();
        await Expect(recent).Not.ToContainTextAsync("token.created");
        await ConsoleActions.MarkDocumentAsync(watcher);

        var creator = await console.NewAdminPageAsync();
        await creator.GotoAsync("/account/tokens");
        await creator.Locator("#token-name").FillAsync("e2e live check");
        await creator.Locator("#token-lifetime").SelectOptionAsync("7d");
        await creator.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(creator.GetByTestId("new-token")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^acp_"));

        // The push (SignalR "auditAppended") must make the dashboard re-fetch its #recent-audit panel through htmx.
        await Expect(recent.Locator("tbody tr", new() { HasText = "token.created" }))
            .ToHaveCountAsync(1, new() { Timeout = 10_000 });
        Assert.True(await ConsoleActions.IsDocumentMarkedAsync(watcher), "The dashboard reloaded instead of updating in place.");
    }
}
