using System.Text.RegularExpressions;

namespace AgentConsole.Features.Policies;

/// <summary>
/// Says whether the SQL statement starting at an index has a WHERE. A statement ends at a semicolon or a blank line,
/// or after <see cref="MaxLength"/> characters. Starts only move forward, so both searches resume where the last one
/// stopped and a text of many DELETEs is still read once.
/// </summary>
internal sealed partial class SqlStatements(string text)
{
    private const int MaxLength = 10_000;

    private int _end = -1;
    private int _where = -1;

    public bool HaveWhere(int start)
    {
        if (_end < start)
        {
            _end = EndOf(start);
        }

        if (_where < start)
        {
            var match = WhereWord().Match(text, start);
            _where = match.Success ? match.Index : text.Length;
        }

        return _where < _end;
    }

    private int EndOf(int start)
    {
        var limit = Math.Min(text.Length, start + MaxLength);
        var lineBlank = false;
        for (var i = start; i < limit; i++)
        {
            var c = text[i];
            if (c == ';' || (c == '\n' && lineBlank))
            {
                return i;
            }

            lineBlank = c == '\n' || (lineBlank && char.IsWhiteSpace(c));
        }

        return limit;
    }

    [GeneratedRegex(@"\bWHERE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WhereWord();
}
