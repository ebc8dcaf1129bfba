using System.Net;
using AgentConsole.Tests.Support;

namespace AgentConsole.Tests.Features.Approvals;

/// <summary>People of the inventory scenario in the browser: signed in, posting verdicts as the queue and review page do.</summary>
public static class ApprovalSessions
{
    public static async Task<HttpClient> BrowserAsAsync(this ConsoleFactory app, string name)
    {
        var client = app.Browser();
        var response = await client.SignInAsync(name, People.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts a verdict form from <paramref name="page"/> (whose antiforgery token it uses); htmx-style when asked.</summary>
    public static async Task<HttpResponseMessage> PostVerdictAsync(this HttpClient client, string decisionId, string verdict, string? comment = null,
        string? password = null, bool htmx = true, string page = "/approvals", bool fromQueue = false)
    {
        var fields = new List<KeyValuePair<string, string>> { new("verdict", verdict), new("comment", comment ?? "") };
        if (password is not null) fields.Add(new("password", password));
        if (fromQueue) fields.Add(new("from", "queue"));
        fields.Add(new("__RequestVerificationToken", await client.AntiforgeryTokenAsync(page)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{decisionId}/verdict") { Content = new FormUrlEncodedContent(fields) };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetHtmxAsync(this HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }
}
