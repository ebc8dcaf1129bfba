using System.Globalization;
using System.Security.Claims;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Infrastructure.Auth;

public static class ConsoleClaims
{
    public const string CookieScheme = "ConsoleCookie";
    public const string ApiTokenScheme = "ApiToken";
    public const string Stamp = "ac:stamp";
    public const string IssuedAt = "ac:issued";
    public const string MustChangePassword = "ac:must_change_password";
    public const string DisplayName = "ac:display_name";

    public static ClaimsPrincipal For(User user, string scheme, DateTimeOffset issuedAt)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Name),
            new(DisplayName, user.DisplayName),
            new(Stamp, user.SecurityStamp),
            new(IssuedAt, issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        if (user.MustChangePassword)
        {
            claims.Add(new Claim(MustChangePassword, "true"));
        }

        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id) ? id : null;

    public static Actor ToActor(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? Actor.User(principal.Identity.Name!) : Actor.Anonymous;

    public static DateTimeOffset? IssuedAtOf(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(IssuedAt), CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
