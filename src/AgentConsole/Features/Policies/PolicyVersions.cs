using System.Security.Cryptography;
using System.Text;
using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;
using Dapper;

namespace AgentConsole.Features.Policies;

/// <summary>
/// Policy documents as versioned code: a new version starts as a draft (validated, errors naming the line), is
/// published by security (the previous one is superseded), and every step is audited. The first start publishes
/// the shipped default policy as version 1.
/// </summary>
public sealed class PolicyVersions(Database database, AuditChain audit, Catalogue catalogue, ClusterSignals signals, TimeProvider time)
{
    public const string PublishedTopic = "policy-published";
    public const int MaxDocumentBytes = 1024 * 1024;

    private string Sql(string name) => SqlText.For<PolicyVersions>(name, database.Dialect);

    public async Task<IReadOnlyList<PolicyVersion>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        await database.QueryAsync<PolicyVersion>(Sql("ListVersions"), new { Limit = limit }, cancellationToken);

    public Task<PolicyVersion?> FindAsync(int version, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<PolicyVersion>(Sql("FindVersion"), new { Version = version }, cancellationToken);

    public Task<PolicyVersion?> PublishedAsync(CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<PolicyVersion>(Sql("PublishedVersion"), cancellationToken: cancellationToken);

    /// <summary>Checks a document against the schema and the configured catalogue.</summary>
    public PolicyParseResult Check(string document) =>
        PolicyDocument.Parse(document, catalogue.Scopes.Select(s => s.Name).ToList(), catalogue.Environments.Select(e => e.Name).ToList());

    public async Task<Outcome<PolicyVersion>> CreateDraftAsync(Actor author, string? document, string? note, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(document) || Encoding.UTF8.GetByteCount(document) > MaxDocumentBytes)
        {
            return ValidationError.For("document", $"Send the policy document as YAML (at most {MaxDocumentBytes / 1024} KB).");
        }

        var check = Check(document);
        if (!check.IsValid)
        {
            return Invalid(check);
        }

        var version = await database.InTransactionAsync(async unit =>
        {
            var number = await InsertAsync(unit, PolicyStates.Draft, document, note?.Trim() ?? "", author, null);
            await audit.AppendAsync(unit, new AuditEntry(author, "policy.drafted", new Subject("policy", number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new { version = number, digest = Digest(document), note, rules = check.Policy!.RuleCount }), cancellationToken);
            return number;
        }, cancellationToken);
        return (await FindAsync(version, cancellationToken))!;
    }

    public async Task<Outcome<PolicyVersion>> PublishAsync(Actor publisher, int version, CancellationToken cancellationToken = default)
    {
        var draft = await FindAsync(version, cancellationToken);
        if (draft is null)
        {
            return new NotFoundError($"There is no policy version {version}.");
        }

        if (draft.State != PolicyStates.Draft)
        {
            return new ConflictError($"Version {version} is {draft.State}; only a draft can be published. Create a new draft to change the policy.");
        }

        var check = Check(draft.Document);
        if (!check.IsValid)
        {
            return Invalid(check); // the catalogue may have changed since the draft was saved
        }

        var published = await database.InTransactionAsync(async unit =>
        {
            await unit.Connection.ExecuteAsync(Sql("LockVersions"), transaction: unit.Transaction);
            var previous = await unit.Connection.QuerySingleOrDefaultAsync<PolicyVersion>(Sql("PublishedVersion"), transaction: unit.Transaction);
            await unit.Connection.ExecuteAsync(Sql("Supersede"), transaction: unit.Transaction);
            if (await unit.Connection.ExecuteAsync(Sql("Publish"), new { Version = version, By = publisher.Id, Now = time.GetUtcNow() }, unit.Transaction) != 1)
            {
                return false;
            }

            await audit.AppendAsync(unit, new AuditEntry(publisher, "policy.published", new Subject("policy", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new { version, digest = draft.Digest, supersedes = previous?.Version }), cancellationToken);
            await signals.PublishAsync(unit, PublishedTopic, version.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            return true;
        }, cancellationToken);
        return published ? (await FindAsync(version, cancellationToken))! : new ConflictError($"Version {version} was published or changed meanwhile.");
    }

    /// <summary>On first start, publishes the shipped default policy so that decisions work out of the box.</summary>
    public async Task EnsureDefaultAsync(CancellationToken cancellationToken = default)
    {
        if (await PublishedAsync(cancellationToken) is not null)
        {
            return;
        }

        await database.InTransactionAsync(async unit =>
        {
            await unit.Connection.ExecuteAsync(Sql("LockVersions"), transaction: unit.Transaction);
            if (await unit.Connection.QuerySingleOrDefaultAsync<PolicyVersion>(Sql("PublishedVersion"), transaction: unit.Transaction) is not null)
            {
                return false;
            }

            var number = await InsertAsync(unit, PolicyStates.Published, PolicyDocument.Default, "The shipped default policy.", Actor.System, Actor.System.Id);
            await audit.AppendAsync(unit, new AuditEntry(Actor.System, "policy.published", new Subject("policy", number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new { version = number, digest = Digest(PolicyDocument.Default), note = "default policy" }), cancellationToken);
            return true;
        }, cancellationToken);
    }

    private async Task<int> InsertAsync(UnitOfWork unit, string state, string document, string note, Actor author, string? publishedBy)
    {
        var now = time.GetUtcNow();
        return await unit.Connection.ExecuteScalarAsync<int>(Sql("InsertVersion"), new
        {
            State = state, Document = document, Digest = Digest(document), Note = note, CreatedBy = author.Id, CreatedAt = now,
            PublishedBy = publishedBy, PublishedAt = publishedBy is null ? (DateTimeOffset?)null : now,
        }, unit.Transaction);
    }

    public static string Digest(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    private static ValidationError Invalid(PolicyParseResult check) => new(check.Errors
        .GroupBy(e => $"line {e.Line}")
        .ToDictionary(g => g.Key, g => g.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToArray()));
}
