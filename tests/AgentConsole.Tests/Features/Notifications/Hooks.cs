using AgentConsole.Features.Assistants;
using AgentConsole.Features.Notifications;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Notifications;

/// <summary>Webhooks as the tests set them up: quick loops, a public URL for links, and waiting for what runs in the background.</summary>
public static class Hooks
{
    public const string PublicUrl = "https://console.example.org";

    public static Dictionary<string, string?> Settings(int maxAttempts = 6) => new()
    {
        ["Webhooks:DispatchInterval"] = "00:00:00.100",
        ["Webhooks:OutboxInterval"] = "00:00:00.200",
        ["Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Approvals:PublicUrl"] = PublicUrl,
    };

    private static readonly Caller Root = new(Actor.User("root"), 0, "root", new HashSet<string>(StringComparer.Ordinal) { "admin" });

    public static async Task<CreatedWebhook> AddWebhookAsync(this ConsoleFactory app, string name, string url, string format = WebhookFormats.Generic,
        bool pending = true, bool escalation = true, string? secret = null) =>
        (await app.Service<WebhookSubscriptions>().CreateAsync(Root, new WebhookInput(name, url, format, pending, escalation, secret))).Succeeded();

    public static Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(this ConsoleFactory app, string? state = null) =>
        app.Service<DeliveryStore>().LogAsync(null, state, 100);

    /// <summary>Waits until <paramref name="condition"/> holds (background loops run on real time), failing after 15 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);
}
