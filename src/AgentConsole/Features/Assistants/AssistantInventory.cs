using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AgentConsole.Features.Tokens;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Features.Assistants;

/// <summary>
/// Everything that changes the inventory. Each change and its audit record (with before and after) commit together;
/// the governance rules live here so that the pages and the API obey the same ones.
/// </summary>
public sealed class AssistantInventory(
    Database database,
    AssistantStore store,
    UserStore users,
    Catalogue catalogue,
    AuditChain audit,
    TimeProvider time,
    IEnumerable<IAssistantRevocation> revocations)
{
    public const string SecretPrefix = "acs_";

    public async Task<Outcome<Assistant>> GetAsync(Caller caller, string name, CancellationToken cancellationToken = default)
    {
        var assistant = await store.FindAsync(name, time.GetUtcNow(), cancellationToken);
        return assistant is null || !caller.Sees(assistant) ? NotFound(name) : assistant;
    }

    public async Task<Outcome<AssistantSaved>> CreateAsync(Caller caller, AssistantInput input, CancellationToken cancellationToken = default)
    {
        if (!caller.IsEditor)
        {
            return new ForbiddenError("Only people with the security or admin role register assistants.");
        }

        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim().ToLowerInvariant() ?? "";
        if (!Names.IsValid(name))
        {
            errors["name"] = ["Use 2 to 63 characters: lower-case letters, digits and '-', starting with a letter or digit."];
        }

        Require(errors, "owner", input.Owner, "Name the accountable owner.");
        Require(errors, "team", input.Team, "Name the team.");
        Require(errors, "riskTier", input.RiskTier, $"Choose a risk tier: {string.Join(", ", RiskTiers.All)}.");
        var resolved = await ValidateAsync(input, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        var wanted = Privileges.Of(input.RiskTier!, input.Environments ?? [], input.Scopes ?? []);
        var split = PrivilegeRules.SplitForNewAssistant(wanted, catalogue);
        var row = new NewAssistantRow(name, Text(input.DisplayName) ?? name, Text(input.Description) ?? "", resolved.OwnerId!.Value,
            resolved.BackupOwnerId, input.Team!.Trim(), LabelsJson(input.Labels), caller.Actor.Id);
        try
        {
            return await database.InTransactionAsync<Outcome<AssistantSaved>>(async unit =>
            {
                var now = time.GetUtcNow();
                if (await store.FindAsync(unit, name, now) is not null)
                {
                    return Duplicate(name);
                }

                await store.InsertAsync(unit, row, split.Now, now);
                var created = (await store.FindAsync(unit, name, now))!;
                await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "assistant.created", Of(created),
                    new { before = (object?)null, after = created.Snapshot() }), cancellationToken);
                var pending = await RequestAsync(unit, caller, created, split.Pending, input.Reason ?? "New assistant", now, cancellationToken);
                return new AssistantSaved((await store.FindAsync(unit, name, now))!, pending);
            }, cancellationToken);
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.Translate(e) is UniqueViolation)
        {
            return Duplicate(name);
        }
    }

    public async Task<Outcome<AssistantSaved>> UpdateAsync(Caller caller, string name, AssistantInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Name is not null && input.Name != name)
        {
            errors["name"] = ["An assistant's name cannot change; register a new one instead."];
        }

        if (input.Owner is not null && input.Owner.Trim().Length == 0)
        {
            errors["owner"] = ["An assistant always has an owner."];
        }

        if (input.Team is not null && input.Team.Trim().Length == 0)
        {
            errors["team"] = ["Name the team."];
        }

        var resolved = await ValidateAsync(input, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        var current = await store.FindAsync(unit, name, now);
        if (current is null || !caller.Sees(current))
        {
            return NotFound(name);
        }

        if (!caller.IsEditor)
        {
            if (!caller.Owns(current))
            {
                return new ForbiddenError("Only security, admin or the assistant's owners change it.");
            }

            if (input.Owner is not null || input.BackupOwner is not null || input.Team is not null)
            {
                return new ForbiddenError("Owners, backup owners and teams are changed by security or admin.");
            }
        }

        if (current.Status == AssistantStatus.Retired)
        {
            return new ConflictError($"'{name}' is retired; a retired assistant does not change.");
        }

        var wanted = Privileges.Of(input.RiskTier ?? current.RiskTier, input.Environments ?? current.Environments, input.Scopes ?? current.Scopes);
        var split = PrivilegeRules.Split(current.Privileges, wanted, catalogue);
        var row = new AssistantRow(
            Text(input.DisplayName) ?? current.DisplayName,
            input.Description is null ? current.Description : input.Description.Trim(),
            resolved.OwnerId ?? current.OwnerId,
            input.BackupOwner is null ? current.BackupOwnerId : resolved.BackupOwnerId,
            input.Team?.Trim() ?? current.Team,
            split.Now.Tier,
            input.Labels is null ? current.Labels : LabelsJson(input.Labels));
        if (row.BackupOwnerId == row.OwnerId)
        {
            return ValidationError.For("backupOwner", "The backup owner must be someone other than the owner.");
        }

        await store.UpdateAsync(unit, current.Id, row, NextReview(current, split.Now.Tier), now);
        await store.SetPrivilegesAsync(unit, current.Id, current.Privileges, split.Now, now);
        var updated = (await store.FindAsync(unit, name, now))!;
        var before = current.Snapshot();
        var after = updated.Snapshot();
        if (JsonSerializer.Serialize(before) != JsonSerializer.Serialize(after))
        {
            await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "assistant.updated", Of(updated), new { before, after }), cancellationToken);
        }

        var pending = await RequestAsync(unit, caller, updated, split.Pending, input.Reason ?? "", now, cancellationToken);
        var saved = new AssistantSaved((await store.FindAsync(unit, name, now))!, pending);
        await unit.CommitAsync(cancellationToken);
        return saved;
    }

    public async Task<Outcome<AssistantChange>> DecideAsync(Caller caller, string name, long changeId, bool approve, string? comment,
        CancellationToken cancellationToken = default)
    {
        if (comment?.Length > 1000)
        {
            return ValidationError.For("comment", "Keep the comment to 1000 characters.");
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        var assistant = await store.FindAsync(unit, name, now);
        if (assistant is null || !caller.Sees(assistant))
        {
            return NotFound(name);
        }

        var change = await store.FindChangeAsync(unit, assistant.Id, changeId);
        if (change is null)
        {
            return new NotFoundError($"'{name}' has no change {changeId}.");
        }

        if (change.State != ChangeStates.Pending)
        {
            return new ConflictError($"Change {changeId} was already {change.State} by {change.DecidedBy} at "
                                     + $"{change.DecidedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.");
        }

        var withdrawing = !approve && change.RequestedBy == caller.Actor.Id;
        if (!caller.IsSecurity && !withdrawing)
        {
            return new ForbiddenError("Only a person with the security role approves or rejects widening changes.");
        }

        if (approve && change.RequestedBy == caller.Actor.Id)
        {
            return new ForbiddenError("You asked for this change; a second person with the security role must approve it.");
        }

        if (!await store.DecideChangeAsync(unit, change.Id, approve ? ChangeStates.Approved : ChangeStates.Rejected, caller.Actor.Id, Text(comment), now))
        {
            return new ConflictError($"Change {changeId} was settled by someone else a moment ago.");
        }

        var before = assistant.Snapshot();
        if (approve)
        {
            var widened = PrivilegeRules.Apply(assistant.Privileges, change.PendingGrant);
            await store.UpdateAsync(unit, assistant.Id, new AssistantRow(assistant.DisplayName, assistant.Description, assistant.OwnerId,
                assistant.BackupOwnerId, assistant.Team, widened.Tier, assistant.Labels), NextReview(assistant, widened.Tier), now);
            await store.SetPrivilegesAsync(unit, assistant.Id, assistant.Privileges, widened, now);
        }

        var after = (await store.FindAsync(unit, name, now))!.Snapshot();
        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, approve ? "assistant.change_approved" : "assistant.change_rejected", Of(assistant),
            new { changeId, requestedBy = change.RequestedBy, comment = Text(comment), before, after }), cancellationToken);
        var decided = (await store.FindChangeAsync(unit, assistant.Id, change.Id))!;
        await unit.CommitAsync(cancellationToken);
        return decided;
    }

    public Task<Outcome<Assistant>> SuspendAsync(Caller caller, string name, string? reason, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(caller, name, AssistantStatus.Suspended, reason, cancellationToken);

    public Task<Outcome<Assistant>> ResumeAsync(Caller caller, string name, string? reason, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(caller, name, AssistantStatus.Active, reason, cancellationToken);

    public Task<Outcome<Assistant>> RetireAsync(Caller caller, string name, string? reason, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(caller, name, AssistantStatus.Retired, reason, cancellationToken);

    public async Task<Outcome<Assistant>> RecertifyAsync(Caller caller, string name, IReadOnlyList<string> keepEnvironments, IReadOnlyList<string> keepScopes,
        string? comment, CancellationToken cancellationToken = default)
    {
        if (comment?.Length > 1000)
        {
            return ValidationError.For("comment", "Keep the comment to 1000 characters.");
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        var assistant = await store.FindAsync(unit, name, now);
        if (assistant is null || !caller.Sees(assistant))
        {
            return NotFound(name);
        }

        if (!caller.Owns(assistant))
        {
            return new ForbiddenError("Only the assistant's owner or backup owner attests to its access.");
        }

        if (assistant.Status == AssistantStatus.Retired)
        {
            return new ConflictError($"'{name}' is retired; there is nothing to recertify.");
        }

        var errors = new Dictionary<string, string[]>();
        if (keepEnvironments.FirstOrDefault(e => !assistant.Environments.Contains(e)) is { } environment)
        {
            errors["environments"] = [$"'{environment}' is not one of its environments; a review can only keep or drop."];
        }

        if (keepScopes.FirstOrDefault(s => !assistant.Scopes.Contains(s)) is { } scope)
        {
            errors["scopes"] = [$"'{scope}' is not one of its scopes; a review can only keep or drop."];
        }

        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        var kept = Privileges.Of(assistant.RiskTier, keepEnvironments, keepScopes);
        await store.SetPrivilegesAsync(unit, assistant.Id, assistant.Privileges, kept, now);
        await store.RecertifyAsync(unit, assistant.Id, caller.Actor.Id, now + catalogue.ReviewInterval(assistant.RiskTier), now);
        var after = (await store.FindAsync(unit, name, now))!;
        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "assistant.recertified", Of(assistant), new
        {
            droppedEnvironments = assistant.Environments.Except(keepEnvironments).ToList(),
            droppedScopes = assistant.Scopes.Except(keepScopes).ToList(),
            comment = Text(comment),
            nextReviewAt = after.NextReviewAt,
            before = assistant.Snapshot(),
            after = after.Snapshot(),
        }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return after;
    }

    public async Task<Outcome<IssuedSecret>> CreateSecretAsync(Caller caller, string name, int? lifetimeDays, long? replaces,
        CancellationToken cancellationToken = default)
    {
        var days = lifetimeDays ?? catalogue.Options.SecretLifetimeDays;
        if (days < 1 || days > catalogue.Options.SecretMaxLifetimeDays)
        {
            return ValidationError.For("expiresInDays", $"A client secret lives 1 to {catalogue.Options.SecretMaxLifetimeDays} days.");
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        var assistant = await store.FindAsync(unit, name, now);
        if (assistant is null || !caller.Sees(assistant))
        {
            return NotFound(name);
        }

        if (!caller.IsEditor)
        {
            return new ForbiddenError("Only security or admin issue client secrets.");
        }

        if (assistant.Status != AssistantStatus.Active)
        {
            return new ConflictError($"'{name}' is {assistant.Status}; only an active assistant gets credentials.");
        }

        var value = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expiresAt = now.AddDays(days);
        var id = await store.InsertSecretAsync(unit, assistant.Id, value[..12], PersonalTokens.Hash(value), caller.Actor.Id, now, expiresAt);
        DateTimeOffset? oldValidUntil = null;
        if (replaces is { } oldId)
        {
            var old = (await store.SecretsAsync(unit, assistant.Id)).FirstOrDefault(s => s.Id == oldId);
            if (old is null || !old.IsValid(now))
            {
                return ValidationError.For("replaces", $"'{name}' has no valid secret {oldId} to rotate.");
            }

            oldValidUntil = Min(old.ExpiresAt, now + catalogue.Options.SecretRotationOverlap);
            await store.ReplaceSecretAsync(unit, assistant.Id, oldId, id, oldValidUntil.Value, now);
        }

        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, replaces is null ? "assistant.secret_created" : "assistant.secret_rotated", Of(assistant),
            new { secretId = id, prefix = value[..12], expiresAt, replaces, replacedValidUntil = oldValidUntil }), cancellationToken);
        var secret = (await store.SecretsAsync(unit, assistant.Id)).First(s => s.Id == id);
        await unit.CommitAsync(cancellationToken);
        return new IssuedSecret(secret, value);
    }

    public async Task<Outcome<AssistantSecret>> RevokeSecretAsync(Caller caller, string name, long secretId, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        var assistant = await store.FindAsync(unit, name, now);
        if (assistant is null || !caller.Sees(assistant))
        {
            return NotFound(name);
        }

        if (!caller.IsEditor && !caller.Owns(assistant))
        {
            return new ForbiddenError("Only security, admin or the assistant's owners revoke its secrets.");
        }

        if (!await store.RevokeSecretAsync(unit, assistant.Id, secretId, "revoked", now))
        {
            return new NotFoundError($"'{name}' has no valid secret {secretId}.");
        }

        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "assistant.secret_revoked", Of(assistant), new { secretId }), cancellationToken);
        var secret = (await store.SecretsAsync(unit, assistant.Id)).First(s => s.Id == secretId);
        await unit.CommitAsync(cancellationToken);
        return secret;
    }

    /// <summary>The assistant a presented client secret belongs to, if the secret is valid and the assistant active.</summary>
    public async Task<Assistant?> AuthenticateAsync(string name, string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var found = await store.FindSecretByHashAsync(PersonalTokens.Hash(secret), cancellationToken);
        if (found is null || !found.IsValid(now))
        {
            return null;
        }

        var assistant = await store.FindAsync(name, now, cancellationToken);
        if (assistant is null || assistant.Id != found.AssistantId || assistant.Status != AssistantStatus.Active)
        {
            return null;
        }

        // Activity is recorded at most once a minute per secret, so busy agents do not queue writes.
        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await store.TouchAsync(assistant.Id, found.Id, now, cancellationToken);
        }

        return assistant;
    }

    public async Task<Outcome<WorkloadIdentity>> BindIdentityAsync(Caller caller, string name, string? issuerName, string? subject,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        subject = subject?.Trim();
        var issuers = await store.IssuersAsync(cancellationToken);
        var issuer = issuers.FirstOrDefault(i => i.Name == issuerName?.Trim());
        if (issuer is null)
        {
            errors["issuer"] = [issuers.Count == 0
                ? "No trusted issuer is configured yet; add one under Trusted issuers first."
                : $"Choose a trusted issuer: {string.Join(", ", issuers.Select(i => i.Name))}."];
        }

        if (string.IsNullOrEmpty(subject) || subject.Length > Names.MaxSubject || subject.Any(char.IsControl))
        {
            errors["subject"] = [$"Give the workload's subject (e.g. spiffe://example.org/agents/deployer), at most {Names.MaxSubject} characters."];
        }
        else if (subject.StartsWith("spiffe://", StringComparison.OrdinalIgnoreCase) && !SpiffeId.IsValid(subject))
        {
            errors["subject"] = ["A SPIFFE ID looks like spiffe://trust-domain/path, lower-case trust domain, no query or fragment."];
        }

        if (errors.Count > 0)
        {
            return new ValidationError(errors);
        }

        try
        {
            await using var unit = await database.BeginAsync(cancellationToken);
            var now = time.GetUtcNow();
            var assistant = await store.FindAsync(unit, name, now);
            if (assistant is null || !caller.Sees(assistant))
            {
                return NotFound(name);
            }

            if (!caller.IsEditor)
            {
                return new ForbiddenError("Only security or admin bind workload identities.");
            }

            if (assistant.Status == AssistantStatus.Retired)
            {
                return new ConflictError($"'{name}' is retired.");
            }

            var id = await store.InsertIdentityAsync(unit, assistant.Id, issuer!.Id, subject!, caller.Actor.Id, now);
            await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "assistant.identity_bound", Of(assistant),
                new { identityId = id, issuer = issuer.Name, subject }), cancellationToken);
            await unit.CommitAsync(cancellationToken);
            return (await store.IdentitiesAsync(assistant.Id, cancellationToken)).First(i => i.Id == id);
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.Translate(e) is UniqueViolation)
        {
            return new ConflictError($"The subject '{subject}' of {issuerName} is already bound to an assistant.");
        }
    }

    public async Task<Outcome<bool>> UnbindIdentityAsync(Caller caller, string name, long identityId, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        var assistant = await store.FindAsync(unit, name, now);
        if (assistant is null || !caller.Sees(assistant))
        {
            return NotFound(name);
        }

        if (!caller.IsEditor && !caller.Owns(assistant))
        {
            return new ForbiddenError("Only security, admin or the assistant's owners remove its workload identities.");
        }

        if (!await store.DeleteIdentityAsync(unit, assistant.Id, identityId))
        {
            return new NotFoundError($"'{name}' has no workload identity {identityId}.");
        }

        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "assistant.identity_unbound", Of(assistant), new { identityId }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<Outcome<Assistant>> ChangeStatusAsync(Caller caller, string name, string status, string? reason, CancellationToken cancellationToken)
    {
        if (reason?.Length > 1000)
        {
            return ValidationError.For("reason", "Keep the reason to 1000 characters.");
        }

        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        var assistant = await store.FindAsync(unit, name, now);
        if (assistant is null || !caller.Sees(assistant))
        {
            return NotFound(name);
        }

        // An owner may pull the brake on their own assistant; releasing it or retiring it is for security or admin.
        var allowed = caller.IsEditor || (status == AssistantStatus.Suspended && caller.Owns(assistant));
        if (!allowed)
        {
            return new ForbiddenError(status == AssistantStatus.Suspended
                ? "Only security, admin or the assistant's owners suspend it."
                : "Only security or admin resume or retire an assistant.");
        }

        var conflict = (assistant.Status, status) switch
        {
            (AssistantStatus.Retired, _) => $"'{name}' is retired; retirement is final.",
            (var from, var to) when from == to => $"'{name}' is already {to}.",
            _ => null,
        };
        if (conflict is not null)
        {
            return new ConflictError(conflict);
        }

        await store.SetStatusAsync(unit, assistant.Id, status, now);
        var revokedSecrets = 0;
        var revokedOther = 0;
        var rejectedChanges = 0;
        if (status != AssistantStatus.Active)
        {
            revokedSecrets = await store.RevokeAllSecretsAsync(unit, assistant.Id, status, now);
            foreach (var revocation in revocations)
            {
                revokedOther += await revocation.RevokeAsync(unit, assistant, status, now);
            }
        }

        if (status == AssistantStatus.Retired)
        {
            rejectedChanges = await store.RejectPendingChangesAsync(unit, assistant.Id, caller.Actor.Id, "The assistant was retired.", now);
        }

        var action = status switch
        {
            AssistantStatus.Suspended => "assistant.suspended",
            AssistantStatus.Retired => "assistant.retired",
            _ => "assistant.resumed",
        };
        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, action, Of(assistant), new
        {
            reason = Text(reason),
            before = new { status = assistant.Status },
            after = new { status },
            revokedSecrets,
            revokedTasks = revokedOther,
            rejectedChanges,
        }), cancellationToken);
        var updated = (await store.FindAsync(unit, name, now))!;
        await unit.CommitAsync(cancellationToken);
        return updated;
    }

    private async Task<AssistantChange?> RequestAsync(UnitOfWork unit, Caller caller, Assistant assistant, PendingGrant wanted, string reason, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var alreadyPending = (await store.ChangesAsync(unit, assistant.Id, ChangeStates.Pending)).Select(c => c.PendingGrant);
        var widening = PrivilegeRules.Without(wanted, assistant.Privileges, alreadyPending);
        if (widening.IsEmpty)
        {
            return null;
        }

        var id = await store.InsertChangeAsync(unit, assistant.Id, widening, reason.Trim(), caller.Actor.Id, now);
        await audit.AppendAsync(unit, new AuditEntry(caller.Actor, "assistant.change_requested", Of(assistant), new
        {
            changeId = id,
            riskTier = widening.Tier is null ? null : new { from = assistant.RiskTier, to = widening.Tier },
            addEnvironments = widening.AddEnvironments,
            addScopes = widening.AddScopes,
            reason = reason.Trim(),
        }), cancellationToken);
        return await store.FindChangeAsync(unit, assistant.Id, id);
    }

    private record struct ResolvedOwners(long? OwnerId, long? BackupOwnerId);

    /// <summary>Checks every given field; fills <paramref name="errors"/> and resolves owner names to active users.</summary>
    private async Task<ResolvedOwners> ValidateAsync(AssistantInput input, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (input.DisplayName?.Trim().Length > Names.MaxDisplayName)
        {
            errors["displayName"] = [$"Use at most {Names.MaxDisplayName} characters."];
        }

        if (input.Description?.Length > Names.MaxDescription)
        {
            errors["description"] = [$"Use at most {Names.MaxDescription} characters."];
        }

        if (input.Team is { } team && (team.Trim().Length > Names.MaxTeam || team.Any(char.IsControl)))
        {
            errors["team"] = [$"Use at most {Names.MaxTeam} characters."];
        }

        if (input.RiskTier is not null && !RiskTiers.IsKnown(input.RiskTier))
        {
            errors["riskTier"] = [$"Choose a risk tier: {string.Join(", ", RiskTiers.All)}."];
        }

        if (input.Environments?.Where(e => e is null || !catalogue.HasEnvironment(e)).ToList() is { Count: > 0 } unknownEnvironments)
        {
            errors["environments"] = [$"Unknown environment: {string.Join(", ", unknownEnvironments)}. Known: {string.Join(", ", catalogue.Environments.Select(e => e.Name))}."];
        }

        if (input.Scopes?.Where(s => s is null || !catalogue.HasScope(s)).ToList() is { Count: > 0 } unknownScopes)
        {
            errors["scopes"] = [$"Unknown scope: {string.Join(", ", unknownScopes)}. Known: {string.Join(", ", catalogue.Scopes.Select(s => s.Name))}."];
        }

        if (input.Labels is { } labels)
        {
            if (labels.Count > Names.MaxLabels)
            {
                errors["labels"] = [$"Use at most {Names.MaxLabels} labels."];
            }
            else if (labels.FirstOrDefault(l => !Names.IsValidLabelKey(l.Key) || l.Value is null || l.Value.Length > Names.MaxLabelValue
                                                || l.Value.Any(char.IsControl)) is { Key: not null } bad)
            {
                errors["labels"] = [$"Label '{bad.Key}': keys are lower-case letters, digits, '.', '_', '-' or '/' (at most 63); values at most {Names.MaxLabelValue} characters."];
            }
        }

        if (input.Reason?.Length > 1000)
        {
            errors["reason"] = ["Keep the reason to 1000 characters."];
        }

        long? ownerId = null;
        long? backupOwnerId = null;
        if (!string.IsNullOrWhiteSpace(input.Owner) && !errors.ContainsKey("owner"))
        {
            var owner = await users.FindByNameAsync(input.Owner, cancellationToken);
            if (owner is null || owner.IsDisabled)
            {
                errors["owner"] = [$"No active user named '{UserStore.Normalize(input.Owner)}'."];
            }
            else
            {
                ownerId = owner.Id;
            }
        }

        if (!string.IsNullOrWhiteSpace(input.BackupOwner))
        {
            var backup = await users.FindByNameAsync(input.BackupOwner, cancellationToken);
            if (backup is null || backup.IsDisabled)
            {
                errors["backupOwner"] = [$"No active user named '{UserStore.Normalize(input.BackupOwner)}'."];
            }
            else if (backup.Id == ownerId)
            {
                errors["backupOwner"] = ["The backup owner must be someone other than the owner."];
            }
            else
            {
                backupOwnerId = backup.Id;
            }
        }

        return new ResolvedOwners(ownerId, backupOwnerId);
    }

    private DateTimeOffset NextReview(Assistant assistant, string tier) =>
        tier == assistant.RiskTier ? assistant.NextReviewAt : (assistant.LastReviewedAt ?? assistant.CreatedAt) + catalogue.ReviewInterval(tier);

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [message];
        }
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string LabelsJson(IReadOnlyDictionary<string, string>? labels) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(
            (labels ?? new Dictionary<string, string>()).ToDictionary(l => l.Key, l => l.Value.Trim()), StringComparer.Ordinal));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static Subject Of(Assistant assistant) => new("assistant", assistant.Name);

    private static NotFoundError NotFound(string name) => new($"No assistant named '{name}'.");

    private static ConflictError Duplicate(string name) => new($"An assistant named '{name}' already exists.");
}
