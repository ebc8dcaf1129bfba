using AgentConsole.Features.Account;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Decisions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Approvals;

/// <summary>
/// The queue's htmx and live endpoints: a verdict from the queue or the review page, one card, the pending summary,
/// and the steps a page missed while its live connection was down. A plain form post gets a redirect to the review page.
/// </summary>
public static class ApprovalPageEndpoints
{
    private const int CatchUpLimit = 200;

    public static WebApplication MapApprovalPages(this WebApplication app)
    {
        var group = app.MapGroup("/approvals").ExcludeFromDescription();
        // One check for every endpoint here; which requests a person sees is decided per request below.
        group.AddEndpointFilter(async (context, next) => ApprovalRequests.MayOpen(Caller.From(context.HttpContext.User))
            ? await next(context)
            : new ForbiddenError("Your roles do not include the approval queue.").ToProblem());
        group.MapPost("/{id}/verdict", VerdictAsync).RequireAntiforgeryToken();
        group.MapGet("/{id}/verdict", PanelAsync);
        group.MapGet("/{id}/diff", DiffWindowAsync);
        group.MapGet("/cards/{id}", CardAsync);
        group.MapGet("/summary", SummaryAsync);
        group.MapGet("/events", EventsAsync);
        return app;
    }

    private static async Task<IResult> VerdictAsync(string id, HttpContext context, ApprovalRequests queue, ApprovalService approvals,
        SignInService signIn, IOptions<ApprovalOptions> options, TimeProvider time)
    {
        var caller = Caller.From(context.User);
        var cancellationToken = context.RequestAborted;
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var verdict = form["verdict"].ToString();
        var comment = form["comment"].ToString();
        var fromQueue = form["from"] == "queue";
        if (await queue.FindAsync(id, cancellationToken) is not { } request || !ApprovalRequests.Sees(caller, request))
        {
            return new NotFoundError("No approval request has this id.").ToProblem();
        }

        ConsoleError? error = null;
        if (verdict == Verdicts.Approve && request.IsPending && options.Value.ReauthenticateCritical && request.Tier == RiskTiers.Critical)
        {
            // Counts towards the lockout like a sign-in, so the prompt cannot be used to guess the password.
            var check = await signIn.AttemptAsync(caller.UserName, form["password"].ToString(), cancellationToken);
            if (!check.Succeeded)
            {
                error = ValidationError.For("password", check.LockedUntil is null
                    ? "That is not your password: nothing was approved."
                    : "Too many wrong passwords: your account is locked for a while. Nothing was approved.");
            }
        }

        string? notice = null;
        if (error is null)
        {
            var decided = await approvals.DecideAsync(context.User, id, new VerdictRequest(verdict, comment), cancellationToken);
            error = decided.Error;
            notice = decided.IsSuccess ? Notice(decided.Value!.Decision, verdict) : null;
        }

        var item = queue.Item(context.User, (await queue.FindAsync(id, cancellationToken))!);
        var settledMeanwhile = error is ConflictError; // someone else acted first: show who, not an error
        if (!context.Request.IsHtmx())
        {
            var query = error is null || settledMeanwhile ? $"notice={Uri.EscapeDataString(notice ?? item.CannotApproveBecause ?? "")}" : $"error={Uri.EscapeDataString(error.Detail)}";
            return Results.Redirect($"/approvals/{Uri.EscapeDataString(id)}?{query}");
        }

        context.Response.StatusCode = error switch
        {
            null or ConflictError => StatusCodes.Status200OK,
            ForbiddenError => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        var message = settledMeanwhile ? null : error?.Detail;
        if (fromQueue)
        {
            return new RazorComponentResult<ApprovalCard>(new
            {
                Item = item, Now = time.GetUtcNow(), Reauthenticate = options.Value.ReauthenticateCritical, Error = message,
                Sensitivity = context.RequestServices.GetRequiredService<Catalogue>().SensitivityOf(request.Environment),
            }) { StatusCode = context.Response.StatusCode };
        }

        var denyError = error is ValidationError v && v.Errors.ContainsKey("comment") ? v.Detail : null;
        return new RazorComponentResult<VerdictPanel>(new
        {
            Item = item, Reauthenticate = options.Value.ReauthenticateCritical, Notice = notice,
            Error = denyError is null ? message : null, DenyError = denyError, Comment = error is null ? null : comment,
        }) { StatusCode = context.Response.StatusCode };
    }

    private static string Notice(Decision decision, string verdict) => decision.State switch
    {
        DecisionStates.Approved => $"Approved. The agent may go ahead until {Formats.When(decision.ExpiresAt)}.",
        DecisionStates.Rejected => "Denied. The agent has been told why.",
        _ => verdict == Verdicts.Approve ? "Your approval is recorded; more approvals are needed." : "Your verdict is recorded.",
    };

    private static async Task<IResult> PanelAsync(string id, HttpContext context, ApprovalRequests queue, IOptions<ApprovalOptions> options)
    {
        var caller = Caller.From(context.User);
        if (await queue.FindAsync(id, context.RequestAborted) is not { } request || !ApprovalRequests.Sees(caller, request))
        {
            return new NotFoundError("No approval request has this id.").ToProblem();
        }

        return new RazorComponentResult<VerdictPanel>(new { Item = queue.Item(context.User, request), Reauthenticate = options.Value.ReauthenticateCritical });
    }

    /// <summary>The next window of a large plan's rows, with the placeholder for the one after (see <see cref="ReviewedPlans"/>).</summary>
    private static async Task<IResult> DiffWindowAsync(string id, HttpContext context, ApprovalRequests queue, ReviewedPlans plans, string? view, int? from)
    {
        var caller = Caller.From(context.User);
        if (await queue.FindAsync(id, context.RequestAborted) is not { } request || !ApprovalRequests.Sees(caller, request)
            || await plans.ForAsync(request, context.RequestAborted) is not { } plan)
        {
            return new NotFoundError("No approval request with a plan has this id.").ToProblem();
        }

        if (from is not { } start || start < 0)
        {
            return ValidationError.For("from", "from must be the number of rows already shown (0 or more).").ToProblem();
        }

        var split = view == "split";
        var rows = new Review.DiffMarkup(plan.Diff, plan.Risks, split).Write(3, start, ReviewedPlans.WindowRows, out var next);
        var more = next is { } after ? Review.DiffMarkup.MorePlaceholder(ReviewedPlans.MoreUrl(id, split), after) : "";
        return Results.Content(rows + more, "text/html; charset=utf-8");
    }

    private static async Task<IResult> CardAsync(string id, HttpContext context, ApprovalRequests queue, Catalogue catalogue,
        IOptions<ApprovalOptions> options, TimeProvider time, string? environment, string? tier, string? assistant, bool? needsMe)
    {
        var caller = Caller.From(context.User);
        if (await queue.FindAsync(id, context.RequestAborted) is not { } request || !ApprovalRequests.Sees(caller, request))
        {
            return new NotFoundError("No approval request has this id.").ToProblem();
        }

        var item = queue.Item(context.User, request);
        var filter = new QueueFilter(environment, tier, assistant, needsMe == true);
        if (request.IsPending && !Matches(filter, item))
        {
            return Results.NoContent();
        }

        return new RazorComponentResult<ApprovalCard>(new
        {
            Item = item, Now = time.GetUtcNow(), Reauthenticate = options.Value.ReauthenticateCritical,
            Sensitivity = catalogue.SensitivityOf(request.Environment),
        });
    }

    public static bool Matches(QueueFilter filter, QueueItem item) =>
        (string.IsNullOrEmpty(filter.Environment) || item.Request.Environment == filter.Environment)
        && (string.IsNullOrEmpty(filter.Tier) || item.Request.Tier == filter.Tier)
        && (string.IsNullOrEmpty(filter.Assistant) || item.Request.AssistantName == filter.Assistant)
        && (!filter.NeedsMe || item.CannotApproveBecause is null);

    private static async Task<IResult> SummaryAsync(HttpContext context, ApprovalRequests queue, TimeProvider time)
    {
        var pending = await queue.PendingAsync(context.User, new QueueFilter(), context.RequestAborted);
        if (context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal))
        {
            return Results.Json(new { pending = pending.Count, needsMe = pending.Count(p => p.CannotApproveBecause is null) });
        }

        return new RazorComponentResult<PendingSummary>(new { Pending = pending, Now = time.GetUtcNow() });
    }

    private static async Task<IResult> EventsAsync(HttpContext context, ApprovalRequests queue, long? after)
    {
        var caller = Caller.From(context.User);
        if (after is null or < 0)
        {
            return ValidationError.For("after", "after must be the id of the last event the page saw (0 or more).").ToProblem();
        }

        var steps = await queue.EventsAfterAsync(after.Value, CatchUpLimit, context.RequestAborted);
        return Results.Json(new
        {
            events = steps.Where(s => ApprovalRequests.Sees(caller, s)),
            latest = steps.Count > 0 ? steps[^1].Id : after.Value,
            more = steps.Count == CatchUpLimit,
        });
    }
}
