using AgentConsole.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AgentConsole.Infrastructure.Auth;

/// <summary>
/// Checks a session cookie against the store on every request: a disabled user, a changed password or an
/// expired absolute lifetime ends the session at once. Roles are read fresh, so role changes apply at once too.
/// </summary>
/// <remarks>
/// A refused cookie is not deleted and not renewed: it is worthless already, and a request still in flight with the old
/// cookie (a page's live connection, an htmx call) would otherwise answer with a deletion or a renewal that lands after,
/// and overwrites, the fresh cookie the same browser was just given by a password change. Signing in again replaces it.
/// For that, sliding expiration is done here rather than by the cookie handler (which decides to renew before this check
/// runs): an accepted cookie past half its idle time is renewed.
/// </remarks>
public sealed partial class SessionValidator(UserStore users, TimeProvider time, IOptions<SecurityOptions> options,
    ILogger<SessionValidator> log) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var issuedAt = principal.IssuedAtOf();
        var user = principal.UserId() is { } id ? await users.FindByIdAsync(id, context.HttpContext.RequestAborted) : null;
        if (user is null || user.IsDisabled || issuedAt is null
            || user.SecurityStamp != principal.FindFirst(ConsoleClaims.Stamp)?.Value
            || time.GetUtcNow() - issuedAt > options.Value.AbsoluteTimeout)
        {
            var reason = user is null ? "unknown person"
                : user.IsDisabled ? "person disabled"
                : issuedAt is null ? "no issue time"
                : user.SecurityStamp != principal.FindFirst(ConsoleClaims.Stamp)?.Value ? "stamp changed (password or status)"
                : "absolute lifetime over";
            SessionRefused(log, principal.UserId(), context.Request.Path, reason);
            context.RejectPrincipal();
            return;
        }

        context.ReplacePrincipal(ConsoleClaims.For(user, ConsoleClaims.CookieScheme, issuedAt.Value));
        var now = time.GetUtcNow();
        if (context.Properties is { IssuedUtc: { } from, ExpiresUtc: { } until } && until - now < now - from)
        {
            context.ShouldRenew = true;
        }
    }

    // Debug: a browser holding a dead cookie is refused on every request until it signs in again.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Session of person {UserId} refused on {Path}: {Reason}")]
    private static partial void SessionRefused(ILogger logger, long? userId, PathString path, string reason);

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        RefuseOrRedirect(context, StatusCodes.Status401Unauthorized);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        RefuseOrRedirect(context, StatusCodes.Status403Forbidden);

    // Pages get the sign-in or access-denied page; htmx requests and the live hub get a status code
    // (htmx follows HX-Redirect to the sign-in page).
    private static Task RefuseOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/hubs") || request.IsHtmx())
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized && request.IsHtmx())
            {
                context.Response.Headers[HtmxHeaders.Redirect] = new PathString("/account/signin").Value;
            }

            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
