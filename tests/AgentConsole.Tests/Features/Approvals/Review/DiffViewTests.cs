using AgentConsole.Features.Approvals.Review;
using Bunit;

namespace AgentConsole.Tests.Features.Approvals.Review;

public class DiffViewTests : BunitContext
{
    private IRenderedComponent<DiffView> Render(string format, string content, string mode = "unified", int context = 3)
    {
        var document = PlanDiff.Parse(format, content);
        return Render<DiffView>(p => p
            .Add(c => c.Document, document)
            .Add(c => c.Risks, RiskHighlighter.Scan(document))
            .Add(c => c.Mode, mode)
            .Add(c => c.ContextLines, context));
    }

    [Fact]
    public void Rows_show_old_and_new_numbers_and_a_visible_marker()
    {
        var view = Render("kubernetes", PlanSamples.KubectlDiff);

        var removed = view.FindAll("li.d")[0];
        var added = view.FindAll("li.a")[0];
        Assert.Equal("34   ", removed.QuerySelector(".g")!.TextContent.Trim().PadRight(5));
        Assert.Equal("-", removed.QuerySelector(".m")!.TextContent);
        Assert.EndsWith("34", added.QuerySelector(".g")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("+", added.QuerySelector(".m")!.TextContent);
        Assert.Equal("true", added.QuerySelector(".g")!.GetAttribute("aria-hidden"));
        Assert.Equal("      - image: registry.acme.io/shop/web:1.42.0", added.QuerySelector("code")!.TextContent);
    }

    [Fact]
    public void Long_unchanged_runs_collapse_with_their_count()
    {
        var lines = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"        id{i} = \"x\""));
        var plan = $"  ~ resource \"aws_instance\" \"web\" {{\n{lines}\n      ~ instance_type = \"a\" -> \"b\"\n    }}";

        var view = Render("terraform", plan, context: 3);

        var more = Assert.Single(view.FindAll("details.dv-more"));
        Assert.Equal("Show 24 unchanged lines", more.QuerySelector("summary")!.TextContent);
        Assert.Equal(24, more.QuerySelectorAll("li").Length);
        Assert.Equal(9, view.FindAll("li").Count - 24); // two changes, three lines of context either side, the closing brace
    }

    [Fact]
    public void Flagged_lines_get_an_anchor_and_a_labelled_icon()
    {
        var view = Render("terraform", PlanSamples.TerraformRisky);

        var flagged = view.Find("#diff-L24");
        Assert.Contains("f", flagged.ClassList);
        var icon = flagged.QuerySelector(".r")!;
        Assert.Equal("img", icon.GetAttribute("role"));
        Assert.Equal("Risk: public exposure – 0.0.0.0/0 opens this to the whole internet (aws_security_group.web)", icon.GetAttribute("aria-label"));
        Assert.NotNull(icon.QuerySelector("i.bi-globe2"));
        Assert.Equal(8, view.FindAll("[id^=diff-L]").Count);
    }

    [Fact]
    public void Plan_content_is_escaped_never_markup()
    {
        var view = Render("text", "<script>alert('x')</script>\n\" onmouseover=\"x");

        Assert.Empty(view.FindAll("script"));
        Assert.Equal("<script>alert('x')</script>", view.FindAll("code")[0].TextContent);
        Assert.Contains("&lt;script&gt;", view.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_mode_pairs_removed_on_the_left_with_added_on_the_right()
    {
        var view = Render("kubernetes", PlanSamples.KubectlDiff, mode: "split");

        Assert.NotNull(view.Find(".dv.dv-split"));
        var image = view.FindAll("li.p").First(row => row.QuerySelector(".s.d") is not null);
        Assert.Equal(["s d", "s a"], image.Children.Select(c => c.ClassName));
        Assert.EndsWith("1.41.0", image.Children[0].TextContent, StringComparison.Ordinal);
        Assert.EndsWith("1.42.0", image.Children[1].TextContent, StringComparison.Ordinal);

        // Three verbs removed, a wildcard and a comment added: the third removed line has no partner.
        var verbs = view.FindAll("li.p").Where(row => row.QuerySelector(".s.d") is not null).Skip(1).Take(3).ToList();
        Assert.Equal(3, verbs.Count);
        Assert.Equal("s e", verbs[2].Children[1].ClassName);
        Assert.Equal("diff-L23", verbs[0].Children[1].Id);
    }

    [Fact]
    public void Split_mode_shows_context_on_both_sides_with_each_sides_number()
    {
        var view = Render("kubernetes", PlanSamples.KubectlDiff, mode: "split");

        var context = view.FindAll("li.p").First(row => row.QuerySelector(".s.c") is not null);
        Assert.Equal(["s c", "s c"], context.Children.Select(c => c.ClassName));
        Assert.Equal("31", context.Children[0].QuerySelector(".g")!.TextContent.Trim());
        Assert.Equal("31", context.Children[1].QuerySelector(".g")!.TextContent.Trim());
    }

    [Fact]
    public void The_diff_scrolls_inside_a_labelled_focusable_region()
    {
        var view = Render("terraform", PlanSamples.TerraformInstances);

        var region = view.Find(".dv-scroll");
        Assert.Equal(("region", "0"), (region.GetAttribute("role"), region.GetAttribute("tabindex")));
        Assert.StartsWith("Plan diff", region.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Equal("4 added", view.Find(".dv-stat-a").TextContent.Trim()[1..].Trim());
    }
}
