using System.Security.Claims;
using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.Decisions;

/// <summary><c>/v1/approvals</c>: people (chat bots, scripts) approve or deny with a personal API token, under the console's rules.</summary>
public static class ApprovalEndpoints
{
    public static RouteGroupBuilder MapApprovalApi(this RouteGroupBuilder v1)
    {
        var approvals = v1.MapGroup("/approvals").WithTags("Approvals").RequireAuthorization(ConsolePolicies.Api);
        approvals.MapGet("", ListAsync)
            .ProducesValidationProblem()
            .WithSummary("Decisions the caller may approve (state=pending, the default), or recent ones in another state.");
        approvals.MapPost("/{decisionId}", DecideAsync)
            .Accepts<VerdictRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem()
            .WithSummary("Approve or deny a pending decision: {verdict: approve|deny, comment}.");
        return v1;
    }

    private static async Task<IResult> ListAsync(string? state, int? limit, ClaimsPrincipal user, ApprovalService approvals, CancellationToken cancellationToken)
    {
        state ??= DecisionStates.Pending;
        if (!DecisionStates.All.Contains(state))
        {
            return ValidationError.For("state", $"state must be one of {string.Join(", ", DecisionStates.All)}.").ToProblem();
        }

        var views = await approvals.ListAsync(user, state, Math.Clamp(limit ?? 100, 1, 500), cancellationToken);
        return Results.Json(views.Select(View), JsonBody.Compact);
    }

    private static async Task<IResult> DecideAsync(string decisionId, HttpContext context, ApprovalService approvals, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<VerdictRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var decided = await approvals.DecideAsync(context.User, decisionId, body.Value!, cancellationToken);
        return decided.IsSuccess ? Results.Json(View(decided.Value!), JsonBody.Compact) : decided.Error!.ToProblem();
    }

    private static object View(ApprovalView view)
    {
        var d = view.Decision;
        return new
        {
            decisionId = d.Id,
            decision = d.Answer,
            d.State,
            assistant = d.AssistantName,
            d.OnBehalfOf,
            d.Environment,
            d.Action,
            d.Resource,
            d.PlanDigest,
            d.Prompt,
            d.Rule,
            d.Reason,
            d.PolicyVersion,
            approvalsRequired = d.ApprovalsRequired,
            approverRoles = d.ApproverRoleList,
            approvals = view.Approvals.Select(a => new { by = a.UserName, a.Verdict, a.Comment, at = a.DecidedAt }),
            d.CreatedAt,
            d.ExpiresAt,
            d.DecidedBy,
            d.DecidedAt,
        };
    }
}
