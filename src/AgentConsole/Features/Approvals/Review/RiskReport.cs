namespace AgentConsole.Features.Approvals.Review;

/// <summary>How many findings of one category, and the first, which the summary links to.</summary>
public readonly record struct RiskCount(RiskCategory Category, int Count, RiskFinding First);

/// <summary>The findings of <see cref="RiskHighlighter.Scan"/>, in line order.</summary>
public sealed class RiskReport
{
    private readonly Dictionary<int, List<RiskFinding>> _byLine = [];

    public RiskReport(IReadOnlyList<RiskFinding> findings)
    {
        Findings = findings;
        var counts = new int[RiskCategories.All.Count];
        var firsts = new RiskFinding?[counts.Length];
        foreach (var finding in findings)
        {
            var slot = (int)finding.Category;
            counts[slot]++;
            firsts[slot] ??= finding;
            if (!_byLine.TryGetValue(finding.LineIndex, out var onLine))
            {
                _byLine[finding.LineIndex] = onLine = [];
            }

            onLine.Add(finding);
        }

        Counts = [.. RiskCategories.All.Where(c => counts[(int)c] > 0).Select(c => new RiskCount(c, counts[(int)c], firsts[(int)c]!))];
    }

    public static RiskReport None { get; } = new([]);

    public IReadOnlyList<RiskFinding> Findings { get; }

    /// <summary>Categories with at least one finding, in <see cref="RiskCategory"/> order.</summary>
    public IReadOnlyList<RiskCount> Counts { get; }

    public int Total => Findings.Count;

    public int CountOf(RiskCategory category) => Counts.FirstOrDefault(c => c.Category == category).Count;

    /// <summary>The findings on one line; empty for most.</summary>
    public IReadOnlyList<RiskFinding> At(int lineIndex) => _byLine.TryGetValue(lineIndex, out var found) ? found : [];
}
