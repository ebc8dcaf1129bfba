namespace AgentConsole.Features.Approvals.Review;

/// <summary>A line of the plan that an approver should look at, and why.</summary>
/// <param name="LineIndex">Index into <see cref="DiffDocument.Lines"/>.</param>
/// <param name="Category">What kind of risk.</param>
/// <param name="Message">A short reason, e.g. <c>0.0.0.0/0 opens this to the whole internet</c>.</param>
/// <param name="Resource">The resource the line belongs to (<c>aws_security_group.web</c>, <c>Role shop/deployer</c>), when known.</param>
public sealed record RiskFinding(int LineIndex, RiskCategory Category, string Message, string? Resource)
{
    /// <summary>The 1-based row of the diff, which is the plan's own line number when the plan is shown as sent.</summary>
    public int Line => LineIndex + 1;

    /// <summary>The id of the flagged line in <see cref="DiffView"/>, which the summary links to.</summary>
    public string Anchor => DiffAnchors.ForLine(LineIndex);
}

/// <summary>Element ids of diff lines, shared by the diff and the summary that links into it.</summary>
public static class DiffAnchors
{
    public static string ForLine(int lineIndex) => "diff-L" + (lineIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
