namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// The nesting of Terraform blocks around a line (<c>logging {</c> ... <c>}</c>), tracked by lines that open and
/// close braces, so <c>enabled = false</c> can be read as logging switched off inside a logging block only.
/// </summary>
internal sealed class TerraformBlocks
{
    // Deep enough for any real plan; a runaway (unbalanced) plan stops growing here.
    private const int MaxDepth = 64;
    private readonly List<string> _names = [];

    public bool InLogging { get; private set; }

    public void Clear()
    {
        _names.Clear();
        InLogging = false;
    }

    public void Read(DiffLine line)
    {
        var text = line.Text.AsSpan();
        var codeEnd = line.Tokens is [.., { Kind: TokenKind.Comment or TokenKind.ForcesReplacement } comment] ? comment.Start : text.Length;
        var code = text[..codeEnd].Trim();
        var afterSymbol = line.Tokens is [{ Kind: TokenKind.Symbol } symbol, ..] ? text[symbol.End..codeEnd].TrimStart() : code;
        if (afterSymbol.StartsWith("}") && _names.Count > 0)
        {
            _names.RemoveAt(_names.Count - 1);
        }

        if (code.EndsWith("{") && _names.Count < MaxDepth)
        {
            _names.Add(line.Tokens.FirstOrDefault(t => t.Kind is TokenKind.Key or TokenKind.Keyword) is { Length: > 0 } name
                ? line.Text.Substring(name.Start, name.Length)
                : "");
        }

        InLogging = _names.Exists(n => n.Contains("log", StringComparison.OrdinalIgnoreCase));
    }
}
