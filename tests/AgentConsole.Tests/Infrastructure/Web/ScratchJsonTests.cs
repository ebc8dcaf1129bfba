using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AgentConsole.Infrastructure.Web;

namespace AgentConsole.Tests.Infrastructure.Web;

public class ScratchJsonTests
{
    [Fact]
    public void Each_start_begins_empty_and_two_sites_on_one_thread_keep_their_own_bytes()
    {
        var first = new ScratchJson(new JsonWriterOptions());
        var second = new ScratchJson(new JsonWriterOptions { Indented = true });

        var a = first.Start();
        a.Writer.WriteStartObject();
        a.Writer.WriteString("long", new string('a', 10_000));
        a.Writer.WriteEndObject();
        Assert.Equal(10_011, a.Written().Length);

        var b = second.Start();
        b.Writer.WriteStartArray();
        b.Writer.WriteNumberValue(1);
        b.Writer.WriteEndArray();

        var again = first.Start();
        again.Writer.WriteStringValue("short");
        Assert.Equal("\"short\"", Encoding.UTF8.GetString(again.Written()));
        Assert.Equal($"[{Environment.NewLine}  1{Environment.NewLine}]", Encoding.UTF8.GetString(b.Written()));
    }

    [Fact]
    public void A_writer_left_halfway_by_a_failure_starts_clean_next_time()
    {
        var site = new ScratchJson(new JsonWriterOptions());
        var broken = site.Start();
        broken.Writer.WriteStartObject();
        broken.Writer.WriteStartArray("unfinished");

        var next = site.Start();
        next.Writer.WriteStartObject();
        next.Writer.WriteEndObject();
        Assert.Equal("{}", Encoding.UTF8.GetString(next.Written()));
    }

    [Fact]
    public void A_buffer_grown_past_256_KB_is_let_go_when_its_scratch_is_disposed_and_a_small_one_is_kept()
    {
        var site = new ScratchJson(new JsonWriterOptions());
        Assert.True(SmallIsKept(site));

        // The same scratch again (it was small): written past 256 KB, then disposed.
        var grown = WriteLarge(site);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(grown.IsAlive, "the thread still holds the grown buffer");

        using var next = site.Start();
        Assert.True(next.Buffer.Capacity <= 4096, $"capacity {next.Buffer.Capacity}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SmallIsKept(ScratchJson site)
    {
        ScratchJson.Scratch small;
        using (small = site.Start())
        {
            small.Writer.WriteStringValue("small");
        }

        using var again = site.Start();
        return ReferenceEquals(small, again);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WriteLarge(ScratchJson site)
    {
        using var large = site.Start();
        large.Writer.WriteStringValue(new string('x', 300_000));
        Assert.Equal(300_002, large.Written().Length);
        Assert.True(large.Buffer.Capacity > 256 * 1024);
        return new WeakReference(large.Buffer);
    }

    [Fact]
    public void Threads_do_not_share_a_buffer()
    {
        var site = new ScratchJson(new JsonWriterOptions());
        var results = new string[8];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            for (var round = 0; round < 200; round++)
            {
                var scratch = site.Start();
                scratch.Writer.WriteStringValue(new string((char)('a' + i), 100 + round));
                Thread.Yield();
                var text = Encoding.UTF8.GetString(scratch.Written());
                if (text != "\"" + new string((char)('a' + i), 100 + round) + "\"")
                {
                    results[i] = text;
                    return;
                }
            }

            results[i] = "ok";
        });
        Assert.All(results, r => Assert.Equal("ok", r));
    }
}
