namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Colours Terraform plan lines and JSON lines in one left-to-right pass with no backtracking, so a 20,000-line plan
/// costs one look at each character. Terraform plans embed JSON (heredoc policies), so both share the scanner.
/// </summary>
internal static class CodeTokenizer
{
    public static SyntaxToken[] Terraform(string line)
    {
        var tokens = new List<SyntaxToken>();
        var i = SkipSpace(line, 0);
        var symbol = SymbolWidth(line, i);
        if (symbol > 0)
        {
            tokens.Add(new(TokenKind.Symbol, i, symbol));
            i = SkipSpace(line, i + symbol);
        }

        if (i < line.Length && line[i] == '#')
        {
            var kind = TerraformHeader.IsResourceHeader(line.AsSpan(i)) ? TokenKind.Heading : TokenKind.Comment;
            tokens.Add(new(kind, i, line.Length - i));
            return [.. tokens];
        }

        Code(line, i, hcl: true, tokens);
        return [.. tokens];
    }

    public static SyntaxToken[] Json(string line)
    {
        var tokens = new List<SyntaxToken>();
        Code(line, 0, hcl: false, tokens);
        return tokens.Count == 0 ? [] : [.. tokens];
    }

    /// <summary>Width of a Terraform change symbol at <paramref name="at"/>: 3 for <c>-/+</c>, 0 when there is none.</summary>
    public static int SymbolWidth(string line, int at)
    {
        var rest = line.AsSpan(at);
        var width = rest switch
        {
            ['-', '/', '+', ..] or ['+', '/', '-', ..] => 3,
            ['<', '=', ..] => 2,
            ['+' or '-' or '~', ..] => 1,
            _ => 0,
        };
        return width > 0 && (rest.Length == width || rest[width] is ' ' or '\t') ? width : 0;
    }

    private static void Code(string line, int i, bool hcl, List<SyntaxToken> tokens)
    {
        var first = true;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '"')
            {
                var end = StringEnd(line, i);
                tokens.Add(new(IsKeyAt(line, end, hcl) ? TokenKind.Key : TokenKind.Quoted, i, end - i));
                i = end;
            }
            else if (hcl && (c == '#' || (c == '/' && At(line, i + 1) == '/')))
            {
                var forces = line.AsSpan(i).StartsWith("# forces replacement", StringComparison.Ordinal);
                tokens.Add(new(forces ? TokenKind.ForcesReplacement : TokenKind.Comment, i, line.Length - i));
                return;
            }
            else if (hcl && c == '-' && At(line, i + 1) == '>')
            {
                tokens.Add(new(TokenKind.Arrow, i, 2));
                i += 2;
            }
            else if (hcl && c == '(' && UnknownWidth(line.AsSpan(i)) is > 0 and var width)
            {
                tokens.Add(new(TokenKind.Unknown, i, width));
                i += width;
            }
            else if ((char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(At(line, i + 1)))) && !IsWordChar(At(line, i - 1)))
            {
                var end = NumberEnd(line, i + 1);
                tokens.Add(new(TokenKind.Number, i, end - i));
                i = end;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var end = i + 1;
                while (end < line.Length && (IsWordChar(line[end]) || line[end] == '-'))
                {
                    end++;
                }

                var word = line.AsSpan(i, end - i);
                if (word is "true" or "false" or "null")
                {
                    tokens.Add(new(TokenKind.Literal, i, end - i));
                }
                else if (hcl && IsNameAt(line, end))
                {
                    tokens.Add(new(TokenKind.Key, i, end - i));
                }
                else if (hcl && first && word is "resource" or "data" or "module")
                {
                    tokens.Add(new(TokenKind.Keyword, i, end - i));
                }

                i = end;
            }
            else
            {
                i++;
                continue;
            }

            first = false;
        }
    }

    /// <summary>A key is followed by <c>:</c> (JSON, YAML-ish) or, in HCL, by <c>=</c> that is not <c>==</c> or <c>=&gt;</c>.</summary>
    private static bool IsKeyAt(string line, int end, bool hcl)
    {
        var next = SkipSpace(line, end);
        return At(line, next) == ':' || (hcl && At(line, next) == '=' && At(line, next + 1) is not ('=' or '>'));
    }

    /// <summary>An HCL attribute name is followed by <c>=</c>, a block name by <c>{</c>; prose such as <c>Plan:</c> by neither.</summary>
    private static bool IsNameAt(string line, int end)
    {
        var next = SkipSpace(line, end);
        return At(line, next) == '{' || (At(line, next) == '=' && At(line, next + 1) is not ('=' or '>'));
    }

    /// <summary>Index after the closing quote; the line end when the string is not closed (a wrapped heredoc line).</summary>
    public static int StringEnd(string line, int open)
    {
        var quote = line[open];
        for (var i = open + 1; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == quote)
            {
                return i + 1;
            }
        }

        return line.Length;
    }

    private static int NumberEnd(string line, int i)
    {
        while (i < line.Length && (char.IsAsciiDigit(line[i]) || line[i] is '.' or 'e' or 'E'
            || (line[i] is '+' or '-' && line[i - 1] is 'e' or 'E')))
        {
            i++;
        }

        return i;
    }

    private static int UnknownWidth(ReadOnlySpan<char> rest) =>
        rest.StartsWith("(known after apply)") ? 19
        : rest.StartsWith("(sensitive value)") ? 17
        : rest.StartsWith("(sensitive)") ? 11
        : 0;

    public static int SkipSpace(string line, int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    public static char At(string line, int i) => i >= 0 && i < line.Length ? line[i] : '\0';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
