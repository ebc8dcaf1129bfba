using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Auth;
using AgentConsole.Infrastructure.Storage;
using Microsoft.AspNetCore.Authentication;

namespace AgentConsole.Features.Account;

public static class AccountEndpoints
{
    public static WebApplication MapAccount(this WebApplication app)
    {
        app.MapPost("/account/signout", async (HttpContext context, Database database, AuditChain audit) =>
        {
            var user = context.User;
            await database.InTransactionAsync(unit => audit.AppendAsync(unit,
                new AuditEntry(user.ToActor(), "signout", new Subject("user", user.Identity!.Name!))));
            await context.SignOutAsync(ConsoleClaims.CookieScheme);
            return Results.Redirect("/account/signin");
        }).RequireAntiforgeryToken().ExcludeFromDescription();
        return app;
    }
}
