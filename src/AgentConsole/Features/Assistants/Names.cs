using System.Text.RegularExpressions;

namespace AgentConsole.Features.Assistants;

/// <summary>The shapes of names the inventory accepts.</summary>
public static partial class Names
{
    public const int MaxDisplayName = 100;
    public const int MaxDescription = 2000;
    public const int MaxTeam = 64;
    public const int MaxLabels = 20;
    public const int MaxLabelValue = 128;
    public const int MaxSubject = 512;

    /// <summary>A slug: lower-case letters, digits and hyphens, 2 to 63 characters, starting with a letter or digit.</summary>
    public static bool IsValid(string? name) => name is not null && Slug().IsMatch(name);

    public static bool IsValidScope(string? name) => name is not null && name.Length <= 64 && Scope().IsMatch(name);

    public static bool IsValidLabelKey(string? key) => key is not null && LabelKey().IsMatch(key);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]*(:[a-z0-9_.*-]+)*$")]
    private static partial Regex Scope();

    [GeneratedRegex("^[a-z0-9]([a-z0-9_./-]{0,61}[a-z0-9])?$")]
    private static partial Regex LabelKey();
}
