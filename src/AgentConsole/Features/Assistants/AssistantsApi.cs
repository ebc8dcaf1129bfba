using System.Security.Claims;
using AgentConsole.Infrastructure.Auth;

namespace AgentConsole.Features.Assistants;

/// <summary><c>/v1/assistants</c>: the inventory for automation, with a personal API token. The same rules as the pages.</summary>
public static class AssistantsApi
{
    public static WebApplication MapAssistantsApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1/assistants").RequireAuthorization(ConsolePolicies.Api).WithTags("Assistants");

        v1.MapGet("/", async ([AsParameters] ListQuery query, ClaimsPrincipal user, AssistantStore store, Catalogue catalogue, TimeProvider time,
            CancellationToken ct) =>
        {
            var caller = Caller.From(user);
            var filter = query.ToFilter(caller);
            if (filter.Problems(catalogue) is { } invalid)
            {
                return invalid.ToProblem();
            }

            var now = time.GetUtcNow();
            var page = await store.ListAsync(filter, now, ct);
            return TypedResults.Ok(new AssistantListResponse(
                page.Items.Select(a => AssistantResponse.From(a, now, catalogue.Options)).ToList(), page.Total, page.Page, page.PageSize));
        }).WithSummary("Lists assistants with search, filters, sorting and paging.");

        v1.MapPost("/", async (AssistantRequest body, ClaimsPrincipal user, AssistantInventory inventory, Catalogue catalogue, TimeProvider time,
            CancellationToken ct) =>
        {
            var outcome = await inventory.CreateAsync(Caller.From(user), body.ToInput(), ct);
            return outcome.IsSuccess
                ? TypedResults.Created($"/v1/assistants/{outcome.Value!.Assistant.Name}", SavedResponse.From(outcome.Value, time.GetUtcNow(), catalogue.Options))
                : outcome.Error!.ToProblem();
        }).WithSummary("Registers an assistant. Read scopes in low-sensitivity environments take effect at once; the rest waits as a pending change.");

        v1.MapGet("/{name}", async (string name, ClaimsPrincipal user, AssistantInventory inventory, AssistantStore store, Catalogue catalogue,
            TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await inventory.GetAsync(Caller.From(user), name, ct);
            if (!outcome.IsSuccess)
            {
                return outcome.Error!.ToProblem();
            }

            var now = time.GetUtcNow();
            var assistant = outcome.Value!;
            return TypedResults.Ok(new AssistantDetailResponse(
                AssistantResponse.From(assistant, now, catalogue.Options),
                (await store.IdentitiesAsync(assistant.Id, ct)).Select(IdentityResponse.From).ToList(),
                (await store.SecretsAsync(assistant.Id, ct)).Select(s => SecretResponse.From(s, now, catalogue.Options)).ToList()));
        }).WithSummary("One assistant with its workload identities and client secrets (never the secrets' values).");

        v1.MapPatch("/{name}", async (string name, AssistantRequest body, ClaimsPrincipal user, AssistantInventory inventory, Catalogue catalogue,
            TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await inventory.UpdateAsync(Caller.From(user), name, body.ToInput(), ct);
            return outcome.IsSuccess ? TypedResults.Ok(SavedResponse.From(outcome.Value!, time.GetUtcNow(), catalogue.Options)) : outcome.Error!.ToProblem();
        }).WithSummary("Changes an assistant. Narrowing takes effect at once; widening waits for a second person with the security role.");

        v1.MapPost("/{name}/suspend", (string name, StatusRequest? body, ClaimsPrincipal user, AssistantInventory inventory, Catalogue catalogue,
                TimeProvider time, CancellationToken ct) =>
            Respond(inventory.SuspendAsync(Caller.From(user), name, body?.Reason, ct), time, catalogue))
            .WithSummary("Suspends an assistant and revokes its credentials at once.");
        v1.MapPost("/{name}/resume", (string name, StatusRequest? body, ClaimsPrincipal user, AssistantInventory inventory, Catalogue catalogue,
                TimeProvider time, CancellationToken ct) =>
            Respond(inventory.ResumeAsync(Caller.From(user), name, body?.Reason, ct), time, catalogue))
            .WithSummary("Makes a suspended assistant active again (its revoked secrets stay revoked).");
        v1.MapPost("/{name}/retire", (string name, StatusRequest? body, ClaimsPrincipal user, AssistantInventory inventory, Catalogue catalogue,
                TimeProvider time, CancellationToken ct) =>
            Respond(inventory.RetireAsync(Caller.From(user), name, body?.Reason, ct), time, catalogue))
            .WithSummary("Retires an assistant for good: credentials revoked, pending changes rejected.");

