using AgentConsole.Features.Approvals.Review;

namespace AgentConsole.Tests.Features.Approvals.Review;

public class PlanDiffTests
{
    [Fact]
    public void Terraform_symbols_become_added_removed_and_changed_lines()
    {
        var document = PlanDiff.Parse("terraform", PlanSamples.TerraformInstances);

        Assert.Equal(DiffLineKind.Header, document.Lines[11].Kind); // # aws_instance.api will be created
        Assert.Equal(DiffLineKind.Added, document.Lines[12].Kind);
        Assert.Equal(DiffLineKind.Changed, document.Lines[21].Kind); // ~ instance_type
        Assert.Equal(DiffLineKind.Removed, document.Lines[26].Kind); // - resource "aws_instance" "legacy"
        Assert.Equal(DiffLineKind.Changed, document.Lines[32].Kind); // -/+ resource "aws_instance" "web"
        Assert.Equal(DiffLineKind.Header, document.Lines[^1].Kind); // Plan: ...
        Assert.Equal((4, 3, 5), (document.Added, document.Removed, document.Changed));
    }

    [Fact]
    public void The_plan_legend_is_context_not_a_change()
    {
        var document = PlanDiff.Parse("terraform", PlanSamples.TerraformInstances);

        Assert.All(document.Lines.Take(9), line => Assert.Equal(DiffLineKind.Context, line.Kind));
    }

    [Fact]
    public void Removed_lines_have_only_old_numbers_and_added_lines_only_new()
    {
        var document = PlanDiff.Parse("terraform", PlanSamples.TerraformInstances);
        var added = document.Lines[13];
        var removed = document.Lines[27];

        Assert.Equal((null, 12), (added.OldNumber, added.NewNumber));
        Assert.Equal((20, null), (removed.OldNumber, removed.NewNumber));
        Assert.Null(document.Lines[11].NewNumber); // headers are about the plan, not in it
    }

    [Fact]
    public void Heredoc_lines_belong_to_the_attribute_that_opened_them()
    {
        var document = PlanDiff.Parse("terraform", PlanSamples.TerraformHeredocAndLogging);

        Assert.All(document.Lines.Skip(2).Take(5), line => Assert.Equal(DiffLineKind.Added, line.Kind));
        Assert.Equal(DiffLineKind.Context, document.Lines[7].Kind);
    }

    [Fact]
    public void Terraform_attribute_lines_are_coloured_by_part()
    {
        var line = PlanDiff.Parse("terraform", "      ~ instance_type = \"t3.micro\" -> (known after apply) # forces replacement").Lines[0];

        Assert.Equal(
            ["Symbol:~", "Key:instance_type", "Quoted:\"t3.micro\"", "Arrow:->", "Unknown:(known after apply)", "ForcesReplacement:# forces replacement"],
            line.Tokens.Select(t => $"{t.Kind}:{line.Text.Substring(t.Start, t.Length)}"));
    }

    [Fact]
    public void Kubectl_hunks_carry_old_and_new_line_numbers_without_the_marker_column()
    {
        var document = PlanDiff.Parse("kubernetes", PlanSamples.KubectlDiff);

        Assert.True(document.IsUnifiedDiff);
        Assert.Equal(DiffLineKind.Hunk, document.Lines[3].Kind);
        Assert.Equal((DiffLineKind.Context, 31, 31), (document.Lines[4].Kind, document.Lines[4].OldNumber, document.Lines[4].NewNumber));
        Assert.Equal((DiffLineKind.Removed, 34, (int?)null), (document.Lines[7].Kind, document.Lines[7].OldNumber, document.Lines[7].NewNumber));
        Assert.Equal((DiffLineKind.Added, (int?)null, 34), (document.Lines[8].Kind, document.Lines[8].OldNumber, document.Lines[8].NewNumber));
        Assert.Equal("      - image: registry.acme.io/shop/web:1.42.0", document.Lines[8].Text);
        Assert.Equal((3, 7), (document.Added, document.Removed));
    }

    [Fact]
    public void A_removed_yaml_line_starting_with_dashes_stays_inside_its_hunk()
    {
        var diff = "--- a\n+++ b\n@@ -1,2 +1,2 @@\n--- old document marker\n+--- new\n keep: 1\n";

        var document = PlanDiff.Parse("kubernetes", diff);

        Assert.Equal([DiffLineKind.Header, DiffLineKind.Header, DiffLineKind.Hunk, DiffLineKind.Removed, DiffLineKind.Added, DiffLineKind.Context],
            document.Lines.Select(l => l.Kind));
    }

    [Theory]
    [InlineData("kubernetes", PlanSamples.KubernetesManifest, 18)]
    [InlineData("json", PlanSamples.IamPolicyJson, 17)]
    [InlineData("text", "kubectl delete pod web-0\nkubectl rollout restart deploy/web\n", 2)]
    public void Manifests_json_and_text_are_new_content(string format, string content, int lines)
    {
        var document = PlanDiff.Parse(format, content);

        Assert.Equal(lines, document.Lines.Count);
        Assert.All(document.Lines, line => Assert.Equal(DiffLineKind.Added, line.Kind));
        Assert.Equal(Enumerable.Range(1, lines), document.Lines.Select(l => l.NewNumber!.Value));
    }

    [Fact]
    public void One_line_json_is_pretty_printed_so_each_value_has_its_own_line()
    {
        var document = PlanDiff.Parse("json", """[{"op":"replace","path":"/spec/replicas","value":3}]""");

        Assert.Equal(7, document.Lines.Count);
        Assert.Equal("    \"op\": \"replace\",", document.Lines[2].Text);
        Assert.Equal(TokenKind.Key, document.Lines[2].Tokens[0].Kind);
    }

    [Fact]
    public void Terminal_colours_are_removed()
    {
        var document = PlanDiff.Parse("terraform", "  \u001b[32m+\u001b[0m acl = \"private\"");

        Assert.Equal(("  + acl = \"private\"", DiffLineKind.Added), (document.Lines[0].Text, document.Lines[0].Kind));
    }

    [Fact]
    public void Unknown_formats_and_empty_content_do_not_throw()
    {
        Assert.Equal(DiffLineKind.Added, PlanDiff.Parse("helm", "x").Lines[0].Kind);
        Assert.False(PlanDiff.Parse("terraform", "").HasChanges);
    }
}
