using System.Text.Json;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Policies;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// An AuthZEN-style access evaluation (<c>POST /access/v1/evaluation</c>) for tools that speak that draft
/// standard: subject, action, resource and context in; <c>{decision: true|false}</c> out, with our reasons in
/// <c>context</c>. It evaluates the published policy without recording a decision, so <c>require_approval</c>
/// answers false: only the decision API can wait for people. Break-glass grants in force count as they do for the
/// decision API: their extra scopes and environments, and the approvals they skip (cited in <c>context.breakGlass</c>).
/// </summary>
public static class AuthZenEndpoints
{
    public const string Scheme = "AuthZen";

    public sealed record Entity(string? Type, string? Id, JsonElement? Properties);

    public sealed record ActionName(string? Name);

    public sealed record EvaluationRequest(Entity? Subject, ActionName? Action, Entity? Resource, JsonElement? Context);

    public static WebApplication MapAuthZen(this WebApplication app)
    {
        app.MapGet("/.well-known/authzen-configuration", (HttpRequest request) => Results.Json(new
        {
            policy_decision_point = $"{request.Scheme}://{request.Host}",
            access_evaluation_endpoint = $"{request.Scheme}://{request.Host}/access/v1/evaluation",
        })).AllowAnonymous().WithTags("AuthZEN");
        app.MapPost("/access/v1/evaluation", EvaluateAsync)
            .RequireAuthorization(Scheme)
            .Accepts<EvaluationRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403)
            .WithTags("AuthZEN")
            .WithSummary("AuthZEN access evaluation against the published policy (a task token or a personal API token).");
        return app;
    }

    private static async Task<IResult> EvaluateAsync(HttpContext context, AssistantStore assistants, Catalogue catalogue,
        PublishedPolicy policies, ActiveGrants grants, DecisionGrants decisionGrants, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<EvaluationRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var request = body.Value!;
        if (string.IsNullOrWhiteSpace(request.Subject?.Id) || string.IsNullOrWhiteSpace(request.Action?.Name) || string.IsNullOrWhiteSpace(request.Resource?.Id))
        {
            return new ValidationError(new Dictionary<string, string[]>
            {
                ["request"] = ["Send subject.id (the assistant), action.name (a scope) and resource.id."],
            }).ToProblem();
        }

        var task = context.Items.TryGetValue(typeof(AgentTask), out var item) ? (AgentTask)item! : null;
        var environment = Text(request.Context, "environment") ?? task?.Environment;
        var onBehalfOf = Text(request.Context, "onBehalfOf") ?? Text(request.Context, "on_behalf_of") ?? task?.OnBehalfOf;
        if (task is not null && (task.AssistantName != request.Subject.Id || (environment is not null && environment != task.Environment)))
        {
            return new ForbiddenError("A task token may only ask about its own assistant and environment.").ToProblem();
        }

        var now = time.GetUtcNow();
        var assistant = await assistants.FindAsync(request.Subject.Id!, now, cancellationToken);
        var action = request.Action.Name!;
        // A grant in force that covers what the assistant lacks (an environment, a scope) widens it, as for tasks.
        var widening = assistant is { Status: AssistantStatus.Active } && environment is not null
            ? Widening(await grants.InForceForAsync(assistant.Id, now, cancellationToken), assistant, environment, action)
            : null;
        string? refusal = assistant switch
        {
            null => "No such assistant.",
            { Status: not AssistantStatus.Active } => $"The assistant is {assistant.Status}.",
            _ when environment is null => "Name the environment in context.environment.",
            _ when !assistant.Environments.Contains(environment) && widening is null => $"The assistant may not work in '{environment}'.",
            _ when !assistant.Scopes.Contains(action) && widening is null => $"The assistant does not hold '{action}'.",
            _ => null,
        };
        if (refusal is not null)
        {
            return Results.Json(new { decision = false, context = new { reason = refusal, rule = "inventory" } });
        }

        if (task?.BreakGlassId is { } reliedOn && (await decisionGrants.ReliedOnAsync(reliedOn, now, cancellationToken)).Denial is { } ended)
        {
            return Results.Json(new { decision = false, context = new { reason = ended.Reason, rule = ended.Rule, breakGlass = reliedOn } });
        }

        var plan = request.Context is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("plan", out var p) && p.ValueKind == JsonValueKind.Object
            ? PlanParser.Parse(Text(p, "format") ?? PlanFormats.Text, Text(p, "content") ?? "")
            : null;
        var policy = await policies.CurrentAsync(cancellationToken);
        var verdict = policy.Policy.Evaluate(new PolicyInput(assistant!.Name, assistant.RiskTier, assistant.LabelMap, environment!,
            catalogue.SensitivityOf(environment!), action, catalogue.IsWrite(action) ? ScopeAccess.Write : ScopeAccess.Read,
            request.Resource.Id!, plan, onBehalfOf));
        var cited = widening ?? (task?.BreakGlassId is { } id ? await grants.InForceAsync(id, now, cancellationToken) : null);
        if (verdict.Effect == PolicyEffect.RequireApproval
            && await decisionGrants.SkippingAsync(assistant.Id, action, request.Resource.Id!, now, cancellationToken) is { } skipping)
        {
            verdict = DecisionGrants.Skipped(verdict, skipping);
            cited = skipping;
        }

        return Results.Json(new
        {
            decision = verdict.Effect == PolicyEffect.Allow,
            context = new
            {
                effect = verdict.Effect switch { PolicyEffect.Allow => "allow", PolicyEffect.RequireApproval => "require_approval", _ => "deny" },
                reason = verdict.Reason,
                rule = verdict.Rule,
                matched = verdict.Matched,
                policyVersion = policy.Version,
                approvalsRequired = verdict.Approval?.Count,
                breakGlass = cited is null ? null : new { id = cited.Id, incident = cited.Incident, expiresAt = cited.ExpiresAt },
            },
        });
    }

    private static BreakGlassGrant? Widening(IReadOnlyList<BreakGlassGrant> inForce, Assistant assistant, string environment, string action)
    {
        var lacksEnvironment = !assistant.Environments.Contains(environment);
        var lacksScope = !assistant.Scopes.Contains(action);
        return lacksEnvironment || lacksScope
            ? inForce.FirstOrDefault(g => (!lacksEnvironment || g.EnvironmentList.Contains(environment)) && (!lacksScope || g.ScopeList.Contains(action)))
            : null;
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
