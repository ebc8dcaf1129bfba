using AgentConsole.Features.Account;
using AgentConsole.Features.Tokens;
using AgentConsole.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AgentConsole.Infrastructure.Auth;

public static class AuthRegistration
{
    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SecurityOptions>(builder.Configuration.GetSection("Security"));
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<PersonalTokens>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<FirstRunAdmin>();
        services.AddScoped<SessionValidator>();

        services.AddAuthentication(ConsoleClaims.CookieScheme)
            .AddCookie(ConsoleClaims.CookieScheme, o =>
            {
                o.Cookie.Name = "agentconsole.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/signin";
                o.LogoutPath = "/account/signout";
                o.AccessDeniedPath = "/account/denied";
                // Sliding expiration is SessionValidator's: the handler's own would renew a cookie before it is refused.
                o.SlidingExpiration = false;
                o.EventsType = typeof(SessionValidator);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ConsoleClaims.ApiTokenScheme, null);
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(ConsoleClaims.CookieScheme)
            .Configure<IOptions<SecurityOptions>, TimeProvider>((o, security, time) =>
            {
                o.ExpireTimeSpan = security.Value.IdleTimeout;
                o.TimeProvider = time;
            });
        services.AddOptions<AuthenticationSchemeOptions>(ConsoleClaims.ApiTokenScheme)
            .Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        services.AddAuthorization(ConsolePolicies.Configure);
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "agentconsole.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }
}
