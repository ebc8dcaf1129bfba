using System.Net;
using System.Text.RegularExpressions;

namespace AgentConsole.Tests.Support;

/// <summary>Drives the console as a browser would: fetches forms, keeps the antiforgery token, posts them.</summary>
public static partial class ConsoleSession
{
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, string action, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var values = fields.ToList();
        if (withToken)
        {
            values.Add(new("__RequestVerificationToken", await client.AntiforgeryTokenAsync(page)));
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string name, string password) =>
        client.PostFormAsync("/account/signin", "/account/signin",
        [
            new("_handler", "signin"),
            new("Input.Name", name),
            new("Input.Password", password),
        ]);

    /// <summary>Signs in as the first-run admin and replaces the one-time password; returns the new password.</summary>
    public static async Task<string> SignInAsAdminAsync(this HttpClient client)
    {
        const string chosen = "admin-chosen-password-1";
        var signIn = await client.SignInAsync("admin", ConsoleFactory.FirstRunPassword);
        if (signIn.RedirectPath() == "/account/password")
        {
            var changed = await client.ChangePasswordAsync(ConsoleFactory.FirstRunPassword, chosen);
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        return chosen;
    }

    public static Task<HttpResponseMessage> ChangePasswordAsync(this HttpClient client, string current, string replacement) =>
        client.PostFormAsync("/account/password", "/account/password",
        [
            new("_handler", "change-password"),
            new("Input.CurrentPassword", current),
            new("Input.NewPassword", replacement),
            new("Input.ConfirmPassword", replacement),
        ]);

    /// <summary>The path and query a redirect points to, whether the location is absolute or relative.</summary>
    public static string? RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString)
            : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
