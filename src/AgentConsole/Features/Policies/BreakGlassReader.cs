using System.Globalization;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using YamlDotNet.RepresentationModel;

namespace AgentConsole.Features.Policies;

/// <summary>
/// Reads the optional <c>break_glass</c> section. Whatever it leaves out keeps <see cref="BreakGlassPolicy.Default"/>'s
/// value, tier by tier and key by key, so a policy can change one tier's start mode without restating the rest.
/// </summary>
internal sealed class BreakGlassReader(PolicyNodes nodes)
{
    public const int MaxRepeatCount = 1000;

    public static readonly TimeSpan ShortestGrant = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestGrant = TimeSpan.FromHours(24);
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(365);

    public const string GrantDurations = "a duration such as 30m, 1h or 1h30m, from 1s to 24h";
    public const string WindowDurations = "a duration such as 30d, 72h or 1d12h, from 1s to 365d";

    private static readonly IReadOnlyList<string> Keys = ["approvers", "tiers", "repeat", "review_within"];
    private static readonly IReadOnlyList<string> TierKeys = ["max_duration", "start"];
    private static readonly IReadOnlyList<string> RepeatKeys = ["count", "window"];
    private static readonly IReadOnlyList<string> Starts = ["immediate", "approval"];

    public BreakGlassPolicy Read(YamlNode node)
    {
        var result = BreakGlassPolicy.Default;
        if (nodes.Mapping(node, "'break_glass'") is not { } mapping)
        {
            return result;
        }

        foreach (var (key, _, value) in nodes.Entries(mapping, "'break_glass'", Keys))
        {
            switch (key)
            {
                case "approvers": result = result with { Approvers = Roles(value) ?? result.Approvers }; break;
                case "tiers": result = result with { Tiers = Tiers(value, result.Tiers) }; break;
                case "repeat": result = Repeat(value, result); break;
                default: result = result with { ReviewWithin = Duration(value, "review_within", allowDays: true) ?? result.ReviewWithin }; break;
            }
        }

        return result;
    }

    private Dictionary<string, BreakGlassTier> Tiers(YamlNode node, IReadOnlyDictionary<string, BreakGlassTier> defaults)
    {
        var tiers = new Dictionary<string, BreakGlassTier>(defaults, StringComparer.Ordinal);
        if (nodes.Mapping(node, "'tiers'") is not { } mapping)
        {
            return tiers;
        }

        foreach (var (tier, _, value) in nodes.Entries(mapping, "'tiers'", RiskTiers.All))
        {
            if (nodes.Mapping(value, $"tier '{tier}'") is not { } entry)
            {
                continue;
            }

            var (maxDuration, start) = (defaults[tier].MaxDuration, defaults[tier].Start);
            foreach (var (key, _, setting) in nodes.Entries(entry, $"tier '{tier}'", TierKeys))
            {
                if (key == "max_duration")
                {
                    maxDuration = Duration(setting, "max_duration", allowDays: false) ?? maxDuration;
                }
                else
                {
                    start = Start(setting) ?? start;
                }
            }

            tiers[tier] = new BreakGlassTier(maxDuration, start);
        }

        return tiers;
    }

    private BreakGlassPolicy Repeat(YamlNode node, BreakGlassPolicy result)
    {
        if (nodes.Mapping(node, "'repeat'") is not { } mapping)
        {
            return result;
        }

        foreach (var (key, _, value) in nodes.Entries(mapping, "'repeat'", RepeatKeys))
        {
            result = key == "count"
                ? result with { RepeatCount = Count(value) ?? result.RepeatCount }
                : result with { RepeatWindow = Duration(value, "window", allowDays: true) ?? result.RepeatWindow };
        }

        return result;
    }

    private BreakGlassStart? Start(YamlNode node)
    {
        switch (nodes.Text(node, "'start'"))
        {
            case null: return null;
            case "immediate": return BreakGlassStart.Immediate;
            case "approval": return BreakGlassStart.Approval;
            case var other:
                nodes.Error(node, $"start '{other}' is not valid; expected {PolicyNodes.OneOf(Starts)}");
                return null;
        }
    }

    private string[]? Roles(YamlNode node)
    {
        if (nodes.Values(node, "'approvers'") is not { } roles)
        {
            return null;
        }

        var failed = false;
        foreach (var (role, roleNode) in roles)
        {
            if (!ConsoleRoles.IsKnown(role))
            {
                nodes.Error(roleNode, $"unknown role '{role}' in break_glass approvers; expected {PolicyNodes.OneOf(ConsoleRoles.All)}");
                failed = true;
            }
        }

        return failed ? null : roles.Select(r => r.Value).Distinct(StringComparer.Ordinal).ToArray();
    }

    private int? Count(YamlNode node)
    {
        if (nodes.Text(node, "'count'") is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
        {
            nodes.Error(node, $"repeat count '{text}' is not a whole number; expected 1 to {MaxRepeatCount} grants");
            return null;
        }

        if (count is < 1 or > MaxRepeatCount)
        {
            nodes.Error(node, $"repeat count {count} is out of range; expected 1 to {MaxRepeatCount} grants");
            return null;
        }

        return count;
    }

    private TimeSpan? Duration(YamlNode node, string what, bool allowDays)
    {
        if (nodes.Text(node, $"'{what}'") is not { } text)
        {
            return null;
        }

        var expected = allowDays ? WindowDurations : GrantDurations;
        if (!PolicyDuration.TryParse(text, allowDays, out var duration))
        {
            nodes.Error(node, $"{what} '{text}' is not a valid duration; expected {expected}");
            return null;
        }

        if (duration < ShortestGrant || duration > (allowDays ? LongestWindow : LongestGrant))
        {
            nodes.Error(node, $"{what} '{text}' is out of range; expected {expected}");
            return null;
        }

        return duration;
    }
}
