using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentConsole.Features.Tokens;

/// <summary>Parses lifetimes such as <c>30d</c>, <c>12h</c> or <c>90m</c>.</summary>
public static partial class TokenLifetime
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(365);

    public static bool TryParse(string? text, out TimeSpan lifetime)
    {
        lifetime = Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        lifetime = match.Groups[2].Value switch
        {
            "d" => TimeSpan.FromDays(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromMinutes(amount),
        };
        return lifetime > TimeSpan.Zero && lifetime <= Maximum;
    }

    [GeneratedRegex("^([0-9]{1,6})([dhm])$")]
    private static partial Regex Pattern();
}
