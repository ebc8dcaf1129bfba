using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>Runs axe-core in the page and fails on any serious or critical violation.</summary>
public static class AccessibilityChecks
{
    private static readonly string[] Blocking = ["serious", "critical"];

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations
            .Where(v => Blocking.Contains(v.Impact, StringComparer.OrdinalIgnoreCase))
            .Select(v => $"{v.Id} ({v.Impact}, {v.Nodes.Length} node(s)): {v.Help} — e.g. {v.Nodes.FirstOrDefault()?.Html}")
            .ToList();
        Assert.True(blocking.Count == 0,
            $"axe found {blocking.Count} serious/critical violation(s) on {page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, blocking)}");
    }
}
