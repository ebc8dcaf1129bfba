using AgentConsole.Features.Policies;

namespace AgentConsole.Tests.Features.BreakGlass;

/// <summary>The policy's <c>break_glass</c> section: defaults when absent, what may be changed, and every error at its line.</summary>
public sealed class BreakGlassPolicySectionTests
{
    private const string Roles = "expected admin, security, approver, compliance or owner";
    private const string GrantDurations = "expected a duration such as 30m, 1h or 1h30m, from 1s to 24h";
    private const string WindowDurations = "expected a duration such as 30d, 72h or 1d12h, from 1s to 365d";
    private const string SectionKeys = "expected one of approvers, tiers, repeat, review_within";

    /// <summary>A valid rule (lines 1 to 3), then <c>break_glass:</c> on line 4 and <paramref name="lines"/> under it from line 5.</summary>
    private static string Section(params string[] lines) =>
        "rules:\n  - id: r\n    effect: allow\nbreak_glass:\n" + string.Concat(lines.Select(l => $"  {l}\n"));

    public static TheoryData<string, int, string> Invalid => new()
    {
        { Section("approver: [security]"), 5, $"unknown key 'approver' in 'break_glass'; {SectionKeys} (did you mean 'approvers'?)" },
        { Section("max_duration: 1h"), 5, $"unknown key 'max_duration' in 'break_glass'; {SectionKeys}" },
        { Section("approvers: [security, oncall]"), 5, $"unknown role 'oncall' in break_glass approvers; {Roles}" },
        { Section("approvers: []"), 5, "'approvers' is an empty list, which nothing could match; give at least one value or leave it out" },
        { Section("tiers:", "  urgent: { max_duration: 1h }"), 6, "unknown key 'urgent' in 'tiers'; expected one of low, medium, high, critical" },
        { Section("tiers:", "  high: { max_duration: 1h, start: later }"), 6, "start 'later' is not valid; expected immediate or approval" },
        { Section("tiers:", "  high: { max_duration: 1h, starts: approval }"), 6, "unknown key 'starts' in tier 'high'; expected one of max_duration, start (did you mean 'start'?)" },
        { Section("tiers:", "  high:", "    max_duration: 25h"), 7, $"max_duration '25h' is out of range; {GrantDurations}" },
        { Section("tiers:", "  high:", "    max_duration: 2d"), 7, $"max_duration '2d' is not a valid duration; {GrantDurations}" },
        { Section("tiers:", "  high:", "    max_duration: 0s"), 7, $"max_duration '0s' is out of range; {GrantDurations}" },
        { Section("tiers:", "  high:", "    max_duration: soon"), 7, $"max_duration 'soon' is not a valid duration; {GrantDurations}" },
        { Section("tiers:", "  high: 1h"), 6, "tier 'high' must be a mapping of keys to values, not a single value" },
        { Section("tiers: [low, high]"), 5, "'tiers' must be a mapping of keys to values, not a list" },
        { Section("repeat: { count: 0, window: 30d }"), 5, "repeat count 0 is out of range; expected 1 to 1000 grants" },
        { Section("repeat:", "  count: -2"), 6, "repeat count -2 is out of range; expected 1 to 1000 grants" },
        { Section("repeat:", "  count: three"), 6, "repeat count 'three' is not a whole number; expected 1 to 1000 grants" },
        { Section("repeat:", "  window: 366d"), 6, $"window '366d' is out of range; {WindowDurations}" },
        { Section("repeat:", "  window: 2w"), 6, $"window '2w' is not a valid duration; {WindowDurations}" },
        { Section("repeat:", "  times: 3"), 6, "unknown key 'times' in 'repeat'; expected one of count, window" },
        { Section("review_within: 3 days"), 5, $"review_within '3 days' is not a valid duration; {WindowDurations}" },
        { Section("review_within: [3d]"), 5, "'review_within' must be a single value, not a list" },
        { "rules:\n  - id: r\n    effect: allow\nbreak_glass:\n", 4, "'break_glass' is empty; give at least one entry or leave it out" },
        { "break_glass: on\nrules:\n  - id: r\n    effect: allow\n", 1, "'break_glass' must be a mapping of keys to values, not a single value" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_break_glass_section_is_refused_with_one_error_naming_its_line(string yaml, int line, string message)
    {
        var result = PolicyDocument.Parse(yaml);

        Assert.False(result.IsValid);
        Assert.Equal([(line, message)], result.Errors.Select(e => (e.Line, e.Message)));
    }

    [Fact]
    public void Every_error_in_the_section_is_reported_not_just_the_first()
    {
        var result = PolicyDocument.Parse(Section("approvers: ops", "tiers:", "  low: { start: never }", "repeat: { count: 0 }", "review_within: 0s"));

        Assert.Equal([5, 7, 8, 9], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void A_policy_without_the_section_gets_the_default_table()
    {
        var policy = Compile("rules:\n  - id: r\n    effect: allow\n");

        AssertEquivalent(BreakGlassPolicy.Default, policy.BreakGlass);
    }

    [Fact]
    public void The_shipped_default_policy_states_the_default_table()
    {
        var policy = Compile(PolicyDocument.Default);

        AssertEquivalent(BreakGlassPolicy.Default, policy.BreakGlass);
        Assert.Contains("break_glass:", PolicyDocument.Default, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_section_is_read_with_days_and_seconds()
    {
        var policy = Compile(Section(
            "approvers: [security]",
            "tiers:",
            "  low: { max_duration: 90s, start: approval }",
            "  medium: { max_duration: 1h30m, start: immediate }",
            "  high: { max_duration: 24h, start: immediate }",
            "  critical: { max_duration: 1s, start: approval }",
            "repeat: { count: 1, window: 1d12h }",
            "review_within: 365d"));

        var bg = policy.BreakGlass;
        Assert.Equal(["security"], bg.Approvers);
        Assert.Equal(new BreakGlassTier(TimeSpan.FromSeconds(90), BreakGlassStart.Approval), bg.For("low"));
        Assert.Equal(new BreakGlassTier(TimeSpan.FromMinutes(90), BreakGlassStart.Immediate), bg.For("medium"));
        Assert.Equal(new BreakGlassTier(TimeSpan.FromHours(24), BreakGlassStart.Immediate), bg.For("high"));
        Assert.Equal(new BreakGlassTier(TimeSpan.FromSeconds(1), BreakGlassStart.Approval), bg.For("critical"));
        Assert.Equal((1, TimeSpan.FromHours(36), TimeSpan.FromDays(365)), (bg.RepeatCount, bg.RepeatWindow, bg.ReviewWithin));
    }

    [Fact]
    public void A_partial_section_keeps_the_default_for_everything_it_leaves_out()
    {
        var policy = Compile(Section("tiers:", "  high: { start: immediate }", "repeat: { window: 7d }"));

        var bg = policy.BreakGlass;
        Assert.Equal(new BreakGlassTier(TimeSpan.FromHours(1), BreakGlassStart.Immediate), bg.For("high"));
        Assert.Equal(BreakGlassPolicy.Default.For("critical"), bg.For("critical"));
        Assert.Equal(BreakGlassPolicy.Default.For("low"), bg.For("low"));
        Assert.Equal((3, TimeSpan.FromDays(7), TimeSpan.FromDays(3)), (bg.RepeatCount, bg.RepeatWindow, bg.ReviewWithin));
        Assert.Equal(BreakGlassPolicy.Default.Approvers, bg.Approvers);
    }

    [Fact]
    public void An_unknown_tier_asked_of_the_policy_gets_the_strictest_entry() =>
        Assert.Equal(BreakGlassPolicy.Default.For("critical"), Compile(Section("review_within: 1h")).BreakGlass.For("experimental"));

    private static CompiledPolicy Compile(string yaml)
    {
        var result = PolicyDocument.Parse(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Policy!;
    }

    private static void AssertEquivalent(BreakGlassPolicy expected, BreakGlassPolicy actual)
    {
        Assert.Equal(expected.Tiers.OrderBy(t => t.Key), actual.Tiers.OrderBy(t => t.Key));
        Assert.Equal(expected.Approvers, actual.Approvers);
        Assert.Equal((expected.RepeatCount, expected.RepeatWindow, expected.ReviewWithin), (actual.RepeatCount, actual.RepeatWindow, actual.ReviewWithin));
    }
}
