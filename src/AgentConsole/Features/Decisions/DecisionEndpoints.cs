using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary><c>/v1/decisions</c>: ask before acting, wait for people, report what was done.</summary>
public static class DecisionEndpoints
{
    public static RouteGroupBuilder MapDecisionEndpoints(this RouteGroupBuilder v1, IOptions<DecisionOptions> options)
    {
        var decisions = v1.MapGroup("/decisions").WithTags("Decisions").RequireAuthorization(AgentSchemes.TaskPolicy);
        // JSON escaping can double a plan's size on the wire; the plan itself is measured and refused with 413 past the limit.
        var bodyLimit = (long)options.Value.MaxPlanBytes * 2 + 1024 * 1024;
        decisions.MapPost("", DecideAsync)
            .WithMetadata(new RequestSizeLimitAttribute(bodyLimit))
            .Accepts<DecisionRequest>("application/json")
            .Produces<DecisionAnswer>(StatusCodes.Status200OK)
            .Produces<DecisionAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(503).ProducesValidationProblem()
            .WithSummary("Ask for a decision on one action: allow (with a signed receipt), deny (with the rule), or pending (wait for people).");
        decisions.MapGet("/{id}", GetAsync)
            .Produces<DecisionAnswer>()
            .ProducesProblem(401).ProducesProblem(404)
            .WithSummary("The decision; with ?wait=N (at most 60) waits while it is pending and returns as soon as it is settled.");
        decisions.MapPost("/{id}/result", ResultAsync)
            .Accepts<ResultRequest>("application/json")
            .ProducesProblem(401).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem()
            .WithSummary("Report what the action did; the plan digest must be the one allowed.");
        return v1;
    }

    private static async Task<IResult> DecideAsync(HttpContext context, DecisionService service, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<DecisionRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var answer = await service.DecideAsync(context.AgentTask(), body.Value!, cancellationToken);
        if (!answer.IsSuccess)
        {
            return answer.Error!.ToProblem();
        }

        var value = answer.Value!;
        return value.Decision == "pending"
            ? Results.Json(value, JsonBody.Compact, statusCode: StatusCodes.Status202Accepted).WithLocation(value.WaitUrl!)
            : Results.Json(value, JsonBody.Compact);
    }

    private static async Task<IResult> GetAsync(string id, int? wait, HttpContext context, DecisionLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var found = await lifecycle.GetAsync(context.AgentTask(), id, lifecycle.WaitFor(wait), cancellationToken);
        return found.IsSuccess ? Results.Json(DecisionAnswer.From(found.Value!), JsonBody.Compact) : found.Error!.ToProblem();
    }

    private static async Task<IResult> ResultAsync(string id, HttpContext context, DecisionLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ResultRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var recorded = await lifecycle.RecordResultAsync(context.AgentTask(), id, body.Value!, cancellationToken);
        return recorded.IsSuccess
            ? Results.Json(new { decisionId = recorded.Value!.Id, status = recorded.Value.ResultStatus, recordedAt = recorded.Value.ResultAt }, JsonBody.Compact)
            : recorded.Error!.ToProblem();
    }
}
