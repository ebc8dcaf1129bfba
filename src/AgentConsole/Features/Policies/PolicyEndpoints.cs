using System.Globalization;
using System.Security.Claims;
using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.Policies;

/// <summary><c>/v1/policies</c>: read, validate, draft and publish policy versions (security and admin write).</summary>
public static class PolicyEndpoints
{
    public sealed record PolicyDraftRequest(string? Document, string? Note);

    public static RouteGroupBuilder MapPolicyApi(this RouteGroupBuilder v1)
    {
        var policies = v1.MapGroup("/policies").WithTags("Policies").RequireAuthorization(ConsolePolicies.Api);
        policies.MapGet("", async (PolicyVersions versions, CancellationToken ct) =>
                Results.Json((await versions.ListAsync(100, ct)).Select(v => Summary(v)), JsonBody.Compact))
            .WithSummary("Every policy version, newest first.");
        policies.MapGet("/published", async (PolicyVersions versions, CancellationToken ct) =>
                await versions.PublishedAsync(ct) is { } v ? Results.Json(Summary(v, true), JsonBody.Compact) : new NotFoundError("No policy is published.").ToProblem())
            .WithSummary("The published version, with its document.");
        policies.MapGet("/{version:int}", async (int version, PolicyVersions versions, CancellationToken ct) =>
                await versions.FindAsync(version, ct) is { } v ? Results.Json(Summary(v, true), JsonBody.Compact) : new NotFoundError($"There is no policy version {version}.").ToProblem())
            .ProducesProblem(404)
            .WithSummary("One version, with its document.");
        policies.MapPost("/validate", ValidateAsync)
            .Accepts<PolicyDraftRequest>("application/json")
            .WithSummary("Check a document without saving it: every error with its line and column.");
        policies.MapPost("", DraftAsync)
            .RequireAuthorization(ConsolePolicies.ApiSecurity)
            .Accepts<PolicyDraftRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(403).ProducesValidationProblem()
            .WithSummary("Save a new draft version (security, admin). Errors name the line.");
        policies.MapPost("/{version:int}/publish", async (int version, ClaimsPrincipal user, PolicyVersions versions, CancellationToken ct) =>
            {
                var published = await versions.PublishAsync(user.ToActor(), version, ct);
                return published.IsSuccess ? Results.Json(Summary(published.Value!), JsonBody.Compact) : published.Error!.ToProblem();
            })
            .RequireAuthorization(ConsolePolicies.ApiSecurity)
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem()
            .WithSummary("Publish a draft (security, admin): decisions use it at once, on every node.");
        return v1;
    }

    private static async Task<IResult> ValidateAsync(HttpContext context, PolicyVersions versions, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PolicyDraftRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var check = versions.Check(body.Value!.Document ?? "");
        return Results.Json(new
        {
            valid = check.IsValid,
            rules = check.Policy?.RuleIds,
            errors = check.Errors.Select(e => new { e.Line, e.Column, e.Message }),
        }, JsonBody.Compact);
    }

    private static async Task<IResult> DraftAsync(HttpContext context, PolicyVersions versions, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PolicyDraftRequest>(context.Request, cancellationToken);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var draft = await versions.CreateDraftAsync(context.User.ToActor(), body.Value!.Document, body.Value.Note, cancellationToken);
        return draft.IsSuccess
            ? Results.Json(Summary(draft.Value!), JsonBody.Compact, statusCode: StatusCodes.Status201Created)
            : draft.Error!.ToProblem();
    }

    private static object Summary(PolicyVersion v, bool withDocument = false) => new
    {
        v.Version,
        v.State,
        v.Digest,
        v.Note,
        v.CreatedBy,
        v.CreatedAt,
        v.PublishedBy,
        v.PublishedAt,
        document = withDocument ? v.Document : null,
        url = string.Create(CultureInfo.InvariantCulture, $"/v1/policies/{v.Version}"),
    };
}
