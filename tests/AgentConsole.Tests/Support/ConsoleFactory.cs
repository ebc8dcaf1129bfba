using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgentConsole.Tests.Support;

/// <summary>
/// The whole console in memory over a real store, with a hand-moved clock. <paramref name="settings"/> adds or
/// overrides configuration keys (e.g. <c>Decisions:MaxPlanBytes</c>) for this instance only.
/// </summary>
public sealed class ConsoleFactory(TestStore store, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string FirstRunPassword = "first-run-password-1";

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    public TestStore Store => store;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in store.Settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("AGENTCONSOLE_ADMIN_PASSWORD", FirstRunPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}
