using AgentConsole.Features.Users;
using Microsoft.AspNetCore.Authorization;

namespace AgentConsole.Infrastructure.Auth;

/// <summary>Named authorization policies. Pages use the session cookie; <c>/v1</c> uses personal API tokens only.</summary>
public static class ConsolePolicies
{
    public const string Admin = "admin";
    public const string AuditReader = "audit-reader";
    public const string Api = "api";
    public const string ApiAdmin = "api-admin";
    public const string ApiAuditReader = "api-audit-reader";
    public const string ApiSecurity = "api-security";

    private static readonly string[] AuditReaders = [ConsoleRoles.Admin, ConsoleRoles.Security, ConsoleRoles.Compliance];

    public static void Configure(AuthorizationOptions options)
    {
        // Pages need a signed-in person. On the API, routing's own answers (no such path, 405, 415 for a body that is
        // not JSON) carry no endpoint metadata: they pass, so the caller gets a problem+json status, not the sign-in page.
        options.FallbackPolicy = new AuthorizationPolicyBuilder(ConsoleClaims.CookieScheme)
            .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true || IsRoutingAnswerOnTheApi(c.Resource))
            .Build();
        options.AddPolicy(Admin, p => p.AddAuthenticationSchemes(ConsoleClaims.CookieScheme).RequireRole(ConsoleRoles.Admin));
        options.AddPolicy(AuditReader, p => p.AddAuthenticationSchemes(ConsoleClaims.CookieScheme).RequireRole(AuditReaders));
        options.AddPolicy(Api, p => p.AddAuthenticationSchemes(ConsoleClaims.ApiTokenScheme).RequireAuthenticatedUser());
        options.AddPolicy(ApiAdmin, p => p.AddAuthenticationSchemes(ConsoleClaims.ApiTokenScheme).RequireRole(ConsoleRoles.Admin));
        options.AddPolicy(ApiSecurity, p => p.AddAuthenticationSchemes(ConsoleClaims.ApiTokenScheme).RequireRole(ConsoleRoles.Security, ConsoleRoles.Admin));
        options.AddPolicy(ApiAuditReader, p => p.AddAuthenticationSchemes(ConsoleClaims.ApiTokenScheme).RequireRole(AuditReaders));
    }

    private static bool IsRoutingAnswerOnTheApi(object? resource) =>
        resource is HttpContext context && ShellRegistration.IsApi(context) && context.GetEndpoint() is null or { Metadata.Count: 0 };

    public static bool CanReadAudit(this System.Security.Claims.ClaimsPrincipal user) => AuditReaders.Any(user.IsInRole);
}
