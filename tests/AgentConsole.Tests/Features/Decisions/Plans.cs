using System.Security.Cryptography;
using System.Text;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>Real-looking plans as agents send them, and the digest the console keeps them by.</summary>
public static class Plans
{
    /// <summary>A Terraform plan that destroys the production database (destructive).</summary>
    public const string DestroyDatabase = """
        Terraform used the selected providers to generate the following execution plan.
        Resource actions are indicated with the following symbols:
          - destroy

        Terraform will perform the following actions:

          # aws_db_instance.main will be destroyed
          - resource "aws_db_instance" "main" {
              - allocated_storage = 100 -> null
              - identifier        = "prod-main" -> null
            }

        Plan: 0 to add, 0 to change, 1 to destroy.
        """;

    /// <summary>A Terraform plan that only adds a bucket (not destructive).</summary>
    public const string AddBucket = """
        Terraform will perform the following actions:

          # aws_s3_bucket.logs will be created
          + resource "aws_s3_bucket" "logs" {
              + bucket = "prod-logs"
            }

        Plan: 1 to add, 0 to change, 0 to destroy.
        """;

    public static object Terraform(string content) => new { format = "terraform", content };

    /// <summary>SHA-256 of the plan's UTF-8 content, lower-case hex: the console's <c>planDigest</c>.</summary>
    public static string Digest(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
