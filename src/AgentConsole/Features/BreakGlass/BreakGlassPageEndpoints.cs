using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentConsole.Features.BreakGlass;

/// <summary>The break-glass pages, their form posts and fragments, and the banner shown on every page.</summary>
public static class BreakGlassPageEndpoints
{
    public static WebApplication MapBreakGlassPages(this WebApplication app)
    {
        var group = app.MapGroup("/break-glass").ExcludeFromDescription();
        group.MapGet("/banner", (Func<HttpContext, Task<IResult>>)BannerAsync);
        group.MapGet("/report.csv", CsvAsync);
        group.MapPost("/{id}/approve", (string id, HttpContext context) => ActAsync(id, GrantAction.Approve, context)).RequireAntiforgeryToken();
        group.MapPost("/{id}/reject", (string id, HttpContext context) => ActAsync(id, GrantAction.Reject, context)).RequireAntiforgeryToken();
        group.MapPost("/{id}/end", (string id, HttpContext context) => ActAsync(id, GrantAction.End, context)).RequireAntiforgeryToken();
        group.MapPost("/{id}/review", ReviewAsync).RequireAntiforgeryToken();
        return app;
    }

    private enum GrantAction
    {
        Approve,
        Reject,
        End,
    }

    /// <summary>The banner alone: pages fetch it when a grant changes and when their live connection reopens.</summary>
    private static async Task<IResult> BannerAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        var view = await BannerView.LoadAsync(context.RequestServices, context.User, context.RequestAborted);
        return new RazorComponentResult<BreakGlassBanner>(new { View = view });
    }

    private static async Task<IResult> ActAsync(string id, GrantAction action, HttpContext context)
    {
        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        var caller = Caller.From(context.User);
        var queries = services.GetRequiredService<BreakGlassQueries>();
        var service = services.GetRequiredService<BreakGlassService>();
        var policy = (await services.GetRequiredService<PublishedPolicy>().CurrentAsync(cancellationToken)).Policy.BreakGlass;
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var comment = form["comment"].ToString();
        if (await queries.FindAsync(caller, id, cancellationToken) is not { } grant)
        {
            return new NotFoundError("No break-glass grant has this id.").ToProblem();
        }

        var allowed = action switch
        {
            GrantAction.End => BreakGlassRules.MayEnd(caller, grant),
            _ => BreakGlassRules.MayApprove(caller, grant, policy),
        };
        Outcome<BreakGlassGrant> outcome = !allowed
            ? new ForbiddenError(action == GrantAction.End
                ? "Only the person who asked for it, or security, may end a grant early."
                : "You may not approve or reject this request: it needs a role the policy names, and never the person who asked.")
            : action switch
            {
                GrantAction.Approve => await service.ApproveAsync(caller, id, cancellationToken),
                GrantAction.Reject => await service.RejectAsync(caller, id, comment, cancellationToken),
                _ => await service.EndAsync(caller, id, cancellationToken),
            };

        var notice = outcome.Value is { } changed ? Notice(action, changed) : null;
        if (!context.Request.IsHtmx())
        {
            return outcome.Error switch
            {
                ForbiddenError => Results.Redirect("/account/denied"),
                { } error => Results.Redirect($"/break-glass/{Uri.EscapeDataString(id)}?error={Uri.EscapeDataString(error.Detail)}"),
                null => Results.Redirect($"/break-glass/{Uri.EscapeDataString(id)}?notice={Uri.EscapeDataString(notice!)}"),
            };
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var current = outcome.Value ?? await queries.FindAsync(caller, id, cancellationToken) ?? grant;
        var rejectError = outcome.Error is ValidationError v && v.Errors.Keys.Any(k => string.Equals(k, "comment", StringComparison.OrdinalIgnoreCase)) ? v.Detail : null;
        return new RazorComponentResult<GrantActions>(new
        {
            Grant = current, Now = now, MayApprove = BreakGlassRules.MayApprove(caller, current, policy), MayEnd = BreakGlassRules.MayEnd(caller, current),
            Notice = notice, Error = rejectError is null ? outcome.Error?.Detail : null, RejectError = rejectError,
            Comment = outcome.Error is null ? null : comment,
        }) { StatusCode = outcome.Error?.StatusCode() ?? StatusCodes.Status200OK };
    }

    private static string Notice(GrantAction action, BreakGlassGrant grant) => action switch
    {
        GrantAction.Approve => $"Approved: break-glass for {grant.AssistantName} is in force until {Formats.When(grant.ExpiresAt)}.",
        GrantAction.Reject => $"Rejected: {grant.RequestedBy} has been told why.",
        _ => $"Ended: break-glass for {grant.AssistantName} is no longer in force; tasks that relied on it are revoked.",
    };

    private static async Task<IResult> ReviewAsync(string id, HttpContext context, BreakGlassQueries queries, BreakGlassService service)
    {
        var cancellationToken = context.RequestAborted;
        var caller = Caller.From(context.User);
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var outcomeValue = form["outcome"].ToString();
        var notes = form["notes"].ToString();
        if (await queries.FindAsync(caller, id, cancellationToken) is not { } grant)
        {
            return new NotFoundError("No break-glass grant has this id.").ToProblem();
        }

        Outcome<BreakGlassGrant> outcome = BreakGlassRules.MayReview(caller, grant)
            ? await service.ReviewAsync(caller, id, outcomeValue, notes, cancellationToken)
            : new ForbiddenError("Only compliance reviews break-glass grants, and never one they asked for themselves.");
        if (!context.Request.IsHtmx())
        {
            return outcome.Error switch
            {
                ForbiddenError => Results.Redirect("/account/denied"),
                { } error => Results.Redirect($"/break-glass/{Uri.EscapeDataString(id)}?error={Uri.EscapeDataString(error.Detail)}"),
                null => Results.Redirect($"/break-glass/{Uri.EscapeDataString(id)}?notice={Uri.EscapeDataString("Your review is recorded.")}"),
            };
        }

        if (outcome.Value is { } reviewed)
        {
            return new RazorComponentResult<ReviewRecord>(new { Grant = reviewed, Notice = "Your review is recorded." });
        }

        return new RazorComponentResult<ReviewForm>(new { Grant = grant, Outcome = outcomeValue, Notes = notes, Error = outcome.Error })
        {
            StatusCode = outcome.Error!.StatusCode(),
        };
    }

    private static async Task<IResult> CsvAsync(HttpContext context, BreakGlassQueries queries, TimeProvider time, string? from, string? to)
    {
        if (!BreakGlassRules.MayOversee(Caller.From(context.User)))
        {
            return new ForbiddenError("The break-glass report is for compliance, security and administrators.").ToProblem();
        }

        var range = ReportRange.Parse(from, to, null, time.GetUtcNow());
        if (range.Error is { } error)
        {
            return error.ToProblem();
        }

        var report = await queries.ReportAsync(range.Value!.Start, range.Value.End, context.RequestAborted);
        var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"break-glass-exceptions-{range.Value.From:yyyy-MM-dd}-to-{range.Value.To:yyyy-MM-dd}.csv");
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(ExceptionCsv.Write(report)), "text/csv; charset=utf-8", name);
    }
}
