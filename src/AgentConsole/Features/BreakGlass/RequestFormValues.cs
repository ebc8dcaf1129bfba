using System.Globalization;

namespace AgentConsole.Features.BreakGlass;

/// <summary>The request form's fields as typed, kept to show them again beside their errors.</summary>
public sealed class RequestFormValues
{
    public const int SkipRows = 3;

    /// <summary>The duration presets the form offers, in seconds (15 min to the default hard cap of 4 h).</summary>
    public static readonly IReadOnlyList<int> Presets = [900, 1800, 3600, 7200, 14400];

    public string Assistant { get; set; } = "";
    public string Justification { get; set; } = "";
    public string Incident { get; set; } = "";

    /// <summary>One of <see cref="Presets"/> as text, or <c>custom</c>.</summary>
    public string Duration { get; set; } = "3600";
    public string CustomSeconds { get; set; } = "";
    public IReadOnlyList<string> Scopes { get; set; } = [];
    public IReadOnlyList<string> Environments { get; set; } = [];
    public IReadOnlyList<SkipApproval> Skips { get; set; } = [];
    public string Renews { get; set; } = "";

    public static RequestFormValues From(IFormCollection form)
    {
        var actions = form["skipAction"];
        var resources = form["skipResource"];
        var skips = new List<SkipApproval>();
        for (var i = 0; i < Math.Max(actions.Count, resources.Count); i++)
        {
            var action = i < actions.Count ? actions[i]?.Trim() ?? "" : "";
            var resource = i < resources.Count ? resources[i]?.Trim() ?? "" : "";
            if (action.Length > 0 || resource.Length > 0)
            {
                skips.Add(new SkipApproval(action, resource));
            }
        }

        return new RequestFormValues
        {
            Assistant = form["assistant"].ToString().Trim(),
            Justification = form["justification"].ToString(),
            Incident = form["incident"].ToString().Trim(),
            Duration = form["duration"].ToString(),
            CustomSeconds = form["customSeconds"].ToString().Trim(),
            Scopes = Values(form["scopes"]),
            Environments = Values(form["environments"]),
            Skips = skips,
            Renews = form["renews"].ToString().Trim(),
        };
    }

    private static string[] Values(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The seconds asked for; a custom value that is not a whole number is refused before the service sees it.</summary>
    public bool TryDuration(out int seconds)
    {
        var text = Duration == "custom" || Duration.Length == 0 ? CustomSeconds : Duration;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
    }

    public BreakGlassRequest ToRequest(int seconds) => new(
        Assistant, Justification, Incident, seconds, Scopes, Environments, Skips, Renews.Length == 0 ? null : Renews);

    /// <summary>Prefilled to ask for more time after <paramref name="previous"/>: same assistant, incident and exceptions.</summary>
    public static RequestFormValues Renewing(BreakGlassGrant previous) => new()
    {
        Assistant = previous.AssistantName,
        Incident = previous.Incident,
        Scopes = previous.ScopeList,
        Environments = previous.EnvironmentList,
        Skips = previous.SkipList,
        Renews = previous.Id,
        Duration = Presets.Contains(previous.DurationSeconds) ? previous.DurationSeconds.ToString(CultureInfo.InvariantCulture) : "custom",
        CustomSeconds = Presets.Contains(previous.DurationSeconds) ? "" : previous.DurationSeconds.ToString(CultureInfo.InvariantCulture),
    };
}
