using AgentConsole.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentConsole.Features.Users;

/// <summary>Row actions on the admin page. htmx gets the updated row; a plain form post is redirected back to the page.</summary>
public static class UserAdministrationEndpoints
{
    public static WebApplication MapUserAdministration(this WebApplication app)
    {
        var group = app.MapGroup("/admin/users/{name}").RequireAuthorization(ConsolePolicies.Admin).RequireAntiforgeryToken().ExcludeFromDescription();
        group.MapPost("/roles", async (string name, HttpContext context, UserAccounts accounts) =>
        {
            // Checkboxes arrive as repeated "role" fields (read from the form: binding string[] trips over string.TryParse in .NET 10).
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var roles = form["role"].Where(r => r is not null).Select(r => r!).ToList();
            return await RespondAsync(context, name, await accounts.SetRolesAsync(context.User.ToActor(), name, roles, context.RequestAborted), "Roles saved.");
        });
        group.MapPost("/disable", async (string name, HttpContext context, UserAccounts accounts) =>
            await RespondAsync(context, name, await accounts.SetDisabledAsync(context.User.ToActor(), name, true, context.RequestAborted), "Disabled; their sessions ended."));
        group.MapPost("/enable", async (string name, HttpContext context, UserAccounts accounts) =>
            await RespondAsync(context, name, await accounts.SetDisabledAsync(context.User.ToActor(), name, false, context.RequestAborted), "Enabled."));
        return app;
    }

    private static async Task<IResult> RespondAsync(HttpContext context, string name, Outcome<User> outcome, string notice)
    {
        if (outcome.Error is NotFoundError notFound)
        {
            return notFound.ToProblem();
        }

        if (context.Request.IsHtmx())
        {
            return outcome.IsSuccess
                ? Row(outcome.Value!, context, null, notice)
                : await RowWithErrorAsync(context, name, outcome.Error!);
        }

        var query = outcome.IsSuccess ? $"notice={Uri.EscapeDataString(notice)}" : $"error={Uri.EscapeDataString(outcome.Error!.Detail)}";
        return Results.Redirect($"/admin/users?user={Uri.EscapeDataString(name)}&{query}#user-{name}");
    }

    private static async Task<IResult> RowWithErrorAsync(HttpContext context, string name, ConsoleError error)
    {
        var user = await context.RequestServices.GetRequiredService<UserStore>().FindByNameAsync(name, context.RequestAborted);
        return user is null ? error.ToProblem() : Row(user, context, error.Detail, null);
    }

    private static RazorComponentResult<UserRow> Row(User user, HttpContext context, string? error, string? notice) => new(new
    {
        User = user,
        Now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        Error = error,
        Notice = notice,
    });
}
