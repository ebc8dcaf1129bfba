using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentConsole.Features.Assistants;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>
/// An agent at work against the console's HTTP API on the real Kestrel: it holds a task token and asks decisions
/// with it, as a deployment assistant would while people watch the queue in their browsers.
/// </summary>
public sealed class AgentAtWork(HttpClient task, string assistant) : IDisposable
{
    public string Assistant => assistant;

    /// <summary>Asks to act and expects to wait for people; returns the decision id.</summary>
    public async Task<string> AskPendingAsync(string action, string resource, string plan, string prompt)
    {
        var answer = await SendAsync(HttpMethod.Post, "/v1/decisions",
            new { action, resource, plan = new { format = "terraform", content = plan }, prompt }, HttpStatusCode.Accepted);
        Assert.Equal("pending", answer.GetProperty("decision").GetString());
        return answer.GetProperty("decisionId").GetString()!;
    }

    /// <summary>The decision as the agent sees it; while it is pending the console holds the answer up to <paramref name="waitSeconds"/>.</summary>
    public Task<JsonElement> PollAsync(string decisionId, int waitSeconds = 0) =>
        SendAsync(HttpMethod.Get, $"/v1/decisions/{decisionId}?wait={waitSeconds}", null, HttpStatusCode.OK);

    private async Task<JsonElement> SendAsync(HttpMethod method, string url, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await task.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => task.Dispose();
}

/// <summary>Puts an agent to work: a registered assistant with prod Terraform access, its client secret, and a task.</summary>
public static class ConsoleAgents
{
    /// <summary>
    /// A realistic production plan: a new subnet, a security group rule opened to the whole internet and an old
    /// database destroyed. The destroy makes it destructive, so the default policy wants two approvers for it.
    /// </summary>
    public const string OpenIngressPlan = """
        Terraform used the selected providers to generate the following execution plan.
        Resource actions are indicated with the following symbols:
          + create
          ~ update in-place
          - destroy

        Terraform will perform the following actions:

          # aws_subnet.payments_b will be created
          + resource "aws_subnet" "payments_b" {
              + availability_zone = "eu-west-1b"
              + cidr_block        = "10.20.2.0/24"
              + vpc_id            = "vpc-0a1b2c3d4e5f60789"
            }

          # aws_security_group.payments_api will be updated in-place
          ~ resource "aws_security_group" "payments_api" {
                id   = "sg-0123456789abcdef0"
                name = "payments-api"
              ~ ingress = [
                  + {
                      + cidr_blocks = ["0.0.0.0/0"]
                      + from_port   = 443
                      + protocol    = "tcp"
                      + to_port     = 443
                    },
                ]
            }

          # aws_db_instance.payments_legacy will be destroyed
          - resource "aws_db_instance" "payments_legacy" {
              - allocated_storage = 200 -> null
              - engine            = "postgres" -> null
              - identifier        = "payments-legacy" -> null
              - instance_class    = "db.r6g.large" -> null
            }

        Plan: 1 to add, 1 to change, 1 to destroy.
        """;

    /// <summary>A plan that only adds a bucket: the default policy wants one approver for it in prod.</summary>
    public const string AddBucketPlan = """
        Terraform will perform the following actions:

          # aws_s3_bucket.audit_logs will be created
          + resource "aws_s3_bucket" "audit_logs" {
              + bucket = "payments-prod-audit-logs"
            }

        Plan: 1 to add, 0 to change, 0 to destroy.
        """;

    /// <summary>
    /// Registers a low-tier assistant owned by <paramref name="owner"/> with prod Terraform access (registered by
    /// <paramref name="security"/>, the widening approved by <paramref name="securityApprover"/>), issues it a client
    /// secret, and starts a prod task on behalf of <paramref name="owner"/>.
    /// </summary>
    public static async Task<AgentAtWork> StartProdTaskAsync(this ConsoleFixture console, string security, string securityApprover, string owner,
        string prefix = "deployer")
    {
        var name = ConsoleInventory.NewName(prefix);
        await console.RegisterAsync(security, ConsoleInventory.Input(name, owner, RiskTiers.Low, ["dev", "prod"],
            ["terraform:plan", "terraform:apply"], team: "payments", description: "Applies the payments infrastructure"), approvedBy: securityApprover);
        var secret = await console.IssueSecretAsync(security, name);

        using var basic = new HttpClient { BaseAddress = console.BaseAddress };
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{secret.Value}")));
        using var response = await basic.PostAsJsonAsync("/v1/tasks", new
        {
            description = "Roll out the payments network change agreed in CHG-1042",
            environment = "prod",
            scopes = new[] { "terraform:plan", "terraform:apply" },
            ttlSeconds = 3600,
            onBehalfOf = owner,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /v1/tasks: {(int)response.StatusCode} {text}");
        var token = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString();

        // The long-poll waits up to a minute; the client must not give up first.
        var task = new HttpClient { BaseAddress = console.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        task.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new AgentAtWork(task, name);
    }
}
