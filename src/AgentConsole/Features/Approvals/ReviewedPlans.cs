using AgentConsole.Features.Approvals.Review;
using Microsoft.Extensions.Caching.Memory;

namespace AgentConsole.Features.Approvals;

/// <summary>
/// Plans parsed for review, by digest: a plan never changes under its digest, and a large one is shown in windows of
/// rows, each of which would otherwise parse and scan the whole plan again.
/// </summary>
public sealed class ReviewedPlans(ApprovalRequests requests) : IDisposable
{
    /// <summary>Rows the review page sends at once; the rest follow in windows of this size.</summary>
    public const int WindowRows = 1000;

    // Sized in plan lines: a few dozen large plans at most.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 500_000 });

    public async Task<ReviewedPlan?> ForAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        if (request.PlanDigest is not { } digest)
        {
            return null;
        }

        if (_cache.TryGetValue(digest, out ReviewedPlan? cached))
        {
            return cached;
        }

        if (await requests.PlanAsync(request, cancellationToken) is not { } stored)
        {
            return null;
        }

        var diff = PlanDiff.Parse(stored.Format, stored.Content);
        var reviewed = new ReviewedPlan(diff, RiskHighlighter.Scan(diff));
        _cache.Set(digest, reviewed, new MemoryCacheEntryOptions { Size = Math.Max(1, diff.Lines.Count), SlidingExpiration = TimeSpan.FromMinutes(10) });
        return reviewed;
    }

    public static string MoreUrl(string decisionId, bool split) =>
        $"/approvals/{Uri.EscapeDataString(decisionId)}/diff?view={(split ? "split" : "unified")}&from=";

    public void Dispose() => _cache.Dispose();
}

public sealed record ReviewedPlan(DiffDocument Diff, RiskReport Risks);
