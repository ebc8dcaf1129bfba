using Microsoft.Playwright;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>
/// One fresh console (its own data folder) and one Chromium per test class. The admin is still in the
/// first-run state: signed in with <see cref="ConsoleAppFactory.FirstRunPassword"/>, they must change it.
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly List<IBrowserContext> _contexts = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConsoleAppFactory App { get; } = new();

    public Uri BaseAddress => App.BaseAddress;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public virtual async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(10_000);
        App.Start();
        (_playwright, _browser) = await ChromiumBrowser.LaunchAsync();
    }

    /// <summary>A page in a new browser context (its own cookies), optionally carrying another context's session.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, string? storageState = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = viewport ?? Desktop,
            StorageState = storageState,
        });
        context.SetDefaultTimeout(15_000);
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return await context.NewPageAsync();
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
