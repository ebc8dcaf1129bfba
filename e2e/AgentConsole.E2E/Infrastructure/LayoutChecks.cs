using Microsoft.Playwright;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>Checks of how a page fits its window.</summary>
public static class LayoutChecks
{
    /// <summary>Says so when the page is wider than the window, i.e. a reader would have to scroll sideways; null when it fits.</summary>
    public static async Task<string?> HorizontalOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return widths[0] <= widths[1] + 1 ? null : $"{page.Url} is {widths[0]}px wide in a {widths[1]}px window: it scrolls sideways.";
    }
}
