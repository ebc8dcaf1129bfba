namespace AgentConsole.Tests.Features.Policies.Samples;

/// <summary>Terraform plans as <c>terraform plan</c> and <c>terraform show -json</c> print them (trimmed).</summary>
internal static class TerraformSamples
{
    /// <summary>Create, update in-place, destroy, a -/+ replacement, a data source read, drift and output changes.</summary>
    public const string MixedPlan = """
        data.aws_ami.ubuntu: Reading...
        aws_vpc.main: Refreshing state... [id=vpc-0a1b2c3d4e5f67890]
        aws_db_instance.legacy: Refreshing state... [id=legacy-db]
        aws_instance.web: Refreshing state... [id=i-0abc123def4567890]
        aws_s3_bucket.logs: Refreshing state... [id=acme-logs]

        Note: Objects have changed outside of Terraform

        Terraform detected the following changes made outside of Terraform since the
        last "terraform apply" which may have affected this plan:

          # aws_s3_bucket.assets has been deleted
          - resource "aws_s3_bucket" "assets" {
                id     = "acme-assets"
                # (9 unchanged attributes hidden)
            }

        Unless you have made equivalent changes to your configuration, or ignored the
        relevant attributes using ignore_changes, the following plan may include
        actions to undo or respond to these changes.

        ─────────────────────────────────────────────────────────────────────────────

        Terraform used the selected providers to generate the following execution
        plan. Resource actions are indicated with the following symbols:
          + create
          ~ update in-place
          - destroy
        -/+ destroy and then create replacement
         <= read (data resources)

        Terraform will perform the following actions:

          # data.aws_iam_policy_document.assume will be read during apply
          # (depends on a resource or a module with changes pending)
         <= data "aws_iam_policy_document" "assume" {
              + id   = (known after apply)
              + json = (known after apply)
            }

          # aws_db_instance.legacy will be destroyed
          # (because aws_db_instance.legacy is not in configuration)
          - resource "aws_db_instance" "legacy" {
              - allocated_storage = 20 -> null
              - engine            = "postgres" -> null
              - identifier        = "legacy-db" -> null
                # (41 unchanged attributes hidden)
            }

          # aws_instance.web must be replaced
        -/+ resource "aws_instance" "web" {
              ~ ami                          = "ami-0c55b159cbfafe1f0" -> "ami-0a8e758f5e873d1c1" # forces replacement
              ~ arn                          = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc123def4567890" -> (known after apply)
              ~ id                           = "i-0abc123def4567890" -> (known after apply)
                tags                         = {
                    "Name" = "web"
                }
                # (28 unchanged attributes hidden)
            }

          # aws_s3_bucket.logs will be updated in-place
          ~ resource "aws_s3_bucket" "logs" {
                id                          = "acme-logs"
              ~ tags                        = {
                  + "CostCenter" = "platform"
                    "Team"       = "ops"
                }
                # (10 unchanged attributes hidden)
            }

          # aws_security_group.web will be created
          + resource "aws_security_group" "web" {
              + arn                    = (known after apply)
              + description            = "Managed by Terraform"
              + egress                 = [
                  + {
                      + cidr_blocks      = [
                          + "0.0.0.0/0",
                        ]
                      + from_port        = 0
                      + protocol         = "-1"
                      + to_port          = 0
                    },
                ]
              + name                   = "web"
              + vpc_id                 = "vpc-0a1b2c3d4e5f67890"
            }

        Plan: 2 to add, 1 to change, 2 to destroy.

        Changes to Outputs:
          - db_endpoint = "legacy-db.c9akciq32.eu-west-1.rds.amazonaws.com:5432" -> null
          ~ web_ip      = "10.0.1.17" -> (known after apply)
        """;

