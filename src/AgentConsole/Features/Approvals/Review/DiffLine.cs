namespace AgentConsole.Features.Approvals.Review;

/// <summary>What a line of a plan diff says happens.</summary>
public enum DiffLineKind
{
    /// <summary>Unchanged; shown around changes, collapsed when far from them.</summary>
    Context,
    Added,
    Removed,

    /// <summary>Updated in place or replaced (Terraform <c>~</c> and <c>-/+</c>): the line holds both sides.</summary>
    Changed,

    /// <summary>Says what follows: a Terraform resource header, a file header of a unified diff, the plan summary.</summary>
    Header,

    /// <summary>A unified diff's <c>@@ -a,b +c,d @@</c> line.</summary>
    Hunk,
}

/// <summary>One line of a plan as the review page shows it.</summary>
public sealed class DiffLine
{
    /// <summary>Position in <see cref="DiffDocument.Lines"/>; anchors and findings point at it.</summary>
    public required int Index { get; init; }

    public required DiffLineKind Kind { get; init; }

    /// <summary>Line number before the change; null for added lines and headers.</summary>
    public int? OldNumber { get; init; }

    /// <summary>Line number after the change; null for removed lines and headers.</summary>
    public int? NewNumber { get; init; }

    /// <summary>The line without a unified diff's marker column; Terraform's own symbols stay, as they are the plan.</summary>
    public required string Text { get; init; }

    /// <summary>Coloured stretches of <see cref="Text"/>, in order and not overlapping; the gaps are plain text.</summary>
    public IReadOnlyList<SyntaxToken> Tokens { get; init; } = [];

    /// <summary>True for lines that say something will be different after the change.</summary>
    public bool IsChange => Kind is DiffLineKind.Added or DiffLineKind.Removed or DiffLineKind.Changed;
}
