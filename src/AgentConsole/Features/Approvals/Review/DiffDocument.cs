namespace AgentConsole.Features.Approvals.Review;

/// <summary>How the lines of a plan are written, which decides how they are coloured and scanned.</summary>
public enum PlanSyntax { Terraform, Yaml, Json, Text }

/// <summary>A plan read as a diff: what the approver reads before deciding.</summary>
public sealed class DiffDocument
{
    public DiffDocument(string format, PlanSyntax syntax, bool isUnifiedDiff, IReadOnlyList<DiffLine> lines)
    {
        Format = format;
        Syntax = syntax;
        IsUnifiedDiff = isUnifiedDiff;
        Lines = lines;
        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case DiffLineKind.Added: Added++; break;
                case DiffLineKind.Removed: Removed++; break;
                case DiffLineKind.Changed: Changed++; break;
            }
        }
    }

    /// <summary>The plan's format as stored: <c>terraform</c>, <c>kubernetes</c>, <c>json</c> or <c>text</c>.</summary>
    public string Format { get; }

    public PlanSyntax Syntax { get; }

    /// <summary>True when the plan is a unified diff (<c>kubectl diff</c>) with hunks and old/new line numbers.</summary>
    public bool IsUnifiedDiff { get; }

    public IReadOnlyList<DiffLine> Lines { get; }

    public int Added { get; }

    public int Removed { get; }

    public int Changed { get; }

    public bool HasChanges => Added + Removed + Changed > 0;
}
