using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentConsole.Infrastructure.Storage;

namespace AgentConsole.Infrastructure.Audit;

/// <summary>
/// The chain's hash: SHA-256 over a canonical encoding of every field of the event and the previous hash.
/// The encoding is a JSON array of the fields in a fixed order, so no two events share an encoding.
/// Payloads are canonical JSON (object keys in ordinal order, no whitespace).
/// </summary>
public static class AuditHasher
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The hash input keeps the writer's default escaping: stored hashes depend on these exact bytes.
    private static readonly ScratchJson HashInput = new(new JsonWriterOptions());

    public static string CanonicalPayload(object? payload)
    {
        var node = payload is null ? new JsonObject() : JsonSerializer.SerializeToNode(payload, PayloadOptions);
        return Canonical(node);
    }

    public static string Canonical(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = PayloadOptions.Encoder }))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Compute(long seq, DateTimeOffset occurredAt, string actorKind, string actorId, string action,
        string subjectType, string subjectId, string payload, string prevHash)
    {
        using var scratch = HashInput.Start();
        var writer = scratch.Writer;
        writer.WriteStartArray();
        writer.WriteNumberValue(seq);
        writer.WriteStringValue(TimestampHandler.Truncate(occurredAt).ToString(TimestampHandler.SqliteFormat, CultureInfo.InvariantCulture));
        writer.WriteStringValue(actorKind);
        writer.WriteStringValue(actorId);
        writer.WriteStringValue(action);
        writer.WriteStringValue(subjectType);
        writer.WriteStringValue(subjectId);
        writer.WriteStringValue(payload);
        writer.WriteStringValue(prevHash);
        writer.WriteEndArray();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(scratch.Written(), hash);
        return Convert.ToHexStringLower(hash);
    }

    public static string Compute(AuditEvent e) =>
        Compute(e.Seq, e.OccurredAt, e.ActorKind, e.ActorId, e.Action, e.SubjectType, e.SubjectId, e.Payload, e.PrevHash);

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