        v1.MapPost("/{name}/secrets", async (string name, SecretRequest? body, ClaimsPrincipal user, AssistantInventory inventory, Catalogue catalogue,
            TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await inventory.CreateSecretAsync(Caller.From(user), name, body?.ExpiresInDays, body?.Replaces, ct);
            if (!outcome.IsSuccess)
            {
                return outcome.Error!.ToProblem();
            }

            var issued = outcome.Value!;
            return TypedResults.Created($"/v1/assistants/{name}/secrets/{issued.Secret.Id}",
                new IssuedSecretResponse(issued.Secret.Id, issued.Value, issued.Secret.Prefix, issued.Secret.CreatedAt, issued.Secret.ExpiresAt, body?.Replaces));
        }).WithSummary("Issues a client secret, returned once. With 'replaces', the old secret stays valid for the configured overlap.");

        v1.MapDelete("/{name}/secrets/{id:long}", async (string name, long id, ClaimsPrincipal user, AssistantInventory inventory, CancellationToken ct) =>
        {
            var outcome = await inventory.RevokeSecretAsync(Caller.From(user), name, id, ct);
            return outcome.IsSuccess ? TypedResults.NoContent() : outcome.Error!.ToProblem();
        }).WithSummary("Revokes a client secret at once.");

        v1.MapPost("/{name}/identities", async (string name, IdentityRequest body, ClaimsPrincipal user, AssistantInventory inventory, CancellationToken ct) =>
        {
            var outcome = await inventory.BindIdentityAsync(Caller.From(user), name, body.Issuer, body.Subject, ct);
            return outcome.IsSuccess
                ? TypedResults.Created($"/v1/assistants/{name}/identities/{outcome.Value!.Id}", IdentityResponse.From(outcome.Value))
                : outcome.Error!.ToProblem();
        }).WithSummary("Binds a workload identity (trusted issuer and subject, e.g. a SPIFFE ID) to the assistant.");

        v1.MapDelete("/{name}/identities/{id:long}", async (string name, long id, ClaimsPrincipal user, AssistantInventory inventory, CancellationToken ct) =>
        {
            var outcome = await inventory.UnbindIdentityAsync(Caller.From(user), name, id, ct);
            return outcome.IsSuccess ? TypedResults.NoContent() : outcome.Error!.ToProblem();
        }).WithSummary("Removes a workload identity binding.");

        v1.MapGet("/{name}/changes", async (string name, string? state, ClaimsPrincipal user, AssistantInventory inventory, AssistantStore store,
            CancellationToken ct) =>
        {
            if (state is not null && !ChangeStates.All.Contains(state))
            {
                return ValidationError.For("state", $"Use one of: {string.Join(", ", ChangeStates.All)}.").ToProblem();
            }

            var outcome = await inventory.GetAsync(Caller.From(user), name, ct);
            return outcome.IsSuccess
                ? TypedResults.Ok((await store.ChangesAsync(outcome.Value!.Id, state, 500, ct)).Select(ChangeResponse.From).ToList())
                : outcome.Error!.ToProblem();
        }).WithSummary("PendingGrant changes of an assistant, pending, approved or rejected.");

        v1.MapPost("/{name}/changes/{id:long}/approve", async (string name, long id, DecisionRequest? body, ClaimsPrincipal user,
            AssistantInventory inventory, CancellationToken ct) =>
        {
            var outcome = await inventory.DecideAsync(Caller.From(user), name, id, approve: true, body?.Comment, ct);
            return outcome.IsSuccess ? TypedResults.Ok(ChangeResponse.From(outcome.Value!)) : outcome.Error!.ToProblem();
        }).WithSummary("Approves a widening change (security role; not the person who asked).");

        v1.MapPost("/{name}/changes/{id:long}/reject", async (string name, long id, DecisionRequest? body, ClaimsPrincipal user,
            AssistantInventory inventory, CancellationToken ct) =>
        {
            var outcome = await inventory.DecideAsync(Caller.From(user), name, id, approve: false, body?.Comment, ct);
            return outcome.IsSuccess ? TypedResults.Ok(ChangeResponse.From(outcome.Value!)) : outcome.Error!.ToProblem();
        }).WithSummary("Rejects a widening change (security role, or the person who asked withdrawing it).");

        v1.MapPost("/{name}/recertify", async (string name, RecertifyRequest body, ClaimsPrincipal user, AssistantInventory inventory,
            Catalogue catalogue, TimeProvider time, CancellationToken ct) =>
        {
            var outcome = await inventory.RecertifyAsync(Caller.From(user), name, body.KeepEnvironments ?? [], body.KeepScopes ?? [], body.Comment, ct);
            return outcome.IsSuccess ? TypedResults.Ok(AssistantResponse.From(outcome.Value!, time.GetUtcNow(), catalogue.Options)) : outcome.Error!.ToProblem();
        }).WithSummary("The owner attests to the assistant's access, keeping what is listed and dropping the rest.");

