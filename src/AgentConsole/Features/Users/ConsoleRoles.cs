namespace AgentConsole.Features.Users;

/// <summary>The people's roles. Agent identities are not people and have none of these.</summary>
public static class ConsoleRoles
{
    public const string Admin = "admin";
    public const string Security = "security";
    public const string Approver = "approver";
    public const string Compliance = "compliance";
    public const string Owner = "owner";

    public static readonly IReadOnlyList<string> All = [Admin, Security, Approver, Compliance, Owner];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
