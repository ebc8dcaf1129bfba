using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentConsole.Features.Policies;
using AgentConsole.Tests.Features.Policies.Samples;

namespace AgentConsole.Tests.Features.Policies;

public class PlanParserTerraformTests
{
    [Fact]
    public void Terraform_plan_text_counts_each_resource_header_once()
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, TerraformSamples.MixedPlan);

        // The summary says 2 to add and 2 to destroy because it counts the replacement in both.
        PlanFactsAssert.Equal(facts, adds: 1, changes: 1, destroys: 1, replaces: 1,
            "aws_db_instance.legacy will be destroyed", "aws_instance.web must be replaced");
        Assert.True(facts.Destructive);
    }

    [Fact]
    public void Terraform_replacement_counts_once_as_replace()
    {
        const string plan = """
              # aws_instance.web must be replaced
            -/+ resource "aws_instance" "web" {
                  ~ ami = "ami-0c55b159cbfafe1f0" -> "ami-0a8e758f5e873d1c1" # forces replacement
                }

            Plan: 1 to add, 0 to change, 1 to destroy.
            """;

        PlanFactsAssert.Equal(PlanParser.Parse(PlanFormats.Terraform, plan), 0, 0, 0, 1, "aws_instance.web must be replaced");
    }

    [Theory]
    [InlineData("# aws_instance.web is tainted, so must be replaced", "aws_instance.web must be replaced")]
    [InlineData("# aws_instance.web will be replaced, as requested", "aws_instance.web must be replaced")]
    [InlineData("# aws_lb.front must be replaced", "aws_lb.front must be replaced")]
    [InlineData("# aws_instance.web (deposed object 1a2b3c4d) will be destroyed", "aws_instance.web (deposed object 1a2b3c4d) will be destroyed")]
    [InlineData("# module.db.aws_db_instance.main[\"eu west\"] will be destroyed", "module.db.aws_db_instance.main[\"eu west\"] will be destroyed")]
    public void Terraform_header_wordings_name_the_resource(string header, string marker)
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, $"  {header}\n  - resource \"x\" \"y\" {{\n    }}\n");

        Assert.Equal([marker], facts.DestructiveMarkers);
        Assert.Equal(1, facts.Destroys + facts.Replaces);
    }

    [Theory]
    [InlineData("# data.aws_ami.ubuntu will be read during apply")]
    [InlineData("# module.app.data.aws_iam_policy_document.assume will be read during apply")]
    [InlineData("# aws_instance.a has moved to aws_instance.b")]
    [InlineData("# aws_s3_bucket.assets has been deleted")]
    [InlineData("# aws_instance.web has been changed")]
    [InlineData("# aws_instance.legacy will no longer be managed by Terraform")]
    [InlineData("# (config refers to values not yet known)")]
    public void Terraform_reads_moves_and_drift_are_not_changes(string header)
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, $"  {header}\n");

        PlanFactsAssert.Equal(facts, 0, 0, 0, 0);
    }

    [Fact]
    public void Terraform_plan_with_colours_reads_like_plain_text()
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, TerraformSamples.ColouredPlan.Replace('⎋', '\u001b'));

        PlanFactsAssert.Equal(facts, 1, 0, 1, 1,
            "aws_instance.worker[0] will be destroyed", "module.app.aws_lb.front must be replaced");
    }

    [Fact]
    public void Terraform_plan_with_windows_line_endings_gives_the_same_facts()
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, TerraformSamples.MixedPlan.ReplaceLineEndings("\r\n"));

        PlanFactsAssert.Equal(facts, 1, 1, 1, 1, "aws_db_instance.legacy will be destroyed", "aws_instance.web must be replaced");
    }

    [Fact]
    public void Terraform_no_changes_plan_is_not_destructive()
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, TerraformSamples.NoChanges);

        PlanFactsAssert.Equal(facts, 0, 0, 0, 0);
        Assert.False(facts.Destructive);
    }

    [Fact]
    public void Terraform_plan_without_headers_uses_the_summary_less_the_replacements()
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, TerraformSamples.LegacyPlan);

        PlanFactsAssert.Equal(facts, 1, 1, 1, 1, "aws_instance.web must be replaced", "aws_db_instance.legacy will be destroyed");
    }

    [Fact]
    public void Terraform_summary_line_alone_is_counted_as_written()
    {
        var facts = PlanParser.Parse(PlanFormats.Terraform, "Plan: 1 to import, 3 to add, 0 to change, 2 to destroy.");

        PlanFactsAssert.Equal(facts, 3, 0, 2, 0, "2 resources will be destroyed");
    }

    [Theory]
    [InlineData(PlanFormats.Terraform)]
    [InlineData(PlanFormats.Json)]
    public void Terraform_json_plan_counts_actions_and_skips_reads_no_ops_and_drift(string format)
    {
        var facts = PlanParser.Parse(format, TerraformSamples.JsonPlan);

        PlanFactsAssert.Equal(facts, adds: 1, changes: 1, destroys: 2, replaces: 2,
            "aws_instance.web must be replaced",
            "module.app.aws_lb.front must be replaced",
            "aws_db_instance.legacy will be destroyed",
            "aws_instance.old (deposed object 1a2b3c4d) will be destroyed");
    }

    [Fact]
    public void Terraform_plan_carrying_a_destructive_command_is_marked()
    {
        const string plan = """
              # null_resource.cleanup will be created
              + resource "null_resource" "cleanup" {
                  + triggers = {
                      + "command" = "rm -rf /var/lib/app/cache"
                    }
                }
            """;

        PlanFactsAssert.Equal(PlanParser.Parse(PlanFormats.Terraform, plan), 1, 0, 0, 0, "rm -rf /var/lib/app/cache");
    }

    [Fact]
    public void Terraform_plan_of_20000_lines_is_counted_exactly_and_fast()
    {
        var plan = GeneratedPlan(resources: 1820);
        Assert.True(plan.Split('\n').Length >= 20_000);

        var facts = PlanParser.Parse(PlanFormats.Terraform, plan);

        // The first parse above warms the JIT; the best of five keeps a busy build machine from failing the test.
        var fastest = Enumerable.Range(0, 5).Min(_ => Time(() => PlanParser.Parse(PlanFormats.Terraform, plan)));

        Assert.Equal((364, 364, 364, 364), (facts.Adds, facts.Changes, facts.Destroys, facts.Replaces));
        Assert.Equal(PlanTally.MaxMarkers, facts.DestructiveMarkers.Count);
        Assert.Equal("aws_instance.node[2] will be destroyed", facts.DestructiveMarkers[0]);
        Assert.Equal("aws_instance.node[3] must be replaced", facts.DestructiveMarkers[1]);
        Assert.Equal("and 679 more destructive changes", facts.DestructiveMarkers[^1]);
        Assert.True(fastest < TimeSpan.FromMilliseconds(100), $"took {fastest.TotalMilliseconds} ms");
    }

    /// <summary>Cycles create, update, destroy, replace and a data read; every block is 11 lines.</summary>
    private static string GeneratedPlan(int resources)
    {
        var plan = new StringBuilder("Terraform will perform the following actions:\n\n");
        for (var i = 0; i < resources; i++)
        {
            var (header, symbol) = (i % 5) switch
            {
                0 => ($"aws_instance.node[{i}] will be created", "  +"),
                1 => ($"aws_instance.node[{i}] will be updated in-place", "  ~"),
                2 => ($"aws_instance.node[{i}] will be destroyed", "  -"),
                3 => ($"aws_instance.node[{i}] must be replaced", "-/+"),
                _ => ($"data.aws_ami.node[{i}] will be read during apply", " <="),
            };
            plan.Append(CultureInfo.InvariantCulture, $"""
                  # {header}
                {symbol} resource "aws_instance" "node" {'{'}
                      {symbol.Trim()} ami                          = "ami-0c55b159cbfafe1f0"
                      {symbol.Trim()} arn                          = (known after apply)
                      {symbol.Trim()} id                           = (known after apply)
                      {symbol.Trim()} instance_type                = "t3.micro"
                      {symbol.Trim()} tags                         = {'{'}
                          + "Name" = "node-{i}"
                        {'}'}
                    {'}'}


                """);
        }

        return plan.Append("Plan: 728 to add, 364 to change, 728 to destroy.\n").ToString();
    }

    private static TimeSpan Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }
}
