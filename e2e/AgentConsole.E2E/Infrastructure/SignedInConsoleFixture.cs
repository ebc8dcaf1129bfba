using Microsoft.Playwright;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>A console whose first-run admin has already chosen a password; tests sign in with <see cref="AdminPassword"/>.</summary>
public class SignedInConsoleFixture : ConsoleFixture
{
    public const string AdminName = "admin";

    public string AdminPassword { get; } = $"e2e-Chosen-{Guid.NewGuid():N}"[..24];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var page = await NewPageAsync();
        await ConsoleActions.SignInAsync(page, AdminName, ConsoleAppFactory.FirstRunPassword);
        await Assertions.Expect(page).ToHaveURLAsync(ConsoleActions.PathIs("/account/password"));
        await ConsoleActions.ChangePasswordAsync(page, ConsoleAppFactory.FirstRunPassword, AdminPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>A new browser context signed in as the admin, on the dashboard.</summary>
    public async Task<IPage> NewAdminPageAsync(ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(viewport);
        await ConsoleActions.SignInAsync(page, AdminName, AdminPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        return page;
    }
}
