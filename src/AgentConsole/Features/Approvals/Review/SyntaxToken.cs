namespace AgentConsole.Features.Approvals.Review;

/// <summary>What a coloured stretch of a plan line is.</summary>
public enum TokenKind
{
    /// <summary>An attribute name, JSON property or YAML key.</summary>
    Key,
    /// <summary>A quoted string.</summary>
    Quoted,

    /// <summary>An unquoted YAML value.</summary>
    Value,
    Number,

    /// <summary><c>true</c>, <c>false</c>, <c>null</c>.</summary>
    Literal,
    Comment,

    /// <summary>Terraform's <c>+</c>, <c>-</c>, <c>~</c>, <c>-/+</c>, <c>&lt;=</c> at the start of a line.</summary>
    Symbol,

    /// <summary><c>-&gt;</c> between the old and new value.</summary>
    Arrow,

    /// <summary><c>(known after apply)</c>, <c>(sensitive value)</c>.</summary>
    Unknown,

    /// <summary><c># forces replacement</c>.</summary>
    ForcesReplacement,

    /// <summary><c>resource</c>, <c>data</c>: the start of a Terraform block.</summary>
    Keyword,

    /// <summary>A whole header line: a resource header, a diff file header, a hunk header.</summary>
    Heading,
}

/// <summary>A coloured stretch of <see cref="DiffLine.Text"/>.</summary>
public readonly record struct SyntaxToken(TokenKind Kind, int Start, int Length)
{
    public int End => Start + Length;
}
