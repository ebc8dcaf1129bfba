using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.Account;

/// <summary>Someone whose password was set for them (the first-run admin) must choose their own before anything else.</summary>
public static class FirstRunGate
{
    private static readonly string[] Open = ["/account/password", "/account/signout", "/hubs", "/healthz", "/readyz"];

    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(c => c.Type == ConsoleClaims.MustChangePassword)
            && !Open.Any(p => path.StartsWithSegments(p)) && !Path.HasExtension(path.Value))
        {
            if (path.StartsWithSegments("/v1"))
            {
                await TypedResults.Problem("Sign in to the console and choose your own password before using the API.",
                    title: "Password change required", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            }
            else if (context.Request.IsHtmx())
            {
                context.Response.Headers[HtmxHeaders.Redirect] = "/account/password";
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }
            else
            {
                context.Response.Redirect("/account/password");
            }

            return;
        }

        await next();
    });
}
