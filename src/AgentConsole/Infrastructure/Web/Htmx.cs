namespace AgentConsole.Infrastructure.Web;

/// <summary>The htmx request and response headers the console uses.</summary>
public static class HtmxHeaders
{
    public const string Request = "HX-Request";
    public const string Redirect = "HX-Redirect";
    public const string Trigger = "HX-Trigger";
    public const string Target = "HX-Target";
}

public static class HtmxRequestExtensions
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.TryGetValue(HtmxHeaders.Request, out var value) && value == "true";
}
