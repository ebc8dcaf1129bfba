using System.Buffers;
using System.Text.Json;

namespace AgentConsole.Infrastructure.Web;

/// <summary>
/// A buffer and a JSON writer kept per thread and per call site, for code on the decision path that writes JSON
/// synchronously and copies the result out at once (a string, a hash): every decision used to allocate a fresh
/// buffer, grown several times, and a fresh writer for each of its audit payload, its chain hash and its receipt.
/// Not re-entrant: the caller must be done with the bytes before the same site writes again on the same thread.
/// Each thread keeps one buffer per instance for good, so instances are static fields, one per call site. Dispose the
/// scratch when done: a buffer a large value has grown is then let go at once instead of at that site's next use.
/// </summary>
public sealed class ScratchJson(JsonWriterOptions options)
{
    // A buffer grown past this (a decision carrying a large prompt or tool call) is not kept.
    private const int KeepAtMost = 256 * 1024;

    [ThreadStatic]
    private static Dictionary<ScratchJson, Scratch>? t_scratch;

    /// <summary>This thread's writer for this site, reset onto its emptied buffer.</summary>
    public Scratch Start()
    {
        var all = t_scratch ??= [];
        if (!all.TryGetValue(this, out var scratch) || scratch.Buffer.Capacity > KeepAtMost)
        {
            scratch = new Scratch(this, new ArrayBufferWriter<byte>(4096), options);
            all[this] = scratch;
        }

        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        return scratch;
    }

    public sealed class Scratch : IDisposable
    {
        private readonly ScratchJson _site;

        internal Scratch(ScratchJson site, ArrayBufferWriter<byte> buffer, JsonWriterOptions options)
        {
            _site = site;
            Buffer = buffer;
            Writer = new Utf8JsonWriter(buffer, options);
        }

        internal ArrayBufferWriter<byte> Buffer { get; }

        public Utf8JsonWriter Writer { get; }

        /// <summary>The bytes written since <see cref="Start"/> (the writer is flushed first).</summary>
        public ReadOnlySpan<byte> Written()
        {
            Writer.Flush();
            return Buffer.WrittenSpan;
        }

        /// <summary>Lets go of the buffer if a large value grew it past what is kept; otherwise keeps it for the next use.</summary>
        public void Dispose()
        {
            if (Buffer.Capacity > KeepAtMost && t_scratch is { } all && all.TryGetValue(_site, out var kept) && ReferenceEquals(kept, this))
            {
                all.Remove(_site);
            }
        }
    }
}
