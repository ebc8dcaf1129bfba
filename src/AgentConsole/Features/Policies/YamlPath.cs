namespace AgentConsole.Features.Policies;

/// <summary>
/// The keys above the current line of block-style YAML, tracked by indentation. A diff hunk shows only a few lines
/// of context, so this works from whatever is visible and never needs the whole document.
/// </summary>
internal sealed class YamlPath
{
    private readonly List<(int Indent, string Key)> _keys = [];

    public int Depth => _keys.Count;

    public (int Indent, string Key) this[int index] => _keys[index];

    /// <summary>True when the document's top level is in view, so the path is complete.</summary>
    public bool Rooted => _keys.Count > 0 && _keys[0].Indent == 0;

    public void Clear() => _keys.Clear();

    /// <summary>Takes in one line; returns its key and value when it holds one, e.g. <c>replicas: 0</c>.</summary>
    public (string Key, string Value)? Read(ReadOnlySpan<char> line)
    {
        var content = line.TrimStart(' ');
        if (content.IsEmpty || content[0] == '#')
        {
            return null;
        }

        // "- name: web" is a list item whose first key sits after the dash; kubectl does not indent sequences, so a
        // parent key can share the dash's column.
        var column = line.Length - content.Length;
        var dash = -1;
        while (content.Length > 0 && content[0] == '-' && (content.Length == 1 || content[1] == ' '))
        {
            dash = dash < 0 ? column : dash;
            var after = content[1..].TrimStart(' ');
            column += content.Length - after.Length;
            content = after;
        }

        var colon = KeyEnd(content);
        if (colon < 0)
        {
            return null;
        }

        while (_keys.Count > 0 && (dash >= 0 ? _keys[^1].Indent > dash : _keys[^1].Indent >= column))
        {
            _keys.RemoveAt(_keys.Count - 1);
        }

        var key = Unquote(content[..colon]).ToString();
        _keys.Add((column, key));
        return (key, Unquote(ValueOf(content[(colon + 1)..])).ToString());
    }

    /// <summary>
    /// The field under <c>spec</c> this line sits in (<c>selector</c> for spec.selector.matchLabels.app), for the
    /// workload kinds whose immutable fields matter. With the top level out of view it is inferred from kubectl's
    /// fixed two-space layout: spec's fields sit at column 2; at column 4, <c>matchLabels</c> only occurs in
    /// spec.selector and <c>metadata</c> or <c>spec</c> only in spec.template.
    /// </summary>
    public string? SpecField()
    {
        if (Rooted)
        {
            return _keys is [(_, "spec"), var child, ..] ? child.Key : null;
        }

        string? inferred = null;
        // Indents grow along the path, so only its first few entries can sit at columns 2 and 4.
        foreach (var (indent, key) in _keys)
        {
            if (indent > 4)
            {
                break;
            }

            switch (indent, key)
            {
                case (2, _):
                    return key; // metadata's fields sit here too, but none shares a name with an immutable spec field
                case (4, "matchLabels" or "matchExpressions"):
                    inferred ??= "selector";
                    break;
                case (4, "metadata" or "spec"):
                    inferred ??= "template";
                    break;
            }
        }

        return inferred;
    }

    private static int KeyEnd(ReadOnlySpan<char> content)
    {
        if (content.IsEmpty || content[0] is '{' or '[' or '|' or '>')
        {
            return -1;
        }

        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
            {
                return i > 0 ? i : -1;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<char> ValueOf(ReadOnlySpan<char> value)
    {
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).Trim();
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0] ? text[1..^1] : text;
}