        return app;
    }

    private static async Task<IResult> Respond(Task<Outcome<Assistant>> pending, TimeProvider time, Catalogue catalogue)
    {
        var outcome = await pending;
        return outcome.IsSuccess ? TypedResults.Ok(AssistantResponse.From(outcome.Value!, time.GetUtcNow(), catalogue.Options)) : outcome.Error!.ToProblem();
    }

    public sealed record ListQuery(
        string? Q, string? Owner, string? Team, string? Tier, string? Environment, string? Scope, string? Status, string? Flag,
        string? Sort, string? Dir, int? Page, int? PageSize)
    {
        public AssistantFilter ToFilter(Caller caller) => new()
        {
            Query = Q,
            Owner = Owner,
            Team = Team,
            Tier = Tier,
            Environment = Environment,
            Scope = Scope,
            Status = Status,
            Flag = Flag,
            Sort = Sort ?? "name",
            Descending = Dir == "desc",
            Page = Page ?? 1,
            PageSize = PageSize ?? AssistantFilter.DefaultPageSize,
            VisibleToUserId = caller.SeesAll ? null : caller.UserId,
        };
    }
}

public sealed record AssistantRequest(
    string? Name, string? DisplayName, string? Description, string? Owner, string? BackupOwner, string? Team, string? RiskTier,
    IReadOnlyList<string>? Environments, IReadOnlyList<string>? Scopes, IReadOnlyDictionary<string, string>? Labels, string? Reason)
{
    public AssistantInput ToInput() => new()
    {
        Name = Name,
        DisplayName = DisplayName,
        Description = Description,
        Owner = Owner,
        BackupOwner = BackupOwner,
        Team = Team,
        RiskTier = RiskTier,
        Environments = Environments,
        Scopes = Scopes,
        Labels = Labels,
        Reason = Reason,
    };
}

public sealed record StatusRequest(string? Reason);

public sealed record SecretRequest(int? ExpiresInDays, long? Replaces);

public sealed record IdentityRequest(string? Issuer, string? Subject);

public sealed record DecisionRequest(string? Comment);

public sealed record RecertifyRequest(IReadOnlyList<string>? KeepEnvironments, IReadOnlyList<string>? KeepScopes, string? Comment);

public sealed record AssistantResponse(
    string Name, string DisplayName, string Description, string Owner, string? BackupOwner, string Team, string RiskTier, string Status,
    IReadOnlyList<string> Environments, IReadOnlyList<string> Scopes, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Flags,
    long PendingChanges, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastActivityAt, DateTimeOffset? LastReviewedAt,
    string? LastReviewedBy, DateTimeOffset NextReviewAt)
{
    public static AssistantResponse From(Assistant a, DateTimeOffset now, InventoryOptions options) => new(
        a.Name, a.DisplayName, a.Description, a.OwnerName, a.BackupOwnerName, a.Team, a.RiskTier, a.Status, a.Environments, a.Scopes,
        a.LabelMap, a.Flags(now, options), a.PendingChanges, a.CreatedAt, a.UpdatedAt, a.LastActivityAt, a.LastReviewedAt, a.LastReviewedBy,
        a.NextReviewAt);
}

public sealed record AssistantListResponse(IReadOnlyList<AssistantResponse> Items, long Total, int Page, int PageSize);

public sealed record SavedResponse(AssistantResponse Assistant, ChangeResponse? PendingChange)
{
    public static SavedResponse From(AssistantSaved saved, DateTimeOffset now, InventoryOptions options) =>
        new(AssistantResponse.From(saved.Assistant, now, options), saved.Pending is null ? null : ChangeResponse.From(saved.Pending));
}

public sealed record AssistantDetailResponse(AssistantResponse Assistant, IReadOnlyList<IdentityResponse> WorkloadIdentities, IReadOnlyList<SecretResponse> Secrets);

public sealed record ChangeResponse(
    long Id, string Assistant, string State, string? RiskTier, IReadOnlyList<string> AddEnvironments, IReadOnlyList<string> AddScopes, string Reason,
    string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? Comment)
{
    public static ChangeResponse From(AssistantChange c)
    {
        var widening = c.PendingGrant;
        return new(c.Id, c.AssistantName, c.State, widening.Tier, widening.AddEnvironments, widening.AddScopes, c.Reason, c.RequestedBy, c.RequestedAt,
            c.DecidedBy, c.DecidedAt, c.DecisionComment);
    }
}

public sealed record SecretResponse(long Id, string Prefix, string State, bool LongLived, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, long? ReplacedBy, DateTimeOffset? LastUsedAt)
{
    public static SecretResponse From(AssistantSecret s, DateTimeOffset now, InventoryOptions options) =>
        new(s.Id, s.Prefix, s.State(now), s.IsLongLived(now, options), s.CreatedBy, s.CreatedAt, s.ExpiresAt, s.RevokedAt, s.ReplacedBy, s.LastUsedAt);
}

public sealed record IssuedSecretResponse(long Id, string Secret, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, long? Replaces);

public sealed record IdentityResponse(long Id, string Issuer, string IssuerUrl, string Subject, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static IdentityResponse From(WorkloadIdentity w) => new(w.Id, w.IssuerName, w.Issuer, w.Subject, w.CreatedBy, w.CreatedAt);
}
