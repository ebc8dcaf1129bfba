using System.Globalization;

namespace AgentConsole.Features.BreakGlass;

/// <summary>The report's from/to filter (whole UTC days, both included) and how its chart is grouped.</summary>
public sealed record ReportRange(DateOnly From, DateOnly To, string By)
{
    public const int DefaultWeeks = 12;
    public const int MaxDays = 800;
    public static readonly IReadOnlyList<string> Groupings = ["team", "assistant"];

    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Exclusive: the start of the day after <see cref="To"/>.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public string Query => string.Create(CultureInfo.InvariantCulture, $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}");

    /// <summary>Reads the query; empty values take the last <see cref="DefaultWeeks"/> weeks up to today.</summary>
    public static Outcome<ReportRange> Parse(string? from, string? to, string? by, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var end = Day(to, "to", today, errors);
        var start = Day(from, "from", end.AddDays(-7 * DefaultWeeks + 1), errors);
        if (errors.Count == 0 && start > end)
        {
            errors["from"] = ["from must not be after to."];
        }
        else if (errors.Count == 0 && end.DayNumber - start.DayNumber > MaxDays)
        {
            errors["from"] = [$"Ask for at most {MaxDays} days at a time."];
        }

        var grouping = string.IsNullOrEmpty(by) ? "team" : by;
        if (!Groupings.Contains(grouping))
        {
            errors["by"] = ["Group by team or assistant."];
        }

        return errors.Count > 0 ? new ValidationError(errors) : new ReportRange(start, end, grouping);
    }

    private static DateOnly Day(string? text, string field, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = [$"{field} must be a date like 2026-11-01."];
        return fallback;
    }
}
