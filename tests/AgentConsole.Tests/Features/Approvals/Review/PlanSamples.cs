namespace AgentConsole.Tests.Features.Approvals.Review;

/// <summary>Real-looking plans (trimmed) as agents send them for approval.</summary>
internal static class PlanSamples
{
    /// <summary>Create, update, destroy and replace of aws_instance, with the legend and summary around them.</summary>
    public const string TerraformInstances = """
        aws_instance.web: Refreshing state... [id=i-0abc123def4567890]

        Terraform used the selected providers to generate the following execution
        plan. Resource actions are indicated with the following symbols:
          + create
          ~ update in-place
          - destroy
        -/+ destroy and then create replacement

        Terraform will perform the following actions:

          # aws_instance.api will be created
          + resource "aws_instance" "api" {
              + ami           = "ami-0a8e758f5e873d1c1"
              + id            = (known after apply)
              + instance_type = "t3.micro"
            }

          # aws_instance.batch will be updated in-place
          ~ resource "aws_instance" "batch" {
                id            = "i-0fedcba9876543210"
              ~ instance_type = "t3.micro" -> "t3.large"
                # (28 unchanged attributes hidden)
            }

          # aws_instance.legacy will be destroyed
          - resource "aws_instance" "legacy" {
              - ami           = "ami-0c55b159cbfafe1f0" -> null
              - instance_type = "m4.large" -> null
            }

          # aws_instance.web must be replaced
        -/+ resource "aws_instance" "web" {
              ~ ami = "ami-0c55b159cbfafe1f0" -> "ami-0a8e758f5e873d1c1" # forces replacement
              ~ id  = "i-0abc123def4567890" -> (known after apply)
            }

        Plan: 2 to add, 1 to change, 2 to destroy.
        """;

    /// <summary>A bucket made public, a security group open to the world, an admin IAM policy, an RDS losing encryption.</summary>
    public const string TerraformRisky = """
          # aws_s3_bucket_acl.site will be created
          + resource "aws_s3_bucket_acl" "site" {
              + acl    = "public-read"
              + bucket = "acme-site"
            }

          # aws_s3_bucket_public_access_block.site will be updated in-place
          ~ resource "aws_s3_bucket_public_access_block" "site" {
              ~ block_public_acls       = true -> false
                restrict_public_buckets = true
            }

          # aws_security_group.web will be updated in-place
          ~ resource "aws_security_group" "web" {
              ~ ingress = [
                  - {
                      - cidr_blocks = [
                          - "10.0.0.0/16",
                        ]
                      - from_port   = 443
                    },
                  + {
                      + cidr_blocks      = [
                          + "0.0.0.0/0",
                        ]
                      + description      = "https from anywhere (was 0.0.0.0/0 only for the VPN)"
                      + from_port        = 443
                      + ipv6_cidr_blocks = ["::/0"]
                    },
                ]
            }

          # aws_iam_policy.admin will be created
          + resource "aws_iam_policy" "admin" {
              + description = "Ops can do * in the sandbox"
              + policy      = jsonencode(
                    {
                      + Statement = [
                          + {
                              + Action   = "*"
                              + Effect   = "Allow"
                              + Resource = "*"
                            },
                        ]
                      + Version   = "2012-10-17"
                    }
                )
            }

          # aws_db_instance.orders will be updated in-place
          ~ resource "aws_db_instance" "orders" {
              ~ publicly_accessible = false -> true
              ~ storage_encrypted   = true -> false
                # (40 unchanged attributes hidden)
            }
        """;

    /// <summary>A heredoc policy with a service wildcard, logging switched off in a nested block, a key without rotation.</summary>
    public const string TerraformHeredocAndLogging = """
          # aws_iam_role_policy.deployer will be created
          + resource "aws_iam_role_policy" "deployer" {
              + policy = <<-EOT
                    {
                      "Statement": [{ "Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::acme-*" }]
                    }
                EOT
            }

          # aws_lb.public will be updated in-place
          ~ resource "aws_lb" "public" {
              ~ access_logs {
                  ~ enabled = true -> false
                }
            }

          # aws_kms_key.data will be created
          + resource "aws_kms_key" "data" {
              + enable_key_rotation = false
            }
        """;

