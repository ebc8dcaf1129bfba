using System.Security.Claims;
using AgentConsole.Features.Tokens;
using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.Users;

/// <summary><c>/v1</c> endpoints for people and their personal API tokens, for scripts and chat bots.</summary>
public static class PeopleApi
{
    public static WebApplication MapPeopleApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization(ConsolePolicies.Api).WithTags("People");
        v1.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
            user.Identity!.Name!, user.FindFirstValue(ConsoleClaims.DisplayName) ?? "", user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList())));

        var users = v1.MapGroup("/users").RequireAuthorization(ConsolePolicies.ApiAdmin);
        users.MapGet("/", async (UserStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(UserResponse.From).ToList()));
        users.MapPost("/", async (CreateUserRequest body, ClaimsPrincipal me, UserAccounts accounts, CancellationToken ct) =>
        {
            var outcome = await accounts.AddAsync(me.ToActor(), new NewUser(body.Name, body.DisplayName, body.Roles ?? [], body.Password, MustChangePassword: true), ct);
            return outcome.IsSuccess ? TypedResults.Created($"/v1/users/{outcome.Value!.Name}", UserResponse.From(outcome.Value)) : outcome.Error!.ToProblem();
        });
        users.MapPut("/{name}/roles", async (string name, RolesRequest body, ClaimsPrincipal me, UserAccounts accounts, CancellationToken ct) =>
            Respond(await accounts.SetRolesAsync(me.ToActor(), name, body.Roles ?? [], ct)));
        users.MapPost("/{name}/disable", async (string name, ClaimsPrincipal me, UserAccounts accounts, CancellationToken ct) =>
            Respond(await accounts.SetDisabledAsync(me.ToActor(), name, true, ct)));
        users.MapPost("/{name}/enable", async (string name, ClaimsPrincipal me, UserAccounts accounts, CancellationToken ct) =>
            Respond(await accounts.SetDisabledAsync(me.ToActor(), name, false, ct)));

        var tokens = v1.MapGroup("/tokens");
        tokens.MapGet("/", async (ClaimsPrincipal me, PersonalTokens store, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            return TypedResults.Ok((await store.ListAsync(me.UserId()!.Value, ct)).Select(t => TokenResponse.From(t, now)).ToList());
        });
        tokens.MapPost("/", async (CreateTokenRequest body, ClaimsPrincipal me, PersonalTokens store, CancellationToken ct) =>
        {
            if (!TokenLifetime.TryParse(body.ExpiresIn, out var lifetime))
            {
                return ValidationError.For("expiresIn", "Use a number and d, h or m, at most 365d (e.g. 30d).").ToProblem();
            }

            var outcome = await store.CreateAsync(me.ToActor(), me.Identity!.Name!, body.Name, lifetime, ct);
            return outcome.IsSuccess
                ? TypedResults.Created($"/v1/tokens/{outcome.Value!.Token.Id}", new CreatedTokenResponse(outcome.Value.Token.Id, outcome.Value.Secret, outcome.Value.Token.ExpiresAt))
                : outcome.Error!.ToProblem();
        });
        tokens.MapDelete("/{id:long}", async (long id, ClaimsPrincipal me, UserStore people, PersonalTokens store, CancellationToken ct) =>
        {
            var owner = await people.FindByIdAsync(me.UserId()!.Value, ct);
            var outcome = await store.RevokeAsync(me.ToActor(), owner!, id, ct);
            return outcome.IsSuccess ? TypedResults.NoContent() : outcome.Error!.ToProblem();
        });
        return app;
    }

    private static IResult Respond(Outcome<User> outcome) =>
        outcome.IsSuccess ? TypedResults.Ok(UserResponse.From(outcome.Value!)) : outcome.Error!.ToProblem();
}

public sealed record MeResponse(string Name, string DisplayName, IReadOnlyList<string> Roles);

public sealed record UserResponse(string Name, string DisplayName, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset? LastSignInAt)
{
    public static UserResponse From(User u) => new(u.Name, u.DisplayName, u.Roles, u.IsDisabled, u.LastSignInAt);
}

public sealed record CreateUserRequest(string? Name, string? DisplayName, IReadOnlyList<string>? Roles, string? Password);

public sealed record RolesRequest(IReadOnlyList<string>? Roles);

public sealed record CreateTokenRequest(string? Name, string? ExpiresIn);

public sealed record CreatedTokenResponse(long Id, string Token, DateTimeOffset ExpiresAt);

public sealed record TokenResponse(long Id, string Name, string Prefix, string State, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static TokenResponse From(ApiToken t, DateTimeOffset now) => new(t.Id, t.Name, t.TokenPrefix, t.State(now), t.CreatedAt, t.ExpiresAt, t.LastUsedAt);
}
