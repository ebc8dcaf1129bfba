using System.Net;
using AgentConsole.Features.Account;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>
/// The real console on Kestrel (127.0.0.1, a free port) with its own SQLite folder, so a browser can reach it.
/// The first start creates <c>admin</c> with <see cref="FirstRunPassword"/>, which must be changed at first sign-in.
/// </summary>
public sealed class ConsoleAppFactory : WebApplicationFactory<Program>
{
    public const string FirstRunPassword = "first-run-Passw0rd!";

    public ConsoleAppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "agentconsole-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    /// <summary>Configuration keys this console runs with (e.g. a short <c>BreakGlass:SweepInterval</c>); set before it starts.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>The address the browser uses, e.g. <c>http://127.0.0.1:41234</c>; set by <see cref="Start"/>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts Kestrel and reads the port it was given.</summary>
    public Uri Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No http address among: {string.Join(", ", addresses)}");
        BaseAddress = new Uri(address);
        return BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("ConnectionStrings:Postgres", "");
        builder.UseSetting(FirstRunAdmin.PasswordVariable, FirstRunPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }
}
