using System.Security.Claims;
using System.Text.Encodings.Web;
using AgentConsole.Infrastructure.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>The agent-side authentication schemes and where a handler leaves what it found.</summary>
public static class AgentSchemes
{
    /// <summary>An assistant proving its identity (client secret or workload JWT) to start a task.</summary>
    public const string Assistant = "AssistantCredential";

    /// <summary>A task token (<c>act_…</c>) on every call made during the task.</summary>
    public const string Task = "TaskToken";

    public const string AssistantPolicy = "assistant";
    public const string TaskPolicy = "task";

    public static AgentIdentity Agent(this HttpContext context) => (AgentIdentity)context.Items[typeof(AgentIdentity)]!;

    public static AgentTask AgentTask(this HttpContext context) => (AgentTask)context.Items[typeof(AgentTask)]!;

    internal static ClaimsPrincipal Principal(string assistant, string scheme, params Claim[] extra) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, assistant), new Claim("ac:kind", "assistant"), .. extra], scheme));
}

/// <summary>Authenticates an assistant by HTTP Basic (name + client secret) or a workload JWT.</summary>
public sealed class AssistantCredentialHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AgentAuthenticator authenticator, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null)
        {
            return AuthenticateResult.NoResult();
        }

        var agent = await authenticator.AuthenticateAsync(header, Context.RequestAborted);
        if (agent is null)
        {
            return AuthenticateResult.Fail("The assistant's credentials are unknown, expired or revoked, or the assistant is not active.");
        }

        Context.Items[typeof(AgentIdentity)] = agent;
        return AuthenticateResult.Success(new AuthenticationTicket(AgentSchemes.Principal(agent.Assistant.Name, Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AgentChallenge.WriteAsync(Context, problems, "Basic realm=\"agentconsole\", Bearer",
            "Prove the assistant's identity: HTTP Basic with its name and a client secret, or a bearer JWT from a trusted workload issuer bound to it. Suspended and retired assistants get no tasks.");
}

/// <summary>Authenticates a task token; a token whose task ended or expired is refused (401) and the refusal audited.</summary>
public sealed class TaskTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TaskTokens tokens, DecisionWriter writer, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var check = await tokens.CheckAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (check.Usable is { } task)
        {
            Context.Items[typeof(AgentTask)] = task;
            return AuthenticateResult.Success(new AuthenticationTicket(
                AgentSchemes.Principal(task.AssistantName, Scheme.Name, new Claim("ac:task", task.Id)), Scheme.Name));
        }

        if (check.Refused is { } ended)
        {
            var reason = ended.State == TaskStates.Active ? "expired" : ended.State;
            Context.Items["ac:token-refusal"] = $"The task token is no longer valid: the task {reason}.";
            await writer.WriteAsync(new DecisionWrite(null, null, new AuditEntry(Actor.Assistant(ended.AssistantName), "task.token_refused",
                new Subject("task", ended.Id), new { reason, path = Request.Path.Value, method = Request.Method })));
        }

        return AuthenticateResult.Fail("The task token is unknown, expired or revoked.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AgentChallenge.WriteAsync(Context, problems, "Bearer",
            Context.Items["ac:token-refusal"] as string ?? "Send the task token from POST /v1/tasks: Authorization: Bearer act_…");
}

internal static class AgentChallenge
{
    public static async Task WriteAsync(HttpContext context, IProblemDetailsService problems, string scheme, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = scheme;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Title = "Unauthorized", Detail = detail, Status = 401 },
        });
    }
}
