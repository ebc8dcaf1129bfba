using AgentConsole.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

public sealed class SignInTests(SignedInConsoleFixture console) : IClassFixture<SignedInConsoleFixture>
{
    [Fact]
    public async Task Wrong_password_shows_an_inline_error_and_stays_on_the_sign_in_page()
    {
        var page = await console.NewPageAsync();

        await ConsoleActions.SignInAsync(page, SignedInConsoleFixture.AdminName, "not-the-right-password");

        await Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("not right");
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs(ConsoleActions.SignInPath));
        await Expect(page.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
        var cookies = await page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == "agentconsole.session");
    }

    [Fact]
    public async Task Sign_out_returns_to_the_sign_in_page_and_the_dashboard_then_needs_a_new_sign_in()
    {
        var page = await console.NewAdminPageAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs(ConsoleActions.SignInPath));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs(ConsoleActions.SignInPath));
        await Expect(page.Locator("#name")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToHaveCountAsync(0);
    }
}
