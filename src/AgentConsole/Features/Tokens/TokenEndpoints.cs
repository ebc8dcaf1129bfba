using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.Tokens;

public static class TokenEndpoints
{
    public static WebApplication MapTokens(this WebApplication app)
    {
        app.MapPost("/tokens/{userName}/{id:long}/revoke", async (string userName, long id, HttpContext context, UserStore users, PersonalTokens tokens) =>
        {
            var me = context.User;
            if (!string.Equals(userName, me.Identity!.Name, StringComparison.Ordinal) && !me.IsInRole(ConsoleRoles.Admin))
            {
                return new ForbiddenError("Only an administrator can revoke another person's tokens.").ToProblem();
            }

            var owner = await users.FindByNameAsync(userName, context.RequestAborted);
            if (owner is null)
            {
                return new NotFoundError($"No user named '{userName}'.").ToProblem();
            }

            var outcome = await tokens.RevokeAsync(me.ToActor(), owner, id, context.RequestAborted);
            if (!outcome.IsSuccess)
            {
                return outcome.Error!.ToProblem();
            }

            return Results.Redirect(owner.Name == me.Identity.Name ? "/account/tokens" : $"/admin/users/{owner.Name}/tokens");
        }).RequireAntiforgeryToken().ExcludeFromDescription();
        return app;
    }
}
