using System.Globalization;

namespace AgentConsole.Features.Policies;

/// <summary>Durations as people write them in a policy: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1h30m</c>.</summary>
internal static class PolicyDuration
{
    public static readonly TimeSpan Shortest = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    public const string Expected = "a duration such as 90s, 15m, 2h or 1h30m, from 1m to 24h";

    /// <summary>Hours, minutes and seconds, each at most once and in that order; at least one part.</summary>
    public static bool TryParse(string text, out TimeSpan duration) => TryParse(text, allowDays: false, out duration);

    /// <summary>As <see cref="TryParse(string, out TimeSpan)"/>, and with <paramref name="allowDays"/> also days first: <c>30d</c>, <c>1d12h</c>.</summary>
    public static bool TryParse(string text, bool allowDays, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        var rest = text.AsSpan().Trim();
        if (rest.IsEmpty)
        {
            return false;
        }

        var units = allowDays ? "dhms" : "hms";
        var nextUnit = 0;
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 6 || digits == rest.Length)
            {
                return false;
            }

            var unit = units.IndexOf(rest[digits], nextUnit);
            if (unit < 0)
            {
                return false;
            }

            var amount = int.Parse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            duration += units[unit] switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
            nextUnit = unit + 1;
            rest = rest[(digits + 1)..];
        }

        return true;
    }

    public static bool IsInRange(TimeSpan duration) => duration >= Shortest && duration <= Longest;
}
