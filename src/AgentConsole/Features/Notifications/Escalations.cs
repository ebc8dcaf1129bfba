using AgentConsole.Features.Approvals;
using AgentConsole.Features.Assistants;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Notifications;

/// <summary>
/// A pending decision still unanswered after its tier's service level (<see cref="ApprovalOptions.Sla"/>, counted
/// from when it was asked) is escalated once: recorded in decision_escalations, audited, and sent to the webhooks
/// that take escalations, all in the outbox's transaction.
/// </summary>
public sealed class Escalations(Database database, Notices queue, ReviewLinks links, AuditChain audit,
    IOptions<ApprovalOptions> options, TimeProvider time)
{
    private const int BatchSize = 200;

    public DateTimeOffset DueAt(DecisionFacts decision) => decision.CreatedAt + options.Value.SlaFor(decision.Tier);

    public async Task<int> EscalateOverdueAsync(UnitOfWork unit, IReadOnlyList<Webhook> webhooks, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sla = options.Value;
        var overdue = await unit.Connection.QueryAsync<string>(Sql("Overdue"), new
        {
            Now = now,
            LowBefore = now - sla.SlaFor(RiskTiers.Low),
            MediumBefore = now - sla.SlaFor(RiskTiers.Medium),
            HighBefore = now - sla.SlaFor(RiskTiers.High),
            CriticalBefore = now - sla.SlaFor(RiskTiers.Critical),
            OtherBefore = now - sla.SlaFor(""),
            Limit = BatchSize,
        }, unit.Transaction);

        var queued = 0;
        foreach (var id in overdue)
        {
            var facts = await queue.FactsAsync(unit, id);
            var inserted = facts is not null && await unit.Connection.ExecuteAsync(Sql("InsertEscalation"),
                new { DecisionId = id, EscalatedAt = now }, unit.Transaction) == 1;
            if (!inserted)
            {
                continue;
            }

            var due = DueAt(facts!);
            await audit.AppendAsync(unit, new AuditEntry(Actor.System, "decision.escalated", new Subject("decision", id),
                new { tier = facts!.Tier, slaDueAt = due, webhooks = webhooks.Select(w => w.Name).ToArray() }), cancellationToken);
            queued += await queue.QueueAsync(unit, webhooks, new Notice(WebhookEvents.Escalation, facts, due, links.For(id)));
        }

        return queued;
    }

    private string Sql(string name) => SqlText.For<Escalations>(name, database.Dialect);
}
