using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentConsole.Features.Policies;
using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// The audit record of a decision, written straight to canonical JSON (keys in ordinal order) instead of through a
/// JSON tree: it is made on every decision, so it must be cheap. The chain hashes whatever text is stored, so
/// verification does not depend on how the text was produced.
/// </summary>
public static class DecisionAuditPayload
{
    private static readonly ScratchJson Scratch = new(new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The record of <paramref name="decision"/>; <paramref name="skipped"/> is the policy's own verdict when a break-glass grant skipped its approval.</summary>
    public static CanonicalJson Write(Decision decision, AgentTask task, string? toolCall, StoredPlan? plan, int planBytes, PlanFacts? facts,
        PolicyDecision verdict, PolicyDecision? skipped = null)
    {
        // Rare and bulky: the plan's facts go through the general canonical writer.
        var planJson = plan is null ? null : AuditHasher.CanonicalPayload(new { format = plan.Format, digest = plan.Digest, bytes = planBytes, facts });
        using var scratch = Scratch.Start();
        var w = scratch.Writer;
        w.WriteStartObject();
        w.WriteString("action", decision.Action);
        if (verdict.Approval is { } a)
        {
            w.WriteStartObject("approval");
            w.WriteNumber("count", a.Count);
            w.WriteStartArray("roles");
            foreach (var role in a.Roles)
            {
                w.WriteStringValue(role);
            }

            w.WriteEndArray();
            w.WriteNumber("ttlSeconds", (int)a.Ttl.TotalSeconds);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("approval");
        }

        w.WriteString("assistant", task.AssistantName);
        if (decision.BreakGlassId is { } grant)
        {
            w.WriteString("breakGlassId", grant);
        }

        w.WriteString("environment", task.Environment);
        WriteOrNull(w, "expiresAt", decision.ExpiresAt);
        WriteOrNull(w, "idempotencyKey", decision.IdempotencyKey);
        w.WriteStartArray("matched");
        foreach (var rule in verdict.Matched)
        {
            w.WriteStringValue(rule);
        }

        w.WriteEndArray();
        WriteOrNull(w, "onBehalfOf", task.OnBehalfOf);
        if (planJson is null)
        {
            w.WriteNull("plan");
        }
        else
        {
            w.WritePropertyName("plan");
            w.WriteRawValue(planJson);
        }

        w.WriteNumber("policyVersion", decision.PolicyVersion);
        WriteOrNull(w, "prompt", decision.Prompt);
        w.WriteString("reason", verdict.Reason);
        w.WriteString("resource", decision.Resource);
        w.WriteString("rule", verdict.Rule);
        if (skipped is { Approval: { } wanted })
        {
            w.WriteStartObject("skippedApproval");
            w.WriteNumber("count", wanted.Count);
            w.WriteString("rule", skipped.Rule);
            w.WriteEndObject();
        }

        w.WriteString("task", task.Id);
        WriteOrNull(w, "toolCall", toolCall);
        w.WriteEndObject();

        return new CanonicalJson(Encoding.UTF8.GetString(scratch.Written()));
    }

    private static void WriteOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOrNull(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
