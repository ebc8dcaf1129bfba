using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Tests.Infrastructure.Audit;

public class AuditHasherTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 30, 15, 123, 456, TimeSpan.Zero);

    [Fact]
    public void Canonical_payload_orders_keys_and_drops_whitespace()
    {
        var payload = AuditHasher.CanonicalPayload(new { zeta = 1, alpha = new { b = true, a = "x" } });

        Assert.Equal("{\"alpha\":{\"a\":\"x\",\"b\":true},\"zeta\":1}", payload);
    }

    [Fact]
    public void No_payload_is_an_empty_object() => Assert.Equal("{}", AuditHasher.CanonicalPayload(null));

    [Fact]
    public void Hash_is_sha256_hex_and_stable()
    {
        var first = Hash();

        Assert.Equal(64, first.Length);
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, Hash());
    }

    [Theory]
    [InlineData("seq")]
    [InlineData("time")]
    [InlineData("actorKind")]
    [InlineData("actorId")]
    [InlineData("action")]
    [InlineData("subjectType")]
    [InlineData("subjectId")]
    [InlineData("payload")]
    [InlineData("prevHash")]
    public void Changing_any_field_changes_the_hash(string field)
    {
        var changed = field switch
        {
            "seq" => Hash(seq: 8),
            "time" => Hash(at: At.AddTicks(10)),
            "actorKind" => Hash(actorKind: "cli"),
            "actorId" => Hash(actorId: "mallory"),
            "action" => Hash(action: "user.deleted"),
            "subjectType" => Hash(subjectType: "token"),
            "subjectId" => Hash(subjectId: "bob"),
            "payload" => Hash(payload: "{\"a\":2}"),
            _ => Hash(prevHash: new string('1', 64)),
        };

        Assert.NotEqual(Hash(), changed);
    }

    [Fact]
    public void Field_boundaries_cannot_be_shifted()
    {
        // "ab" + "c" and "a" + "bc" must not collide.
        Assert.NotEqual(Hash(actorKind: "ab", actorId: "c"), Hash(actorKind: "a", actorId: "bc"));
    }

    /// <summary>
    /// Chains already stored were hashed over exactly these bytes: the JSON array of the fields with the writer's default
    /// escaping, written afresh each time. The hasher reuses a per-thread buffer; the bytes, and so the hashes, must not change,
    /// whatever was hashed before on the thread (a payload past the buffer's kept size included).
    /// </summary>
    [Fact]
    public void Hash_bytes_are_those_of_a_fresh_writer_whatever_was_hashed_before()
    {
        string[] payloads =
        [
            "{\"a\":1}",
            "{\"prompt\":\"drop <table> & \\\"quoted\\\" + 'single' — é 😀\"}",
            "{\"big\":\"" + new string('x', 300_000) + "\"}",
            "{}",
        ];
        foreach (var payload in payloads)
        {
            Assert.Equal(Reference(payload), Hash(payload: payload));
        }

        Assert.Equal(Reference(payloads[1]), Hash(payload: payloads[1]));
    }

    private static string Reference(string payload)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(7);
            writer.WriteStringValue("2026-11-22T09:30:15.123456Z");
            foreach (var field in new[] { "user", "alice", "user.created", "user", "carol", payload, AuditHasher.Genesis })
            {
                writer.WriteStringValue(field);
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(buffer.WrittenSpan));
    }

    private static string Hash(long seq = 7, DateTimeOffset? at = null, string actorKind = "user", string actorId = "alice",
        string action = "user.created", string subjectType = "user", string subjectId = "carol", string payload = "{\"a\":1}",
        string prevHash = AuditHasher.Genesis) =>
        AuditHasher.Compute(seq, at ?? At, actorKind, actorId, action, subjectType, subjectId, payload, prevHash);
}
