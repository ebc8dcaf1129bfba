using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentConsole.Tests.Support;

/// <summary>A real workload issuer on loopback: <c>/keys</c> serves a JWKS, <c>/.well-known/openid-configuration</c> points at it.</summary>
public sealed class LocalIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalIssuer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<LocalIssuer> StartAsync(Func<string> jwks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var issuer = new LocalIssuer(builder.Build());
        issuer._app.MapGet("/keys", () => Results.Text(jwks(), "application/json"));
        issuer._app.MapGet("/.well-known/openid-configuration", () => Results.Text(
            $$"""{"issuer":"{{issuer.BaseUrl}}","jwks_uri":"{{issuer.BaseUrl}}/keys"}""", "application/json"));
        await issuer._app.StartAsync();
        issuer.BaseUrl = issuer._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return issuer;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