    /// <summary>A plan an approver should be able to wave through: nothing in it is flagged.</summary>
    public const string TerraformHarmless = """
          # aws_security_group_rule.internal will be created
          + resource "aws_security_group_rule" "internal" {
              + cidr_blocks = ["10.0.0.0/16"]
              + description = "internal * traffic, not 0.0.0.0/0"
              + type        = "ingress"
            }

          # aws_ebs_volume.data will be updated in-place
          ~ resource "aws_ebs_volume" "data" {
              ~ encrypted = false -> true
              # an old comment about 0.0.0.0/0 and "Action": "*"
            }

          # aws_s3_bucket_logging.site will be created
          + resource "aws_s3_bucket_logging" "site" {
              + enable_logging = true
            }

          # aws_security_group.old will be updated in-place
          ~ resource "aws_security_group" "old" {
              - cidr_blocks = ["0.0.0.0/0"] -> null
              ~ cidr_blocks = ["0.0.0.0/0"] -> ["10.1.0.0/16"]
            }

          # aws_iam_policy.reader will be created
          + resource "aws_iam_policy" "reader" {
              + policy = jsonencode({ "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme/*" })
            }
        """;

    /// <summary>kubectl diff: a Deployment's image changes; a Role gains every verb; a Namespace is pruned.</summary>
    public const string KubectlDiff = """
        diff -u -N /tmp/LIVE-2405734339/apps.v1.Deployment.shop.web /tmp/MERGED-3297473046/apps.v1.Deployment.shop.web
        --- /tmp/LIVE-2405734339/apps.v1.Deployment.shop.web	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/apps.v1.Deployment.shop.web	2025-03-14 09:12:01.413345678 +0000
        @@ -31,7 +31,7 @@
                 app: web
             spec:
               containers:
        -      - image: registry.acme.io/shop/web:1.41.0
        +      - image: registry.acme.io/shop/web:1.42.0
                 imagePullPolicy: IfNotPresent
                 name: web
                 ports:
        diff -u -N /tmp/LIVE-2405734339/rbac.authorization.k8s.io.v1.Role.shop.deployer /tmp/MERGED-3297473046/rbac.authorization.k8s.io.v1.Role.shop.deployer
        --- /tmp/LIVE-2405734339/rbac.authorization.k8s.io.v1.Role.shop.deployer	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/rbac.authorization.k8s.io.v1.Role.shop.deployer	2025-03-14 09:12:01.413345678 +0000
        @@ -12,9 +12,8 @@
           resources:
           - deployments
           verbs:
        -  - get
        -  - list
        -  - patch
        +  - '*'
        +  # was: get, list, patch ("*" is simpler)
        diff -u -N /tmp/LIVE-2405734339/v1.Namespace..legacy /tmp/MERGED-3297473046/v1.Namespace..legacy
        --- /tmp/LIVE-2405734339/v1.Namespace..legacy	2025-03-14 09:12:01.412345678 +0000
        +++ /tmp/MERGED-3297473046/v1.Namespace..legacy	1970-01-01 00:00:00.000000000 +0000
        @@ -1,3 +0,0 @@
        -apiVersion: v1
        -kind: Namespace
        -metadata:
        """;

    /// <summary>A plain manifest: a LoadBalancer Service (not flagged by itself) open to 0.0.0.0/0, and a ClusterRole.</summary>
    public const string KubernetesManifest = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          type: LoadBalancer   # public by design
          loadBalancerSourceRanges:
          - 0.0.0.0/0
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: ops-admin
        rules:
        - apiGroups: ["apps"]
          resources: ["*"]
          verbs: ["get", "list"]
        """;

    /// <summary>An IAM policy document sent as JSON.</summary>
    public const string IamPolicyJson = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "ReadAssets",
              "Effect": "Allow",
              "Action": "s3:GetObject",
              "Resource": "arn:aws:s3:::acme-assets/*"
            },
            {
              "Sid": "Everything",
              "Effect": "Allow",
              "Action": ["*"],
              "Resource": "*"
            }
          ]
        }
        """;

    /// <summary>A harmless manifest: internal Service, narrow Role.</summary>
    public const string KubernetesHarmless = """
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          # a note: never 0.0.0.0/0 here
        spec:
          type: LoadBalancer
          loadBalancerSourceRanges: ["10.0.0.0/8"]
        ---
        kind: Role
        rules:
        - resources: ["configmaps"]
          verbs: ["get"]
        """;
}
