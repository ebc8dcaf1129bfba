using AgentConsole.Features.Approvals.Review;
using Bunit;

namespace AgentConsole.Tests.Features.Approvals.Review;

public class RiskSummaryTests : BunitContext
{
    [Fact]
    public void Each_category_shows_its_count_and_links_to_its_first_line()
    {
        var report = RiskHighlighter.Scan(PlanDiff.Parse("terraform", PlanSamples.TerraformRisky));

        var summary = Render<RiskSummary>(p => p.Add(c => c.Risks, report));

        var links = summary.FindAll("a.rs-item");
        Assert.Equal(["2 IAM wildcards", "5 public exposures", "1 encryption off"], links.Select(a => string.Join(' ', a.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal(["#diff-L40", "#diff-L3", "#diff-L53"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("true", a.QuerySelector("i.bi")!.GetAttribute("aria-hidden")));
    }

    [Fact]
    public void Destroy_and_replace_read_as_past_participles()
    {
        var report = RiskHighlighter.Scan(PlanDiff.Parse("terraform", PlanSamples.TerraformInstances));

        var summary = Render<RiskSummary>(p => p.Add(c => c.Risks, report));

        Assert.Equal(["1 destroyed", "1 replaced"], summary.FindAll("a.rs-item").Select(a => string.Join(' ', a.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
    }

    [Fact]
    public void No_findings_show_a_calm_empty_state()
    {
        var report = RiskHighlighter.Scan(PlanDiff.Parse("terraform", PlanSamples.TerraformHarmless));

        var summary = Render<RiskSummary>(p => p.Add(c => c.Risks, report));

        Assert.Equal("No risk markers found", summary.Find(".rs-calm").TextContent.Trim());
        Assert.Empty(summary.FindAll("a"));
    }
}
