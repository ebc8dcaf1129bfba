using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using B64 = System.Buffers.Text.Base64Url;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// Signed receipts for allow decisions: a compact JWS (ES256) binding the decision, the assistant, the task, the
/// action, the resource, the plan digest and the expiry. Anyone can verify one offline with the keys published at
/// <c>/.well-known/jwks.json</c>. Written by hand (a header, a payload, one signature) because it is on the hot
/// path of every allow; tests verify receipts with IdentityModel's JsonWebTokenHandler.
/// </summary>
public sealed class Receipts(SigningKeys keys, IOptions<DecisionOptions> options)
{
    public async ValueTask<string> SignAsync(Decision decision, string assistant, IReadOnlyList<string> approvers, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        var key = await keys.ActiveAsync(cancellationToken);
        var header = B64.EncodeToString(Encoding.UTF8.GetBytes($"{{\"alg\":\"ES256\",\"kid\":\"{key.Kid}\",\"typ\":\"JWT\"}}"));
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", options.Value.ReceiptIssuer);
            json.WriteString("sub", assistant);
            json.WriteString("jti", decision.Id);
            json.WriteNumber("iat", decision.CreatedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            json.WriteString("decision", "allow");
            json.WriteString("task", decision.TaskId);
            json.WriteString("action", decision.Action);
            json.WriteString("resource", decision.Resource);
            json.WriteString("environment", decision.Environment);
            if (decision.PlanDigest is null)
            {
                json.WriteNull("plan_digest");
            }
            else
            {
                json.WriteString("plan_digest", decision.PlanDigest);
            }

            json.WriteNumber("policy_version", decision.PolicyVersion);
            if (decision.BreakGlassId is { } grant)
            {
                json.WriteString("break_glass", grant);
            }

            json.WriteString("rule", decision.Rule);
            if (approvers.Count > 0)
            {
                json.WriteStartArray("approved_by");
                foreach (var approver in approvers)
                {
                    json.WriteStringValue(approver);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        var signingInput = header + "." + B64.EncodeToString(buffer.WrittenSpan);
        return signingInput + "." + B64.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }
}
