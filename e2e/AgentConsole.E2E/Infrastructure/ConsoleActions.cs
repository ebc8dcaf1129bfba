using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>What a person does in the console, step by step, as the browser sees it.</summary>
public static partial class ConsoleActions
{
    public const string SignInPath = "/account/signin";

    /// <summary>Matches a page URL whose path is exactly <paramref name="path"/> (any query string).</summary>
    public static Regex PathIs(string path) =>
        new($"^https?://[^/]+{Regex.Escape(path)}(\\?.*)?$");

    public static async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync(SignInPath);
        await page.Locator("#name").FillAsync(name);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    public static async Task ChangePasswordAsync(IPage page, string current, string chosen)
    {
        await page.Locator("#current").FillAsync(current);
        await page.Locator("#new").FillAsync(chosen);
        await page.Locator("#confirm").FillAsync(chosen);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(PasswordChangedUrl());
    }

    /// <summary>Waits until the page's SignalR connection is up (the live indicator says so).</summary>
    // The first connection to a cold console (its hub pipeline still being compiled) on a busy 2-CPU machine has been
    // seen to take over 15 s: the client's own retries (every 3 s) need room.
    public static Task WaitUntilLiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("#live-indicator"))
            .ToHaveAttributeAsync("data-state", "live", new() { Timeout = 40_000 });

    /// <summary>Leaves a mark in the page's window; it survives htmx swaps but not a full page load.</summary>
    public static Task MarkDocumentAsync(IPage page) => page.EvaluateAsync("() => { window.__e2eMark = 'still-here'; }");

    public static Task<bool> IsDocumentMarkedAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => window.__e2eMark === 'still-here'");

    [GeneratedRegex(@"^https?://[^/]+/\?passwordChanged=true$")]
    private static partial Regex PasswordChangedUrl();
}
