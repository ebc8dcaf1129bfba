namespace AgentConsole.Features.Approvals.Review;

/// <summary>
/// Flags the lines of a plan an approver must not miss: destroyed and replaced resources, IAM wildcards, public
/// exposure, encryption or logging switched off. Only what the change brings in counts (added and changed lines,
/// the new side of <c>old -&gt; new</c>, destroy headers): a removed <c>0.0.0.0/0</c> is a fix, not a risk.
/// </summary>
public static class RiskHighlighter
{
    /// <summary>One pass over the lines, linear in the plan's length.</summary>
    public static RiskReport Scan(DiffDocument document)
    {
        var scan = new RiskScan(document);
        foreach (var line in document.Lines)
        {
            scan.Read(line);
        }

        return new RiskReport(scan.Findings);
    }
}
