using System.Text;
using AgentConsole.Features.Approvals.Review;
using Bunit;

namespace AgentConsole.Tests.Features.Approvals.Review;

/// <summary>The review page must open a 20,000-line plan; timing belongs to benchmarks, completeness to this test.</summary>
public class LargePlanTests : BunitContext
{
    [Fact]
    public void A_20000_line_plan_parses_scans_and_renders_with_its_changes_visible()
    {
        var plan = LargePlan.Generate(20_000);

        var document = PlanDiff.Parse("terraform", plan);
        var report = RiskHighlighter.Scan(document);
        var view = Render<DiffView>(p => p.Add(c => c.Document, document).Add(c => c.Risks, report));

        Assert.InRange(document.Lines.Count, 19_990, 20_010);
        Assert.Equal(LargePlan.Resources(20_000) / 10, report.CountOf(RiskCategory.PublicExposure));
        Assert.Contains("Show ", view.Markup, StringComparison.Ordinal);
    }
}

/// <summary>A long plan of security groups: each tenth opens ingress to the world.</summary>
internal static class LargePlan
{
    private const int LinesPerResource = 20;

    public static int Resources(int lines) => lines / LinesPerResource;

    public static string Generate(int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Resources(lines); i++)
        {
            text.Append("  # aws_security_group.sg").Append(i).Append(" will be updated in-place\n");
            text.Append("  ~ resource \"aws_security_group\" \"sg").Append(i).Append("\" {\n");
            for (var a = 0; a < 14; a++)
            {
                text.Append("        tag_").Append(a).Append(" = \"value-").Append(a).Append("\" # <unchanged> & kept\n");
            }

            text.Append("      ~ cidr_blocks = [\"10.0.0.0/16\"] -> [\"").Append(i % 10 == 0 ? "0.0.0.0/0" : "10.1.0.0/16").Append("\"]\n");
            text.Append("      ~ revoke_rules_on_delete = false -> true\n");
            text.Append("    }\n\n");
        }

        return text.ToString();
    }
}
