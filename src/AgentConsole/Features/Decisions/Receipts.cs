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
    private static readonly ScratchJson Claims = new(new JsonWriterOptions());

    public async ValueTask<string> SignAsync(Decision decision, string assistant, IReadOnlyList<string> approvers, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        var key = await keys.ActiveAsync(cancellationToken);
        return Sign(key, decision, assistant, approvers, expiresAt);
    }

    // Synchronous, so the per-thread scratch buffers cannot be handed to another request halfway.
    private string Sign(ActiveKey key, Decision decision, string assistant, IReadOnlyList<string> approvers, DateTimeOffset expiresAt)
    {
        using var scratch = Claims.Start();
        var json = scratch.Writer;
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
        var claims = scratch.Written();

        // header.claims.signature in one buffer, turned into a string once.
        var header = key.ReceiptHeader;
        var signedLength = header.Length + 1 + B64.GetEncodedLength(claims.Length);
        var total = signedLength + 1 + B64.GetEncodedLength(SignatureBytes);
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var jws = rented.AsSpan(0, total);
            header.CopyTo(jws);
            jws[header.Length] = (byte)'.';
            B64.EncodeToUtf8(claims, jws[(header.Length + 1)..signedLength]);
            Span<byte> signature = stackalloc byte[SignatureBytes];
            key.Sign(jws[..signedLength], signature);
            jws[signedLength] = (byte)'.';
            B64.EncodeToUtf8(signature, jws[(signedLength + 1)..]);
            return Encoding.ASCII.GetString(jws);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // ES256: r and s, 32 bytes each (IEEE P1363, as JWS wants).
    private const int SignatureBytes = 64;
}
