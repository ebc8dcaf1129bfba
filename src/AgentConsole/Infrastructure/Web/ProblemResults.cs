namespace AgentConsole.Infrastructure.Web;

/// <summary>The one place where an expected failure becomes an HTTP answer (problem+json).</summary>
public static class ProblemResults
{
    public static IResult ToProblem(this ConsoleError error) => error switch
    {
        ValidationError v => TypedResults.Problem(new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Title = v.Title,
            Detail = v.Detail,
            Status = StatusCodes.Status422UnprocessableEntity,
        }),
        NotFoundError => TypedResults.Problem(error.Detail, title: error.Title, statusCode: StatusCodes.Status404NotFound),
        ConflictError => TypedResults.Problem(error.Detail, title: error.Title, statusCode: StatusCodes.Status409Conflict),
        ForbiddenError => TypedResults.Problem(error.Detail, title: error.Title, statusCode: StatusCodes.Status403Forbidden),
        _ => TypedResults.Problem(error.Detail, title: error.Title, statusCode: StatusCodes.Status400BadRequest),
    };
}
