namespace AgentConsole.Features.Account;

/// <summary>Only same-site paths are followed after sign-in, so a crafted link cannot send people elsewhere.</summary>
public static class LocalUrl
{
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? url
            : "/";
}
