using System.Collections.ObjectModel;
using System.Globalization;
using AgentConsole.Features.Users;
using YamlDotNet.RepresentationModel;

namespace AgentConsole.Features.Policies;

/// <summary>Reads <c>defaults</c> and each rule's <c>approval</c>: who may approve, how many, for how long.</summary>
internal sealed class ApprovalReader(PolicyNodes nodes)
{
    public const int MaxApprovers = 5;

    private static readonly IReadOnlyList<string> DefaultsKeys = ["approvers", "approval_ttl"];
    private static readonly IReadOnlyList<string> ApprovalKeys = ["approvers", "count", "ttl"];

    private IReadOnlyList<string> _defaultApprovers = [ConsoleRoles.Approver, ConsoleRoles.Security, ConsoleRoles.Admin];
    private TimeSpan _defaultTtl = TimeSpan.FromMinutes(15);
    private ApprovalRequirement? _default;

    /// <summary>What a require_approval rule without an <c>approval</c> block asks for: one approver, default roles and TTL.</summary>
    public ApprovalRequirement Default => _default ??= new ApprovalRequirement(_defaultApprovers, 1, _defaultTtl);

    public void ReadDefaults(YamlNode node)
    {
        if (nodes.Mapping(node, "'defaults'") is not { } mapping)
        {
            return;
        }

        foreach (var (key, _, value) in nodes.Entries(mapping, "'defaults'", DefaultsKeys))
        {
            if (key == "approvers")
            {
                _defaultApprovers = Roles(value) ?? _defaultApprovers;
            }
            else
            {
                _defaultTtl = Duration(value, "approval_ttl") ?? _defaultTtl;
            }
        }

        _default = null;
    }

    public ApprovalRequirement? Read(YamlNode node)
    {
        if (nodes.Mapping(node, "'approval'") is not { } mapping)
        {
            return null;
        }

        var roles = _defaultApprovers;
        var count = 1;
        var ttl = _defaultTtl;
        foreach (var (key, _, value) in nodes.Entries(mapping, "'approval'", ApprovalKeys))
        {
            switch (key)
            {
                case "approvers": roles = Roles(value) ?? roles; break;
                case "ttl": ttl = Duration(value, "ttl") ?? ttl; break;
                default: count = Count(value) ?? count; break;
            }
        }

        return new ApprovalRequirement(roles, count, ttl);
    }

    private ReadOnlyCollection<string>? Roles(YamlNode node)
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
                nodes.Error(roleNode, $"unknown role '{role}' in approvers; expected {PolicyNodes.OneOf(ConsoleRoles.All)}");
                failed = true;
            }
        }

        return failed ? null : Array.AsReadOnly(roles.Select(r => r.Value).Distinct(StringComparer.Ordinal).ToArray());
    }

    private int? Count(YamlNode node)
    {
        if (nodes.Text(node, "'count'") is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            nodes.Error(node, $"count '{text}' is not a whole number; expected 1 to {MaxApprovers} distinct approvers");
            return null;
        }

        if (count is < 1 or > MaxApprovers)
        {
            nodes.Error(node, $"count {count} is out of range; expected 1 to {MaxApprovers} distinct approvers");
            return null;
        }

        return count;
    }

    private TimeSpan? Duration(YamlNode node, string what)
    {
        if (nodes.Text(node, $"'{what}'") is not { } text)
        {
            return null;
        }

        if (!PolicyDuration.TryParse(text, out var duration))
        {
            nodes.Error(node, $"{what} '{text}' is not a valid duration; expected {PolicyDuration.Expected}");
            return null;
        }

        if (!PolicyDuration.IsInRange(duration))
        {
            nodes.Error(node, $"{what} '{text}' is out of range; expected {PolicyDuration.Expected}");
            return null;
        }

        return duration;
    }
}
