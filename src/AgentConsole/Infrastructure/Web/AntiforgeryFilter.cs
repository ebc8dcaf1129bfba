using Microsoft.AspNetCore.Antiforgery;

namespace AgentConsole.Infrastructure.Web;

/// <summary>
/// Form posts to minimal endpoints must carry the antiforgery token (form field or htmx header) even when they bind no
/// form field: the middleware validates, this filter refuses what failed (the framework refuses only when binding a form).
/// </summary>
public static class AntiforgeryFilter
{
    public static TBuilder RequireAntiforgeryToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequireAntiforgeryTokenAttribute());
        builder.AddEndpointFilter(async (context, next) =>
        {
            var validation = context.HttpContext.Features.Get<IAntiforgeryValidationFeature>();
            if (validation is null || !validation.IsValid)
            {
                return TypedResults.Problem("The form's antiforgery token is missing or invalid. Reload the page and try again.",
                    title: "Bad request", statusCode: StatusCodes.Status400BadRequest);
            }

            return await next(context);
        });
        return builder;
    }
}
