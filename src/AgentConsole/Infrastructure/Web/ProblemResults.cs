namespace AgentConsole.Infrastructure.Web;

/// <summary>The one place where an expected failure becomes an HTTP answer (problem+json).</summary>
public static class ProblemResults
{
    /// <summary>The HTTP status an expected failure answers with, for the API and for pages that show it inline.</summary>
    public static int StatusCode(this ConsoleError error) => error switch
    {
        ValidationError => StatusCodes.Status422UnprocessableEntity,
        NotFoundError => StatusCodes.Status404NotFound,
        ConflictError => StatusCodes.Status409Conflict,
        ForbiddenError => StatusCodes.Status403Forbidden,
        UnauthorizedError => StatusCodes.Status401Unauthorized,
        PayloadTooLargeError => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult ToProblem(this ConsoleError error) => error switch
    {
        ValidationError v => TypedResults.Problem(new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Title = v.Title,
            Detail = v.Detail,
            Status = v.StatusCode(),
        }),
        _ => TypedResults.Problem(error.Detail, title: error.Title, statusCode: error.StatusCode()),
    };
}
