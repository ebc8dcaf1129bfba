using System.Diagnostics;
using System.Text;
using AgentConsole.Features.Policies;
using AgentConsole.Tests.Features.Policies.Samples;

namespace AgentConsole.Tests.Features.Policies;

/// <summary>Whatever an agent sends, parsing returns facts, quickly.</summary>
public class PlanParserRobustnessTests
{
    public static TheoryData<string> Formats => [.. PlanFormats.All, "yaml", ""];

    public static TheoryData<string, string> Garbage => new()
    {
        { "null content", null! },
        { "empty", "" },
        { "binary", "\0\u0001\u00ff\ufffd\ud800 \u001b[ \u001b] \u001b" },
        { "deep JSON", new string('[', 100_000) },
        { "deep JSON object", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) },
        { "truncated JSON plan", TerraformSamples.JsonPlan[..400] },
        { "wrong JSON types", """{ "resource_changes": [1, "x", { "change": { "actions": "delete" } }, { "change": { "actions": [7] } }] }""" },
        { "hunk header only", "@@ -0,0 +99999999999,5 @@\n+kind: x\n" },
        { "bad hunk header", "@@ -a,b +c,d @@\n@@ -1\n@@" },
        { "lone headers", "diff \n--- \n+++ \n--- \t\n# . will be\n# will be created\nPlan:\nPlan: 99999999999 to add" },
        { "yaml staircase", string.Concat(Enumerable.Range(0, 3000).Select(i => "+" + new string(' ', i) + "k: v\n")) },
        { "dashes", "- - - - -\n-\n- -: :\n: :\n'\"\n" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_in_any_format_never_throws(string name, string content)
    {
        foreach (var format in PlanFormats.All.Append(null!))
        {
            var facts = PlanParser.Parse(format, content);

            Assert.True(facts.DestructiveMarkers.Count <= PlanTally.MaxMarkers, name);
            Assert.True(facts is { Adds: >= 0, Changes: >= 0, Destroys: >= 0, Replaces: >= 0 }, name);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Shuffled_fragments_of_real_plans_never_throw(string format)
    {
        var lines = string.Join('\n', TerraformSamples.MixedPlan, TerraformSamples.JsonPlan, KubernetesSamples.FullDiff,
            KubernetesSamples.Manifest).Split('\n');
        var random = new Random(20250314);
        for (var round = 0; round < 300; round++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(1, 60); i > 0; i--)
            {
                var line = lines[random.Next(lines.Length)];
                text.Append(line.AsSpan(random.Next(line.Length + 1) / 2)).Append(random.Next(4) == 0 ? "\r\n" : "\n");
            }

            var facts = PlanParser.Parse(format, text.ToString());

            Assert.True(facts.DestructiveMarkers.Count <= PlanTally.MaxMarkers);
        }
    }

    [Theory]
    [InlineData("rm -r -r -r -r ")]
    [InlineData("kubectl get pods -n shop ")]
    [InlineData("terraform apply -target=a ")]
    [InlineData("DELETE FROM t ")]
    [InlineData("git push git push ")]
    [InlineData("TRUNCATE TABLE ")]
    [InlineData("+ a.b\n")]
    [InlineData("  # a.b will be created\n")]
    [InlineData("+  selector:\n")]
    public void Five_megabytes_of_one_repeated_pattern_parse_quickly(string pattern)
    {
        // The tail holds every command's words, so no pattern is skipped by the cheap word check.
        const string tail = "\nkubectl delete ns x; terraform destroy; git push -f; helm uninstall y; aws s3 rb s3://z; DROP TABLE w;\n";
        var text = new StringBuilder(5_000_000 + pattern.Length + tail.Length);
        while (text.Length < 5_000_000)
        {
            text.Append(pattern);
        }

        var content = text.Append(tail).ToString();
        foreach (var format in PlanFormats.All)
        {
            var clock = Stopwatch.StartNew();
            var facts = PlanParser.Parse(format, content);

            // Warm parses take a few hundred milliseconds even in Debug; the bound catches work that grows faster than
            // the input, which on 5 MB would take minutes, without failing on a busy build machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{format}: {clock.Elapsed.TotalMilliseconds} ms");
            Assert.Contains("kubectl delete ns x", facts.DestructiveMarkers);
            Assert.Contains("DROP TABLE w", facts.DestructiveMarkers);
        }
    }
}
