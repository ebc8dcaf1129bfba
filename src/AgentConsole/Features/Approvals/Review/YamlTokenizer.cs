using System.Buffers;
using static AgentConsole.Features.Approvals.Review.CodeTokenizer;

namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Colours a line of Kubernetes YAML: <c>key:</c>, plain and quoted values, flow lists (<c>["*"]</c>), comments.
/// One pass per line; YAML's block structure is not needed to colour a line.
/// </summary>
internal static class YamlTokenizer
{
    private static readonly SearchValues<char> NumberChars = SearchValues.Create("0123456789.");

    public static SyntaxToken[] Line(string line)
    {
        var tokens = new List<SyntaxToken>();
        var i = SkipSpace(line, 0);
        if (i == 0 && (line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("...", StringComparison.Ordinal)))
        {
            return [new(TokenKind.Comment, 0, line.Length)];
        }

        while (At(line, i) == '-' && At(line, i + 1) is ' ' or '\0')
        {
            i = SkipSpace(line, i + 1); // "- " list items, possibly nested
        }

        var keyEnd = KeyEnd(line, i);
        if (keyEnd > i)
        {
            tokens.Add(new(TokenKind.Key, i, keyEnd - i));
            i = SkipSpace(line, keyEnd + 1);
        }

        Value(line, i, tokens);
        return tokens.Count == 0 ? [] : [.. tokens];
    }

    /// <summary>End of a <c>key:</c> starting at <paramref name="i"/> (the colon's index), or <paramref name="i"/> for none.</summary>
    private static int KeyEnd(string line, int i)
    {
        if (i >= line.Length || line[i] is '#' or '{' or '[' or '|' or '>' or '&' or '*' or '!')
        {
            return i;
        }

        var end = line[i] is '"' or '\'' ? StringEnd(line, i) : i;
        for (; end < line.Length; end++)
        {
            if (line[end] == ':' && At(line, end + 1) is ' ' or '\t' or '\0')
            {
                return end;
            }

            if (line[end] == '#' && line[end - 1] == ' ')
            {
                break;
            }
        }

        return i;
    }

    private static void Value(string line, int i, List<SyntaxToken> tokens)
    {
        if (i >= line.Length)
        {
            return;
        }

        if (line[i] is '[' or '{')
        {
            Flow(line, i, tokens);
            return;
        }

        if (line[i] == '#')
        {
            tokens.Add(new(TokenKind.Comment, i, line.Length - i));
            return;
        }

        if (line[i] is '"' or '\'')
        {
            var end = StringEnd(line, i);
            tokens.Add(new(TokenKind.Quoted, i, end - i));
            Trailing(line, end, tokens);
            return;
        }

        // A plain scalar runs to the end of the line or to " #".
        var stop = line.IndexOf(" #", i, StringComparison.Ordinal);
        var valueEnd = stop < 0 ? line.Length : stop;
        while (valueEnd > i && line[valueEnd - 1] is ' ' or '\t')
        {
            valueEnd--;
        }

        if (valueEnd > i && line[i] is not ('|' or '>'))
        {
            tokens.Add(new(Classify(line.AsSpan(i, valueEnd - i)), i, valueEnd - i));
        }

        Trailing(line, valueEnd, tokens);
    }

    /// <summary>A flow collection on one line: <c>["get", "list"]</c>, <c>{"Action": "*"}</c> (JSON in a block scalar).</summary>
    private static void Flow(string line, int i, List<SyntaxToken> tokens)
    {
        while (i < line.Length)
        {
            var c = line[i];
            if (c is '"' or '\'')
            {
                var end = StringEnd(line, i);
                var isKey = At(line, SkipSpace(line, end)) == ':';
                tokens.Add(new(isKey ? TokenKind.Key : TokenKind.Quoted, i, end - i));
                i = end;
            }
            else if (c == '#' && At(line, i - 1) == ' ')
            {
                tokens.Add(new(TokenKind.Comment, i, line.Length - i));
                return;
            }
            else if (c is '[' or ']' or '{' or '}' or ',' or ' ' or ':')
            {
                i++;
            }
            else
            {
                var end = i;
                while (end < line.Length && line[end] is not (',' or ']' or '}' or ' ' or ':'))
                {
                    end++;
                }

                tokens.Add(new(Classify(line.AsSpan(i, end - i)), i, end - i));
                i = end;
            }
        }
    }

    private static void Trailing(string line, int i, List<SyntaxToken> tokens)
    {
        var hash = line.IndexOf('#', i);
        if (hash >= 0)
        {
            tokens.Add(new(TokenKind.Comment, hash, line.Length - hash));
        }
    }

    private static TokenKind Classify(ReadOnlySpan<char> value) => value switch
    {
        "true" or "false" or "null" or "~" or "True" or "False" => TokenKind.Literal,
        _ when IsNumber(value) => TokenKind.Number,
        _ => TokenKind.Value,
    };

    private static bool IsNumber(ReadOnlySpan<char> value)
    {
        var digits = value is ['-', ..] ? value[1..] : value;
        return !digits.IsEmpty && digits.IndexOfAnyExcept(NumberChars) < 0 && char.IsAsciiDigit(digits[0]);
    }
}
