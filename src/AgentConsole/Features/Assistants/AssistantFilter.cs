namespace AgentConsole.Features.Assistants;

/// <summary>Search, filters, sorting and paging of the inventory list; the same for the page and the API.</summary>
public sealed record AssistantFilter
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public static readonly IReadOnlyList<string> Sorts = ["name", "tier", "owner", "team", "status", "review", "updated", "activity"];

    public string? Query { get; init; }

    public string? Owner { get; init; }

    public string? Team { get; init; }

    public string? Tier { get; init; }

    public string? Environment { get; init; }

    public string? Scope { get; init; }

    /// <summary>Empty: everything but retired; <c>any</c>: every status.</summary>
    public string? Status { get; init; }

    public string? Flag { get; init; }

    public string Sort { get; init; } = "name";

    public bool Descending { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Set for people who may see only the assistants they own.</summary>
    public long? VisibleToUserId { get; init; }

    /// <summary>Checks the values against the catalogues; each bad one is named.</summary>
    public ValidationError? Problems(Catalogue catalogue)
    {
        var errors = new Dictionary<string, string[]>();
        if (Query?.Length > 200)
        {
            errors["q"] = ["Search for at most 200 characters."];
        }

        if (!string.IsNullOrEmpty(Tier) && !RiskTiers.IsKnown(Tier))
        {
            errors["tier"] = [$"Use one of: {string.Join(", ", RiskTiers.All)}."];
        }

        if (!string.IsNullOrEmpty(Status) && Status != "any" && !AssistantStatus.All.Contains(Status))
        {
            errors["status"] = [$"Use one of: {string.Join(", ", AssistantStatus.All)}, any."];
        }

        if (!string.IsNullOrEmpty(Environment) && !catalogue.HasEnvironment(Environment))
        {
            errors["environment"] = [$"No environment named '{Environment}'."];
        }

        if (!string.IsNullOrEmpty(Scope) && !catalogue.HasScope(Scope))
        {
            errors["scope"] = [$"No scope named '{Scope}'."];
        }

        if (!string.IsNullOrEmpty(Flag) && !AssistantFlags.All.Contains(Flag))
        {
            errors["flag"] = [$"Use one of: {string.Join(", ", AssistantFlags.All)}."];
        }

        if (!Sorts.Contains(Sort))
        {
            errors["sort"] = [$"Sort by one of: {string.Join(", ", Sorts)}."];
        }

        if (Page < 1 || Page > 100_000)
        {
            errors["page"] = ["Pages are numbered from 1."];
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Ask for 1 to {MaxPageSize} per page."];
        }

        return errors.Count == 0 ? null : new ValidationError(errors);
    }

    /// <summary>The filter as a query string, for links that keep it (paging, sorting).</summary>
    public string ToQueryString(int? page = null, string? sort = null, bool? descending = null)
    {
        var pairs = new List<(string, string?)>
        {
            ("q", Query), ("owner", Owner), ("team", Team), ("tier", Tier), ("environment", Environment), ("scope", Scope),
            ("status", Status), ("flag", Flag),
            ("sort", (sort ?? Sort) == "name" ? null : sort ?? Sort),
            ("dir", descending ?? Descending ? "desc" : null),
            ("page", (page ?? Page) == 1 ? null : (page ?? Page).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("pageSize", PageSize == DefaultPageSize ? null : PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        var query = string.Join("&", pairs.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        return query.Length == 0 ? "" : "?" + query;
    }
}
