using AgentConsole.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

public sealed class UserAdministrationTests(SignedInConsoleFixture console) : IClassFixture<SignedInConsoleFixture>
{
    [Fact]
    public async Task Admin_adds_an_approver_then_disables_them_in_place()
    {
        var name = $"approver-{Guid.NewGuid():N}"[..17];
        var page = await console.NewAdminPageAsync();
        await page.GotoAsync("/admin/users");

        await page.Locator("#new-name").FillAsync(name);
        await page.Locator("#new-display").FillAsync("Ann Approver");
        await page.Locator("#new-approver").CheckAsync();
        await page.Locator("#new-password").FillAsync("initial-Passw0rd-for-ann");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();

        await Expect(page.GetByTestId("user-added")).ToContainTextAsync(name);
        var row = page.Locator($"tr[data-testid=user-row]#user-{name}");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Ann Approver");
        await Expect(row).ToContainTextAsync("active");
        await Expect(row.Locator($"#role-{name}-approver")).ToBeCheckedAsync();
        await Expect(row.Locator($"#role-{name}-admin")).Not.ToBeCheckedAsync();

        // htmx swaps just this row: the mark left in the window survives, so there was no full page load.
        await ConsoleActions.MarkDocumentAsync(page);
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();

        await Expect(row.Locator(".badge")).ToHaveTextAsync("disabled");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Status)).ToContainTextAsync("Disabled");
        Assert.True(await ConsoleActions.IsDocumentMarkedAsync(page), "Disabling reloaded the whole page instead of swapping the row.");
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs("/admin/users"));
    }
}
