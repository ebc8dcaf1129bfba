using AgentConsole.Features.Approvals.Review;

namespace AgentConsole.Tests.Features.Approvals.Review;

public class RiskHighlighterTests
{
    private static readonly Dictionary<string, (string Format, string Content)> Samples = new()
    {
        ["terraform instances"] = ("terraform", PlanSamples.TerraformInstances),
        ["terraform risky"] = ("terraform", PlanSamples.TerraformRisky),
        ["terraform heredoc and logging"] = ("terraform", PlanSamples.TerraformHeredocAndLogging),
        ["terraform harmless"] = ("terraform", PlanSamples.TerraformHarmless),
        ["kubectl diff"] = ("kubernetes", PlanSamples.KubectlDiff),
        ["kubernetes manifest"] = ("kubernetes", PlanSamples.KubernetesManifest),
        ["kubernetes harmless"] = ("kubernetes", PlanSamples.KubernetesHarmless),
        ["iam policy json"] = ("json", PlanSamples.IamPolicyJson),
    };

    /// <summary>Expected findings as "Category line resource", in line order.</summary>
    public static TheoryData<string, string[]> Expected => new()
    {
        { "terraform instances", ["Destroyed 26 aws_instance.legacy", "Replaced 32 aws_instance.web"] },
        {
            "terraform risky",
            [
                "PublicExposure 3 aws_s3_bucket_acl.site",
                "PublicExposure 9 aws_s3_bucket_public_access_block.site",
                "PublicExposure 24 aws_security_group.web",
                "PublicExposure 28 aws_security_group.web",
                "IamWildcard 40 aws_iam_policy.admin",
                "IamWildcard 42 aws_iam_policy.admin",
                "PublicExposure 52 aws_db_instance.orders",
                "EncryptionOff 53 aws_db_instance.orders",
            ]
        },
        {
            "terraform heredoc and logging",
            ["IamWildcard 5 aws_iam_role_policy.deployer", "LoggingOff 13 aws_lb.public", "EncryptionOff 19 aws_kms_key.data"]
        },
        { "terraform harmless", [] },
        { "kubectl diff", ["IamWildcard 23 Role shop/deployer", "Destroyed 28 Namespace legacy"] },
        { "kubernetes manifest", ["PublicExposure 9 Service shop/web", "IamWildcard 17 ClusterRole ops-admin"] },
        { "kubernetes harmless", [] },
        { "iam policy json", ["IamWildcard 13 -", "IamWildcard 14 -"] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Sample_plans_flag_exactly_the_risky_lines(string sample, string[] expected)
    {
        var (format, content) = Samples[sample];

        var report = RiskHighlighter.Scan(PlanDiff.Parse(format, content));

        Assert.Equal(expected, report.Findings.Select(f => $"{f.Category} {f.Line} {f.Resource ?? "-"}"));
    }

    [Fact]
    public void Counts_per_category_point_at_the_first_finding()
    {
        var report = RiskHighlighter.Scan(PlanDiff.Parse("terraform", PlanSamples.TerraformRisky));

        Assert.Equal(8, report.Total);
        Assert.Equal(5, report.CountOf(RiskCategory.PublicExposure));
        Assert.Equal(0, report.CountOf(RiskCategory.Destroyed));
        Assert.Equal([RiskCategory.IamWildcard, RiskCategory.PublicExposure, RiskCategory.EncryptionOff], report.Counts.Select(c => c.Category));
        Assert.Equal(3, report.Counts.Single(c => c.Category == RiskCategory.PublicExposure).First.Line);
    }

    [Theory]
    [InlineData("  - cidr_blocks = [\"0.0.0.0/0\"] -> null")]
    [InlineData("  ~ cidr_blocks = [\"0.0.0.0/0\"] -> [\"10.0.0.0/8\"]")]
    [InlineData("  ~ encrypted = false -> true")]
    [InlineData("  + enable_logging = true")]
    [InlineData("  + description = \"allow * from 0.0.0.0/0 later\"")]
    [InlineData("  + actions = [\"s3:GetObject\", \"s3:Get*\"]")]
    [InlineData("  + cidr_blocks = [\"10.0.0.0/0\"]")]
    [InlineData("  # + acl = \"public-read\"")]
    public void Harmless_or_fixing_lines_are_not_flagged(string line)
    {
        Assert.Empty(RiskHighlighter.Scan(PlanDiff.Parse("terraform", line)).Findings);
    }

    [Theory]
    [InlineData("  + acl = \"public-read-write\"", RiskCategory.PublicExposure)]
    [InlineData("  ~ restrict_public_buckets = true -> false", RiskCategory.PublicExposure)]
    [InlineData("  + ignore_public_acls = false", RiskCategory.PublicExposure)]
    [InlineData("  ~ encrypted = true -> false", RiskCategory.EncryptionOff)]
    [InlineData("  + encrypted = false", RiskCategory.EncryptionOff)]
    [InlineData("  ~ enable_logging = true -> false", RiskCategory.LoggingOff)]
    [InlineData("  + is_logging = false", RiskCategory.LoggingOff)]
    [InlineData("  + enable_log_file_validation = false", RiskCategory.LoggingOff)]
    [InlineData("  + actions = [\"*\"]", RiskCategory.IamWildcard)]
    [InlineData("  ~ resources = [\"arn:aws:s3:::a\"] -> [\"*\"]", RiskCategory.IamWildcard)]
    [InlineData("  + Principal = { AWS = \"*\" }", RiskCategory.PublicExposure)]
    public void Risky_new_values_are_flagged(string line, RiskCategory category)
    {
        var finding = Assert.Single(RiskHighlighter.Scan(PlanDiff.Parse("terraform", line)).Findings);

        Assert.Equal(category, finding.Category);
    }

    [Fact]
    public void A_headerless_destroy_block_is_flagged_with_its_address()
    {
        var plan = "  - resource \"aws_rds_cluster\" \"main\" {\n      - engine = \"aurora\" -> null\n    }\n";

        var finding = Assert.Single(RiskHighlighter.Scan(PlanDiff.Parse("terraform", plan)).Findings);

        Assert.Equal((RiskCategory.Destroyed, 1, "aws_rds_cluster.main"), (finding.Category, finding.Line, finding.Resource));
    }

    [Fact]
    public void Drift_that_already_happened_is_not_a_destroy()
    {
        var plan = "  # aws_s3_bucket.assets has been deleted\n  - resource \"aws_s3_bucket\" \"assets\" {\n        id = \"acme-assets\"\n    }\n";

        Assert.Empty(RiskHighlighter.Scan(PlanDiff.Parse("terraform", plan)).Findings);
    }

    [Fact]
    public void Forces_replacement_without_a_header_is_one_replacement_per_resource()
    {
        var plan = "-/+ resource \"aws_instance\" \"web\" {\n      ~ ami = \"a\" -> \"b\" # forces replacement\n      ~ subnet_id = \"s1\" -> \"s2\" # forces replacement\n    }\n";

        var finding = Assert.Single(RiskHighlighter.Scan(PlanDiff.Parse("terraform", plan)).Findings);

        Assert.Equal((RiskCategory.Replaced, 1), (finding.Category, finding.Line));
    }

    [Fact]
    public void Json_patch_opening_an_ingress_to_the_internet_is_flagged()
    {
        var patch = """[{"op":"add","path":"/spec/loadBalancerSourceRanges/-","value":"0.0.0.0/0"},{"op":"remove","path":"/spec/x"}]""";

        var document = PlanDiff.Parse("json", patch);
        var finding = Assert.Single(RiskHighlighter.Scan(document).Findings);

        Assert.Equal(RiskCategory.PublicExposure, finding.Category);
        Assert.Contains("0.0.0.0/0", document.Lines[finding.LineIndex].Text, StringComparison.Ordinal);
    }
}
