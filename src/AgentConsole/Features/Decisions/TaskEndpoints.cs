
namespace AgentConsole.Features.Decisions;

/// <summary><c>/v1/tasks</c>: an assistant exchanges proof of identity for a short-lived, narrow task token.</summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskApi(this RouteGroupBuilder v1)
    {
        var tasks = v1.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("", IssueAsync)
            .RequireAuthorization(AgentSchemes.AssistantPolicy)
            .Accepts<TaskRequest>("application/json")
            .Produces<IssuedTask>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesValidationProblem()
            .WithSummary("Start a task: HTTP Basic (name + client secret) or a workload JWT; returns the task token once.");
        tasks.MapGet("/{id}", GetAsync)
            .RequireAuthorization(AgentSchemes.TaskPolicy)
            .WithSummary("The task this token belongs to, with its delegation chain and decisions.");
        tasks.MapPost("/{id}/complete", CompleteAsync)
            .RequireAuthorization(AgentSchemes.TaskPolicy)
            .ProducesProblem(401).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Complete the task: its token stops working at once.");
        return v1;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, TaskService tasks, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<TaskRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var issued = await tasks.IssueAsync(context.Agent(), body.Value!, cancellationToken);
        return issued.IsSuccess
            ? Results.Json(issued.Value, JsonBody.Compact, statusCode: StatusCodes.Status201Created)
                .WithLocation($"/v1/tasks/{issued.Value!.TaskId}")
            : issued.Error!.ToProblem();
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, TaskStore store, DecisionStore decisions, CancellationToken cancellationToken)
    {
        var task = context.AgentTask();
        if (task.Id != id)
        {
            return new NotFoundError("This token belongs to another task.").ToProblem();
        }

        var made = await decisions.ForTaskAsync(id, cancellationToken);
        return Results.Json(new
        {
            taskId = task.Id,
            assistant = task.AssistantName,
            task.Description,
            task.Environment,
            scopes = task.ScopeList,
            task.OnBehalfOf,
            task.ParentTaskId,
            chain = task.ChainList,
            task.State,
            task.IssuedAt,
            task.ExpiresAt,
            breakGlassId = task.BreakGlassId,
            decisions = made.Select(d => new { decisionId = d.Id, decision = d.Answer, d.State, d.Action, d.Resource, d.CreatedAt }),
        }, JsonBody.Compact);
    }

    private static async Task<IResult> CompleteAsync(string id, HttpContext context, TaskService tasks, CancellationToken cancellationToken)
    {
        var completed = await tasks.CompleteAsync(context.AgentTask(), id, cancellationToken);
        return completed.IsSuccess
            ? Results.Json(new { taskId = completed.Value!.Id, state = completed.Value.State, endedAt = completed.Value.EndedAt }, JsonBody.Compact)
            : completed.Error!.ToProblem();
    }
}

internal static class ResultExtensions
{
    public static IResult WithLocation(this IResult result, string location) => new Located(result, location);

    private sealed class Located(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
