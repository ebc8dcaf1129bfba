using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;
using AgentConsole.Infrastructure.Auth;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

public static class DecisionRegistration
{
    public static WebApplicationBuilder AddDecisions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DecisionOptions>(builder.Configuration.GetSection("Decisions"));
        services.AddDataProtection().SetApplicationName("AgentConsole");
        services.AddOptions<KeyManagementOptions>().Configure<Database>((o, database) => o.XmlRepository = new DatabaseXmlRepository(database));

        services.AddSingleton<ClusterSignals>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSignals>());
        services.AddSingleton<PolicyVersions>();
        services.AddSingleton<PublishedPolicy>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<TaskTokens>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<IAssistantRevocation>(sp => sp.GetRequiredService<TaskService>());
        services.AddSingleton<AgentAuthenticator>();
        services.AddSingleton<DecisionStore>();
        services.AddSingleton<DecisionWriter>();
        services.AddSingleton<DecisionSignals>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<Receipts>();
        services.AddSingleton<DecisionGrants>();
        services.AddSingleton<DecisionService>();
        services.AddSingleton<DecisionLifecycle>();
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<DecisionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionSweeper>());
        services.AddExceptionHandler<UnavailableHandler>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AssistantCredentialHandler>(AgentSchemes.Assistant, null)
            .AddScheme<AuthenticationSchemeOptions, TaskTokenHandler>(AgentSchemes.Task, null)
            .AddPolicyScheme(AuthZenEndpoints.Scheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer " + TaskTokens.Prefix, StringComparison.Ordinal)
                    ? AgentSchemes.Task
                    : ConsoleClaims.ApiTokenScheme);
        foreach (var scheme in new[] { AgentSchemes.Assistant, AgentSchemes.Task })
        {
            services.AddOptions<AuthenticationSchemeOptions>(scheme).Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        }

        services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(AgentSchemes.AssistantPolicy, p => p.AddAuthenticationSchemes(AgentSchemes.Assistant).RequireClaim("ac:kind", "assistant"));
            o.AddPolicy(AgentSchemes.TaskPolicy, p => p.AddAuthenticationSchemes(AgentSchemes.Task).RequireClaim("ac:task"));
            o.AddPolicy(AuthZenEndpoints.Scheme, p => p.AddAuthenticationSchemes(AuthZenEndpoints.Scheme).RequireAssertion(c =>
                c.User.HasClaim(claim => claim.Type == "ac:task")
                || c.User.IsInRole(Users.ConsoleRoles.Admin) || c.User.IsInRole(Users.ConsoleRoles.Security)
                || c.User.IsInRole(Users.ConsoleRoles.Approver) || c.User.IsInRole(Users.ConsoleRoles.Compliance)));
        });
        return builder;
    }

    /// <summary>Publishes the default policy on first start and makes sure a receipt-signing key exists.</summary>
    public static async Task PrepareDecisionsAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<PolicyVersions>().EnsureDefaultAsync();
        await app.Services.GetRequiredService<SigningKeys>().ActiveAsync();
    }

    public static WebApplication MapDecisionApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapTaskApi();
        v1.MapDecisionEndpoints(app.Services.GetRequiredService<IOptions<DecisionOptions>>());
        v1.MapApprovalApi();
        v1.MapPolicyApi();
        v1.MapPost("/signing-keys/rotate", async (System.Security.Claims.ClaimsPrincipal user, SigningKeys keys, CancellationToken ct) =>
                Results.Json(new { kid = await keys.RotateAsync(user.ToActor(), ct) }))
            .RequireAuthorization(ConsolePolicies.ApiAdmin)
            .WithTags("Receipts")
            .WithSummary("Make a new receipt-signing key (admin); earlier keys stay published so older receipts still verify.");
        app.MapGet("/.well-known/jwks.json", async (SigningKeys keys, HttpResponse response, CancellationToken ct) =>
            {
                response.Headers.CacheControl = "public, max-age=300";
                return Results.Json(new { keys = await keys.PublishedAsync(ct) });
            })
            .AllowAnonymous()
            .WithTags("Receipts")
            .WithSummary("The public keys that verify decision receipts (JWKS).");
        app.MapAuthZen();
        return app;
    }
}
