using System.Net;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Tests.Support;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>
/// The page tests' starting point: the inventory people, deployer (low tier: a grant starts at once; owned by olive,
/// team "payments, \"blue\"" to test CSV escaping) and guardian (high tier: a grant waits for one approval; owned by otto).
/// </summary>
public static class BreakGlassPagesSetup
{
    public const string Team = "payments, \"blue\"";
    private static readonly HtmlParser Parser = new();

    public static async Task SetUpAsync(this ConsoleFactory app)
    {
        await app.AddInventoryPeopleAsync();
        await app.RegisterAsync("rhea", Inventory.Input("deployer", "olive", RiskTiers.Low, ["dev"], ["terraform:plan"], team: Team), approvedBy: "sam");
        await app.RegisterAsync("rhea", Inventory.Input("guardian", "otto", RiskTiers.High, ["dev"], ["terraform:plan"], team: "platform"), approvedBy: "sam");
    }

    /// <summary>Asks for a grant through the service, as <paramref name="by"/>.</summary>
    public static async Task<BreakGlassGrant> RequestGrantAsync(this ConsoleFactory app, string by, string assistant = "deployer", int seconds = 600,
        string incident = "INC-4211", string? renews = null) =>
        (await app.Service<BreakGlassService>().RequestAsync(await app.CallerAsync(by), new BreakGlassRequest(
            assistant, "Payments API is down; the fix needs a prod apply now.", incident, seconds,
            ["terraform:apply"], ["prod"], [new SkipApproval("terraform:apply", "aws/prod/*")], renews))).Succeeded();

    public static async Task<BreakGlassGrant> EndAsync(this ConsoleFactory app, string by, string id) =>
        (await app.Service<BreakGlassService>().EndAsync(await app.CallerAsync(by), id)).Succeeded();

    public static async Task<BreakGlassGrant?> StoredAsync(this ConsoleFactory app, string id) =>
        await app.Service<BreakGlassStore>().FindAsync(id);

    public static IHtmlDocument Html(string html) => Parser.ParseDocument(html);

    public static async Task<IHtmlDocument> PageAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Html(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form with the antiforgery token of <paramref name="page"/>; as htmx when asked.</summary>
    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string page, string action,
        IEnumerable<KeyValuePair<string, string>> fields, bool htmx = false, bool withToken = true)
    {
        var values = fields.ToList();
        if (withToken)
        {
            values.Add(new("__RequestVerificationToken", await client.AntiforgeryTokenAsync(page)));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(values) };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await client.SendAsync(request);
    }

    /// <summary>The request form's fields: a valid request unless changed.</summary>
    public static List<KeyValuePair<string, string>> RequestFields(string assistant = "deployer", string justification = "Payments API is down.",
        string incident = "INC-7", string duration = "900", string customSeconds = "") =>
    [
        new("_handler", "request-break-glass"),
        new("assistant", assistant),
        new("justification", justification),
        new("incident", incident),
        new("duration", duration),
        new("customSeconds", customSeconds),
        new("scopes", "terraform:apply"),
        new("environments", "prod"),
        new("skipAction", "terraform:apply"),
        new("skipResource", "aws/prod/*"),
        new("skipAction", ""),
        new("skipResource", ""),
        new("renews", ""),
    ];
}
