using System.Globalization;
using System.Security.Claims;
using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.BreakGlass;

/// <summary>A reviewer's or approver's words: a rejection's comment, a review's outcome and notes.</summary>
public sealed record GrantCommentRequest(string? Comment);

public sealed record GrantReviewRequest(string? Outcome, string? Notes);

/// <summary><c>/v1/break-glass</c>: responders' scripts request, approve, end, list and review grants with a personal API token.</summary>
public static class BreakGlassApi
{
    private const int DefaultReportWeeks = 12;

    public static WebApplication MapBreakGlassApi(this WebApplication app)
    {
        var grants = app.MapGroup("/v1/break-glass").RequireAuthorization(ConsolePolicies.Api).WithTags("Break-glass");
        grants.MapPost("", RequestAsync)
            .Accepts<BreakGlassRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem()
            .WithSummary("Ask for a time-boxed exception: active at once or pending one approval, as the policy says for the assistant's tier.");
        grants.MapGet("", ListAsync)
            .ProducesProblem(401).ProducesValidationProblem()
            .WithSummary("Grants the caller may see, newest first; state=active|pending|ended filters.");
        grants.MapGet("/reviews", ReviewQueueAsync)
            .ProducesProblem(401).ProducesProblem(403)
            .WithSummary("Ended grants awaiting compliance review, overdue first (compliance, security, admin).");
        grants.MapGet("/report", ReportAsync)
            .ProducesProblem(401).ProducesProblem(403).ProducesValidationProblem()
            .WithSummary("Exceptions per week, team and assistant between from and to (JSON, or format=csv).");
        grants.MapGet("/{id}", GetAsync)
            .ProducesProblem(401).ProducesProblem(404)
            .WithSummary("One grant with everything done under it: tasks, decisions, results, its history and its renewal chain.");
        grants.MapPost("/{id}/approve", (string id, ClaimsPrincipal user, BreakGlassService service, TimeProvider time, CancellationToken ct) =>
                Answer(service.ApproveAsync(Caller.From(user), id, ct), time))
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Give the one approval a pending request needs (a role the policy names; never the requester).");
        grants.MapPost("/{id}/reject", RejectAsync)
            .Accepts<GrantCommentRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem()
            .WithSummary("Refuse a pending request, saying why: {comment}.");
        grants.MapPost("/{id}/end", (string id, ClaimsPrincipal user, BreakGlassService service, TimeProvider time, CancellationToken ct) =>
                Answer(service.EndAsync(Caller.From(user), id, ct), time))
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("End an active grant early (its tasks are revoked) or withdraw a pending request: the requester or security.");
        grants.MapPost("/{id}/review", ReviewAsync)
            .Accepts<GrantReviewRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem()
            .WithSummary("Record the compliance review of an ended grant: {outcome: appropriate|inappropriate|follow-up, notes}.");
        return app;
    }

    private static async Task<IResult> RequestAsync(HttpContext context, BreakGlassService service, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<BreakGlassRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var requested = await service.RequestAsync(Caller.From(context.User), body.Value!, cancellationToken);
        if (!requested.IsSuccess)
        {
            return requested.Error!.ToProblem();
        }

        context.Response.Headers.Location = $"/v1/break-glass/{Uri.EscapeDataString(requested.Value!.Id)}";
        return Results.Json(BreakGlassViews.Grant(requested.Value, time.GetUtcNow()), JsonBody.Compact, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(string? state, int? limit, ClaimsPrincipal user, BreakGlassQueries queries, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (state is not null && !BreakGlassStates.All.Contains(state, StringComparer.Ordinal))
        {
            return ValidationError.For("state", $"state must be one of {string.Join(", ", BreakGlassStates.All)}.").ToProblem();
        }

        var found = await queries.ListAsync(Caller.From(user), state, Math.Clamp(limit ?? 100, 1, 500), cancellationToken);
        var now = time.GetUtcNow();
        return Results.Json(found.Select(g => BreakGlassViews.Grant(g, now)), JsonBody.Compact);
    }

    private static async Task<IResult> ReviewQueueAsync(ClaimsPrincipal user, BreakGlassQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!BreakGlassRules.MayOversee(Caller.From(user)))
        {
            return new ForbiddenError("The review queue is for compliance, security and admins.").ToProblem();
        }

        var now = time.GetUtcNow();
        return Results.Json((await queries.ReviewQueueAsync(cancellationToken)).Select(g => BreakGlassViews.Grant(g, now)), JsonBody.Compact);
    }

    private static async Task<IResult> ReportAsync(string? from, string? to, string? format, ClaimsPrincipal user, BreakGlassQueries queries,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!BreakGlassRules.MayOversee(Caller.From(user)))
        {
            return new ForbiddenError("The exception report is for compliance, security and admins.").ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var end = Instant(to, "to", errors) ?? now;
        var start = Instant(from, "from", errors) ?? (end.UtcDateTime > DateTime.MinValue.AddDays(7 * DefaultReportWeeks) ? end.AddDays(-7 * DefaultReportWeeks) : DateTimeOffset.MinValue);
        if (errors.Count == 0 && start >= end)
        {
            errors["from"] = ["from must be before to."];
        }
        else if (errors.Count == 0 && (end - start).TotalDays > ReportRange.MaxDays)
        {
            errors["from"] = [$"Ask for at most {ReportRange.MaxDays} days at a time."];
        }

        if (format is not (null or "json" or "csv"))
        {
            errors["format"] = ["format must be json or csv."];
        }

        if (errors.Count > 0)
        {
            return new ValidationError(errors).ToProblem();
        }

        var report = await queries.ReportAsync(start, end, cancellationToken);
        return format == "csv"
            ? Results.Text(ExceptionCsv.Write(report), "text/csv; charset=utf-8")
            : Results.Json(BreakGlassViews.Report(report), JsonBody.Compact);
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, BreakGlassQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var activity = await queries.ActivityAsync(Caller.From(user), id, cancellationToken);
        return activity is null
            ? new NotFoundError("No break-glass grant has this id.").ToProblem()
            : Results.Json(BreakGlassViews.Activity(activity, time.GetUtcNow()), JsonBody.Compact);
    }

    private static async Task<IResult> RejectAsync(string id, HttpContext context, BreakGlassService service, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<GrantCommentRequest>(context.Request, cancellationToken);
        return body.IsSuccess
            ? await Answer(service.RejectAsync(Caller.From(context.User), id, body.Value!.Comment, cancellationToken), time)
            : body.Error!.ToProblem();
    }

    private static async Task<IResult> ReviewAsync(string id, HttpContext context, BreakGlassService service, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<GrantReviewRequest>(context.Request, cancellationToken);
        return body.IsSuccess
            ? await Answer(service.ReviewAsync(Caller.From(context.User), id, body.Value!.Outcome, body.Value.Notes, cancellationToken), time)
            : body.Error!.ToProblem();
    }

    private static async Task<IResult> Answer(Task<Outcome<BreakGlassGrant>> change, TimeProvider time)
    {
        var outcome = await change;
        return outcome.IsSuccess ? Results.Json(BreakGlassViews.Grant(outcome.Value!, time.GetUtcNow()), JsonBody.Compact) : outcome.Error!.ToProblem();
    }

    /// <summary>A date (2026-11-02, midnight UTC) or an instant with its offset; null when absent, an error when unreadable.</summary>
    private static DateTimeOffset? Instant(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors[field] = [$"{field} must be a date such as 2026-11-02 or an instant such as 2026-11-02T09:00:00Z."];
        return null;
    }
}
