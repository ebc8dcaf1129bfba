using Microsoft.Playwright;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>Full-page screenshots saved as test artefacts under the repository's <c>TestResults/screenshots</c>.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder.Value, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>The folder holding <c>AgentConsole.sln</c>, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AgentConsole.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No AgentConsole.sln above {AppContext.BaseDirectory}.");
    }
}
