using AgentConsole.Features.Approvals;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Notifications;

/// <summary>Where people review a decision: the configured public URL, else the first address the server listens on.</summary>
public sealed class ReviewLinks(IOptions<ApprovalOptions> options, IServer server)
{
    public string For(string decisionId) => $"{Base()}/approvals/{Uri.EscapeDataString(decisionId)}";

    public string ForGrant(string grantId) => $"{Base()}/break-glass/{Uri.EscapeDataString(grantId)}";

    public string Base()
    {
        var configured = options.Value.PublicUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/');
        }

        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        // Kestrel reports wildcard bindings as http://[::]:5000 or http://+:5000; a link needs a host name.
        return (first ?? "http://localhost").Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }
}