    /// <summary>The same kind of plan with Terraform's colours left on, as CI logs often keep them.</summary>
    public const string ColouredPlan = """
        Terraform will perform the following actions:

        ⎋[1m  # aws_instance.worker[0]⎋[0m will be ⎋[1m⎋[31mdestroyed⎋[0m
        ⎋[0m  ⎋[31m-⎋[0m⎋[0m resource "aws_instance" "worker" {
              ⎋[31m-⎋[0m⎋[0m ami = "ami-0c55b159cbfafe1f0" ⎋[90m-> null⎋[0m⎋[0m
            }

        ⎋[1m  # module.app.aws_lb.front⎋[0m must be ⎋[1m⎋[31mreplaced⎋[0m
        ⎋[0m⎋[32m+⎋[0m/⎋[31m-⎋[0m resource "aws_lb" "front" {
              ⎋[33m~⎋[0m⎋[0m name = "front" ⎋[33m->⎋[0m⎋[0m "front-v2" ⎋[31m# forces replacement⎋[0m⎋[0m
            }

        ⎋[1m  # aws_route53_record.www⎋[0m will be created
        ⎋[0m  ⎋[32m+⎋[0m⎋[0m resource "aws_route53_record" "www" {
              ⎋[32m+⎋[0m⎋[0m name = "www.acme.io"
            }

        ⎋[0m⎋[1mPlan:⎋[0m 2 to add, 0 to change, 2 to destroy.
        """;

    public const string NoChanges = """
        aws_vpc.main: Refreshing state... [id=vpc-0a1b2c3d4e5f67890]
        aws_s3_bucket.logs: Refreshing state... [id=acme-logs]

        No changes. Your infrastructure matches the configuration.

        Terraform has compared your real infrastructure against your configuration
        and found no differences, so no changes are needed.
        """;

    /// <summary>Terraform 0.11 printed no "#" headers; only symbols and the summary line.</summary>
    public const string LegacyPlan = """
        An execution plan has been generated and is shown below.
        Resource actions are indicated with the following symbols:
          + create
          ~ update in-place
          - destroy
        -/+ destroy and then create replacement

        Terraform will perform the following actions:

        -/+ aws_instance.web (new resource required)
              id:                       "i-0abc123def4567890" => <computed> (forces new resource)
              ami:                      "ami-0c55b159cbfafe1f0" => "ami-0a8e758f5e873d1c1" (forces new resource)

          + aws_eip.web
              id:                       <computed>
              instance:                 "${aws_instance.web.id}"

          ~ aws_s3_bucket.logs
              tags.%:                   "1" => "2"
              tags.CostCenter:          "" => "platform"

          - aws_db_instance.legacy

         <= data.aws_ami.ubuntu


        Plan: 2 to add, 1 to change, 2 to destroy.
        """;

    public const string JsonPlan = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.5",
          "resource_drift": [
            { "address": "aws_s3_bucket.assets", "mode": "managed", "type": "aws_s3_bucket", "name": "assets",
              "change": { "actions": ["delete"], "before": { "bucket": "acme-assets" }, "after": null } }
          ],
          "resource_changes": [
            { "address": "data.aws_ami.ubuntu", "mode": "data", "type": "aws_ami", "name": "ubuntu",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": { "actions": ["read"], "before": null, "after": { "most_recent": true } } },
            { "address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": { "actions": ["delete", "create"], "before": { "ami": "ami-0c55b159cbfafe1f0" },
                          "after": { "ami": "ami-0a8e758f5e873d1c1" }, "replace_paths": [["ami"]] },
              "action_reason": "replace_because_cannot_update" },
            { "address": "module.app.aws_lb.front", "module_address": "module.app", "mode": "managed", "type": "aws_lb",
              "name": "front", "change": { "actions": ["create", "delete"] } },
            { "address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
              "change": { "actions": ["update"], "before": { "tags": { "Team": "ops" } },
                          "after": { "tags": { "Team": "ops", "CostCenter": "platform" } } } },
            { "address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
              "change": { "actions": ["create"], "before": null, "after": { "name": "web" } } },
            { "address": "aws_db_instance.legacy", "mode": "managed", "type": "aws_db_instance", "name": "legacy",
              "change": { "actions": ["delete"], "before": { "identifier": "legacy-db" }, "after": null },
              "action_reason": "delete_because_no_resource_config" },
            { "address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
              "change": { "actions": ["no-op"] } },
            { "address": "aws_instance.old", "mode": "managed", "type": "aws_instance", "name": "old",
              "deposed": "1a2b3c4d", "change": { "actions": ["delete"] } }
          ],
          "output_changes": { "web_ip": { "actions": ["update"] } }
        }
        """;
}
