namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// The state of one scan: which resource the lines belong to, which list or block they sit in. Every line is read
/// for state, removed and context lines too, because a list opened on a context line holds the added item below it.
/// </summary>
internal sealed class RiskScan(DiffDocument document)
{
    private readonly HashSet<(RiskCategory, string)> _wholeResource = [];
    private readonly TerraformBlocks _blocks = new();
    private readonly KubernetesManifestName _manifest = new();
    private string? _resource;
    private bool _headerAwaitsBlock;
    private string? _listKey;

    public List<RiskFinding> Findings { get; } = [];

    public void Read(DiffLine line)
    {
        switch (line.Kind)
        {
            case DiffLineKind.Header:
                ReadHeader(line);
                return;
            case DiffLineKind.Hunk:
                _listKey = null;
                if (UnifiedDiffLines.TryReadHunk(line.Text, out _, out var oldCount, out var newStart, out var newCount)
                    && oldCount > 0 && newStart == 0 && newCount == 0)
                {
                    Whole(line, RiskCategory.Destroyed, $"{_resource ?? "this object"} will be deleted");
                }

                return;
        }

        if (document.Syntax == PlanSyntax.Yaml && !document.IsUnifiedDiff)
        {
            _resource = _manifest.Read(line) ?? _resource;
        }
        else if (document.Syntax == PlanSyntax.Terraform)
        {
            ReadResourceBlock(line);
        }

        ReadValues(line, line.Kind is DiffLineKind.Added or DiffLineKind.Changed);
        if (document.Syntax == PlanSyntax.Terraform)
        {
            _blocks.Read(line);
        }
    }

    private void ReadHeader(DiffLine line)
    {
        _listKey = null;
        var text = line.Text.AsSpan().TrimStart();
        if (document.Syntax == PlanSyntax.Terraform)
        {
            _blocks.Clear();
            var action = TerraformHeader.Read(text, out var address);
            _resource = action is null ? null : address.ToString();
            _headerAwaitsBlock = action is not null;
            if (action == ResourceAction.Destroy)
            {
                Whole(line, RiskCategory.Destroyed, $"{_resource} will be destroyed");
            }
            else if (action == ResourceAction.Replace)
            {
                Whole(line, RiskCategory.Replaced, $"{_resource} will be replaced (destroyed, then created again)");
            }
        }
        else if (text.StartsWith("diff ") || text.StartsWith("--- ") || (text.StartsWith("+++ ") && _resource is null))
        {
            _resource = KubernetesName.FromDiffHeader(text) ?? _resource;
        }
    }

    /// <summary>A headerless plan (trimmed, or Terraform 0.11) says destroy and replace with the block's symbol.</summary>
    private void ReadResourceBlock(DiffLine line)
    {
        var tokens = line.Tokens;
        if (tokens is not [{ Kind: TokenKind.Symbol } symbol, { Kind: TokenKind.Keyword } keyword, { Kind: TokenKind.Quoted } type, { Kind: TokenKind.Quoted } name, ..]
            || !line.Text.AsSpan(keyword.Start, keyword.Length).SequenceEqual("resource"))
        {
            return;
        }

        if (_headerAwaitsBlock)
        {
            _headerAwaitsBlock = false; // the header has already said what happens to it
            return;
        }

        _resource = $"{Unquote(line.Text, type)}.{Unquote(line.Text, name)}";
        var mark = line.Text.AsSpan(symbol.Start, symbol.Length);
        if (mark is "-")
        {
            Whole(line, RiskCategory.Destroyed, $"{_resource} will be destroyed");
        }
        else if (mark is "-/+" or "+/-")
        {
            Whole(line, RiskCategory.Replaced, $"{_resource} will be replaced (destroyed, then created again)");
        }
    }

    private void ReadValues(DiffLine line, bool counts)
    {
        var text = line.Text;
        var arrow = -1;
        foreach (var token in line.Tokens)
        {
            if (token.Kind == TokenKind.Arrow)
            {
                arrow = token.Start;
            }
        }

        string? key = null;
        var keyed = false;
        var values = 0;
        foreach (var token in line.Tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Key:
                    (key, keyed, values) = (Unquote(text, token), true, 0);
                    break;
                case TokenKind.Quoted or TokenKind.Value or TokenKind.Number or TokenKind.Literal:
                    values++;
                    if (counts && token.Start > arrow && RiskRules.Check(keyed ? key : _listKey, Unquote(text, token), _blocks.InLogging) is { } risk)
                    {
                        Add(line, risk.Category, risk.Message);
                    }

                    break;
                case TokenKind.ForcesReplacement when counts && _resource is not null:
                    Whole(line, RiskCategory.Replaced, $"{_resource} will be replaced (destroyed, then created again)");
                    break;
            }
        }

        // "actions = [" and "verbs:" open a list whose items follow on their own lines; a new key or a "]" ends it.
        if (keyed)
        {
            _listKey = values == 0 ? key : null;
        }
        else if (values == 0 && line.Text.AsSpan().TrimStart(" \t+-~").StartsWith("]"))
        {
            _listKey = null;
        }
    }

    /// <summary>Destroy and replace are said once per resource, though a header and several lines may say it.</summary>
    private void Whole(DiffLine line, RiskCategory category, string message)
    {
        if (_resource is null || _wholeResource.Add((category, _resource)))
        {
            Add(line, category, message);
        }
    }

    private void Add(DiffLine line, RiskCategory category, string message)
    {
        if (Findings is [.., var last] && last.LineIndex == line.Index && last.Category == category)
        {
            return; // one marker per risk per line: ["0.0.0.0/0", "::/0"] is one exposure
        }

        Findings.Add(new RiskFinding(line.Index, category, message, _resource));
    }

    private static string Unquote(string text, SyntaxToken token)
    {
        var value = text.AsSpan(token.Start, token.Length);
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        return value.ToString();
    }
}
