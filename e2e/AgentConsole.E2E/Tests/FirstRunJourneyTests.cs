using AgentConsole.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

/// <summary>A brand-new console: the admin signs in with the first-run password, must choose their own, and lands on a live dashboard.</summary>
public sealed class FirstRunJourneyTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private const string ChosenPassword = "my-own-Passw0rd-2024";

    [Fact]
    public async Task First_sign_in_requires_a_new_password_then_shows_a_live_accessible_dashboard()
    {
        var page = await console.NewPageAsync(ConsoleFixture.Desktop);
        await page.GotoAsync(ConsoleActions.SignInPath);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await AccessibilityChecks.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "signin-desktop-1280");

        await ConsoleActions.SignInAsync(page, SignedInConsoleFixture.AdminName, ConsoleAppFactory.FirstRunPassword);
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs("/account/password"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change your password" })).ToBeVisibleAsync();

        await ConsoleActions.ChangePasswordAsync(page, ConsoleAppFactory.FirstRunPassword, ChosenPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("admin");
        await ConsoleActions.WaitUntilLiveAsync(page);
        await Expect(page.GetByTestId("chain-state")).ToContainTextAsync("intact");
        await Expect(page.GetByTestId("audit-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        await Expect(page.Locator("#recent-audit")).ToContainTextAsync("user.password_changed");

        await AccessibilityChecks.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "dashboard-desktop-1280");

        // The same session at phone width: the layout must fit without sideways scrolling.
        var phone = await console.NewPageAsync(ConsoleFixture.Phone, await page.Context.StorageStateAsync());
        await phone.GotoAsync("/");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await ConsoleActions.WaitUntilLiveAsync(phone);
        await AssertNoHorizontalOverflowAsync(phone);
        await Screenshots.SaveAsync(phone, "dashboard-phone-390");

        var phoneSignIn = await console.NewPageAsync(ConsoleFixture.Phone);
        await phoneSignIn.GotoAsync(ConsoleActions.SignInPath);
        await Expect(phoneSignIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await AssertNoHorizontalOverflowAsync(phoneSignIn);
        await Screenshots.SaveAsync(phoneSignIn, "signin-phone-390");
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1] + 1,
            $"{page.Url} is {widths[0]}px wide in a {widths[1]}px window: it scrolls sideways.");
    }
}
