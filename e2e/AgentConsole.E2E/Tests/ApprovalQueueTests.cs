using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AgentConsole.E2E.Infrastructure;
using AgentConsole.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

/// <summary>
/// The approval queue in real browsers while an agent asks over HTTP: requests arrive and leave live, verdicts reach
/// the agent, the keyboard works, and the pages are accessible and fit a phone. Each class has a console of its own;
/// one collection runs them one after another, so that two consoles and their browsers never share the machine.
/// </summary>
public static partial class ApprovalQueueTests
{
    private const string Resource = "aws/prod/payments-network";
    private const string Prompt = "Open the payments API to the internet and retire the legacy database (CHG-1042).";

    /// <summary>Who is involved: security (registers the agent, and approves too), a second security person, an approver, the owner.</summary>
    private sealed record Cast(string Security, string SecondSecurity, string Approver, string Owner);

    private static async Task<Cast> CastAsync(ConsoleFixture console) => new(
        await console.AddPersonAsync("sec", ConsoleRoles.Security),
        await console.AddPersonAsync("sec", ConsoleRoles.Security),
        await console.AddPersonAsync("appr", ConsoleRoles.Approver),
        await console.AddPersonAsync("own", ConsoleRoles.Owner));

    private static Task<AgentAtWork> AgentAsync(ConsoleFixture console, Cast cast) =>
        console.StartProdTaskAsync(cast.Security, cast.SecondSecurity, cast.Owner);

    /// <summary>Signs <paramref name="person"/> in, opens <paramref name="path"/>, waits for the live connection and marks the document.</summary>
    private static async Task<IPage> OpenLiveAsync(ConsoleFixture console, string person, string path)
    {
        var page = await console.NewPageSignedInAsync(person);
        await page.GotoAsync(path);
        await ConsoleActions.WaitUntilLiveAsync(page);
        await ConsoleActions.MarkDocumentAsync(page);
        return page;
    }

    [GeneratedRegex(@"(^|\s)is-selected(\s|$)")]
    private static partial Regex Selected();

    [GeneratedRegex(@"Policy v\d+, rule ")]
    private static partial Regex PolicyAndRule();

    [Collection(nameof(ApprovalQueueTests))]
    public sealed class LiveArrivalAndLeaving(ConsoleFixture console) : IClassFixture<ConsoleFixture>
    {
        /// <summary>
        /// The plan destroys a database, so the default policy (destructive-prod-needs-two-approvers) wants both
        /// approvers: each sees the other's verdict arrive in their own queue by itself.
        /// </summary>
        [Fact]
        public async Task Two_approvers_see_a_request_arrive_and_leave_without_reload()
        {
            var cast = await CastAsync(console);
            using var agent = await AgentAsync(console, cast);
            var first = await OpenLiveAsync(console, cast.Approver, "/approvals");
            var second = await OpenLiveAsync(console, cast.Security, "/approvals");
            var dashboard = await OpenLiveAsync(console, cast.SecondSecurity, "/");
            var pendingCount = dashboard.Locator("#pending-summary").GetByTestId("pending-count");
            await Expect(pendingCount).ToHaveTextAsync("0");

            var id = await agent.AskPendingAsync("terraform:apply", Resource, ConsoleAgents.OpenIngressPlan, Prompt);
            var answer = agent.PollAsync(id, waitSeconds: 60);

            var firstCard = first.Locator($"#request-{id}");
            var secondCard = second.Locator($"#request-{id}");
            await Expect(firstCard).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Expect(secondCard).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Expect(secondCard).ToHaveAttributeAsync("data-state", "pending");
            await Expect(secondCard.GetByTestId("approvals-so-far")).ToHaveTextAsync("0 of 2");
            await Expect(pendingCount).ToHaveTextAsync("1");

            await firstCard.Locator("[data-action=approve]").ClickAsync();
            await Expect(firstCard.GetByTestId("cannot-approve")).ToContainTextAsync("already given your verdict");
            await Expect(secondCard.GetByTestId("approvals-so-far")).ToHaveTextAsync($"1 of 2 ({cast.Approver} approved)");
            await Expect(secondCard).ToHaveAttributeAsync("data-state", "pending");
            Assert.False(answer.IsCompleted, "The agent's long-poll answered while the request still waited for a second approver.");

            await secondCard.Locator("[data-action=approve]").ClickAsync();
            await Expect(secondCard).ToHaveAttributeAsync("data-state", "approved");
            await Expect(firstCard).ToHaveAttributeAsync("data-state", "approved");
            await Expect(firstCard.GetByTestId("settled")).ToContainTextAsync("Already approved by");
            await Expect(firstCard.GetByTestId("settled")).ToContainTextAsync(cast.Approver);
            await Expect(firstCard.GetByTestId("settled")).ToContainTextAsync(cast.Security);

            var settled = await answer;
            Assert.Equal("allow", settled.GetProperty("decision").GetString());

            // Settled cards stay about six seconds to say who acted, then leave the queue.
            foreach (var (page, card) in new[] { (first, firstCard), (second, secondCard) })
            {
                await Expect(card).ToHaveCountAsync(0, new() { Timeout = 15_000 });
                await Expect(page.GetByTestId("queue-count")).ToHaveTextAsync("0");
                await Expect(page.Locator("#queue-empty")).ToBeVisibleAsync();
            }

            await Expect(pendingCount).ToHaveTextAsync("0");
            foreach (var page in new[] { first, second, dashboard })
            {
                Assert.True(await ConsoleActions.IsDocumentMarkedAsync(page), $"{page.Url} reloaded instead of updating in place.");
            }
        }
    }

    [Collection(nameof(ApprovalQueueTests))]
    public sealed class ReviewPage(ConsoleFixture console) : IClassFixture<ConsoleFixture>
    {
        [Fact]
        public async Task Review_page_deny_needs_a_reason_and_reports_it_to_the_agent()
        {
            var cast = await CastAsync(console);
            using var agent = await AgentAsync(console, cast);
            var id = await agent.AskPendingAsync("terraform:apply", "aws/prod/payments-audit-logs", ConsoleAgents.AddBucketPlan, Prompt);
            var page = await OpenLiveAsync(console, cast.Approver, $"/approvals/{id}");
            var verdicts = new List<string>();
            page.Request += (_, request) =>
            {
                if (request.Method == "POST" && request.Url.EndsWith("/verdict", StringComparison.Ordinal))
                {
                    lock (verdicts)
                    {
                        verdicts.Add(request.Url);
                    }
                }
            };
            var panel = page.Locator("#verdict-panel");
            var reason = page.Locator("#deny-reason");
            var deny = page.Locator("#deny [data-action=deny]");
            await Expect(panel).ToHaveAttributeAsync("data-state", "pending");

            // Empty: the browser's own check (required) keeps the form from being sent at all.
            await deny.ClickAsync();
            Assert.False(await reason.EvaluateAsync<bool>("t => t.checkValidity()"), "An empty reason passed the form's own check.");

            // Blank passes the browser's check; the console refuses it and says why, beside the field.
            await reason.FillAsync("   ");
            await deny.ClickAsync();
            await Expect(page.Locator("#deny-reason-error")).ToContainTextAsync("Say why you deny");
            await Expect(reason).ToHaveAttributeAsync("aria-describedby", "deny-reason-error");
            await Expect(panel).ToHaveAttributeAsync("data-state", "pending");
            lock (verdicts)
            {
                Assert.Single(verdicts); // the blank one; the empty click sent nothing
            }

            Assert.Equal("pending", (await agent.PollAsync(id)).GetProperty("decision").GetString());

            const string Why = "Opening 0.0.0.0/0 on 443 is not in CHG-1042; use the load balancer's security group.";
            await page.Locator("#deny-reason").FillAsync(Why);
            await page.Locator("#deny [data-action=deny]").ClickAsync();
            await Expect(panel).ToHaveAttributeAsync("data-state", "rejected");
            await Expect(panel.GetByTestId("settled")).ToContainTextAsync($"Already denied by {cast.Approver}");
            await Expect(page.Locator("#approve-form")).ToHaveCountAsync(0);

            var told = await agent.PollAsync(id);
            Assert.Equal("deny", told.GetProperty("decision").GetString());
            Assert.Contains(Why, told.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.True(await ConsoleActions.IsDocumentMarkedAsync(page), "The review page reloaded instead of swapping the verdict panel.");
        }
    }

    [Collection(nameof(ApprovalQueueTests))]
    public sealed class KeyboardShortcuts(ConsoleFixture console) : IClassFixture<ConsoleFixture>
    {
        [Fact]
        public async Task Keyboard_j_and_a_approve_with_a_confirmation()
        {
            var cast = await CastAsync(console);
            using var agent = await AgentAsync(console, cast);
            await agent.AskPendingAsync("terraform:apply", "aws/prod/payments-audit-logs", ConsoleAgents.AddBucketPlan, Prompt);
            await agent.AskPendingAsync("terraform:apply", "aws/prod/payments-archive", ConsoleAgents.AddBucketPlan, Prompt);
            var page = await OpenLiveAsync(console, cast.Approver, "/approvals");
            var cards = page.Locator("#approval-queue .approval-card");
            await Expect(cards).ToHaveCountAsync(2);
            var firstId = await cards.First.GetAttributeAsync("data-decision-id");
            var secondId = await cards.Nth(1).GetAttributeAsync("data-decision-id");
            var first = page.Locator($"#request-{firstId}");
            var dialog = page.Locator("dialog.confirm-dialog");

            await page.Keyboard.PressAsync("j");
            await Expect(first).ToHaveClassAsync(Selected());
            await Expect(page.Locator($"#request-{secondId}")).Not.ToHaveClassAsync(Selected());

            // Cancel leaves everything as it was.
            await page.Keyboard.PressAsync("a");
            await Expect(dialog).ToBeVisibleAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(first).ToHaveAttributeAsync("data-state", "pending");

            await page.Keyboard.PressAsync("a");
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Approve?");
            await Expect(dialog).ToContainTextAsync(await first.Locator("h2").InnerTextAsync());
            await Expect(dialog.Locator("#confirm-ok")).ToBeFocusedAsync();
            await dialog.Locator("#confirm-ok").ClickAsync();

            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(first).ToHaveAttributeAsync("data-state", "approved");
            await Expect(first.GetByTestId("settled")).ToContainTextAsync($"Already approved by {cast.Approver}");
            await Expect(page.Locator($"#request-{secondId}")).ToHaveAttributeAsync("data-state", "pending");
            Assert.Equal("allow", (await agent.PollAsync(firstId!)).GetProperty("decision").GetString());
            Assert.Equal("pending", (await agent.PollAsync(secondId!)).GetProperty("decision").GetString());
            Assert.True(await ConsoleActions.IsDocumentMarkedAsync(page), "Approving from the keyboard reloaded the queue.");
        }
    }

    [Collection(nameof(ApprovalQueueTests))]
    public sealed class LooksAndAccessibility(ConsoleFixture console) : IClassFixture<ConsoleFixture>
    {
        [Fact]
        public async Task Queue_and_review_page_are_accessible_and_fit_a_phone()
        {
            var cast = await CastAsync(console);
            using var agent = await AgentAsync(console, cast);
            var id = await agent.AskPendingAsync("terraform:apply", Resource, ConsoleAgents.OpenIngressPlan, Prompt);
            var desktop = await console.NewPageSignedInAsync(cast.Approver, ConsoleFixture.Desktop);
            var phone = await console.NewPageAsync(ConsoleFixture.Phone, await desktop.Context.StorageStateAsync());
            var problems = new List<string?>();
            var pages = new[] { (desktop, "desktop"), (phone, "phone") };

            foreach (var (page, width) in pages)
            {
                await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

                await page.GotoAsync("/approvals");
                await Expect(page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "light");
                await Expect(page.Locator($"#request-{id}")).ToBeVisibleAsync();
                await ConsoleActions.WaitUntilLiveAsync(page);
                await Screenshots.SaveAsync(page, $"approvals-queue-{width}");
                problems.Add(await LayoutChecks.HorizontalOverflowAsync(page));

                await page.GotoAsync($"/approvals/{id}");
                await Expect(page.Locator("#plan-diff")).ToContainTextAsync("0.0.0.0/0");
                await Expect(page.Locator("#verdict-panel")).ToHaveAttributeAsync("data-state", "pending");
                await ConsoleActions.WaitUntilLiveAsync(page);
                await Screenshots.SaveAsync(page, $"approval-review-{width}");
                problems.Add(await LayoutChecks.HorizontalOverflowAsync(page));
                var policy = await page.Locator("#review header p").Last.InnerTextAsync();
                problems.Add(PolicyAndRule().IsMatch(policy) ? null : $"The review header ({width}) names no policy version: \"{policy}\"");
            }

            // Every screenshot is taken first, and every check below runs, so that one run reports all there is to fix.
            foreach (var (page, _) in pages)
            {
                problems.Add((await Record.ExceptionAsync(() => AccessibilityChecks.AssertNoSeriousViolationsAsync(page)))?.Message);
                await page.GotoAsync("/approvals");
                await Expect(page.Locator($"#request-{id}")).ToBeVisibleAsync();
                problems.Add((await Record.ExceptionAsync(() => AccessibilityChecks.AssertNoSeriousViolationsAsync(page)))?.Message);
            }

            Assert.True(problems.All(p => p is null), string.Join(Environment.NewLine, problems.OfType<string>()));
        }
    }

    [Collection(nameof(ApprovalQueueTests))]
    public sealed class WebhooksAndDashboard(ConsoleFixture console) : IClassFixture<ConsoleFixture>
    {
        [Fact]
        public async Task Webhooks_page_and_dashboard_card_are_accessible_and_fit_a_phone()
        {
            var cast = await CastAsync(console);
            using var agent = await AgentAsync(console, cast);
            var id = await agent.AskPendingAsync("terraform:apply", Resource, ConsoleAgents.OpenIngressPlan, Prompt);
            var desktop = await console.NewPageSignedInAsync(cast.Security, ConsoleFixture.Desktop);
            await desktop.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

            // A chat webhook that answers, so the delivery log has a delivered row about a decision to show.
            using var receiver = new HttpListener();
            var hook = $"http://127.0.0.1:{FreePort()}/services/T000/B000/";
            receiver.Prefixes.Add(hook);
            receiver.Start();
            var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
            _ = Task.Run(async () =>
            {
                while (receiver.IsListening)
                {
                    var call = await receiver.GetContextAsync();
                    using (var reader = new StreamReader(call.Request.InputStream))
                    {
                        received.Enqueue(await reader.ReadToEndAsync());
                    }

                    call.Response.StatusCode = 200;
                    call.Response.Close();
                }
            });

            await desktop.GotoAsync("/settings/webhooks");
            await desktop.Locator("#w-name").FillAsync("on-call Slack");
            await desktop.Locator("#w-url").FillAsync(hook);
            await desktop.Locator("#w-format").SelectOptionAsync("slack");
            await desktop.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await Expect(desktop.GetByTestId("secret")).ToBeVisibleAsync();

            var later = await agent.AskPendingAsync("terraform:apply", Resource, ConsoleAgents.AddBucketPlan, Prompt);
            await desktop.GotoAsync("/settings/webhooks");
            // The log refreshes itself every 5 s; the dispatcher sends at once.
            var delivered = desktop.Locator($"[data-testid=delivery][data-state=delivered]:has(a[href='/approvals/{later}'])");
            await Expect(delivered).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Expect(delivered.GetByTestId("about").Locator("a")).ToHaveTextAsync($"decision {later}");
            Assert.Contains(received, body => body.Contains(later, StringComparison.Ordinal));

            var phone = await console.NewPageAsync(ConsoleFixture.Phone, await desktop.Context.StorageStateAsync());
            await phone.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            var problems = new List<string?>();
            foreach (var (page, width) in new[] { (desktop, "desktop"), (phone, "phone") })
            {
                await page.GotoAsync("/settings/webhooks");
                await Expect(page.GetByText("on-call Slack").First).ToBeVisibleAsync();
                await Expect(page.Locator("[data-testid=delivery][data-state=delivered]").First).ToBeVisibleAsync();
                await Screenshots.SaveAsync(page, $"webhooks-{width}");
                problems.Add(await LayoutChecks.HorizontalOverflowAsync(page));
                problems.Add((await Record.ExceptionAsync(() => AccessibilityChecks.AssertNoSeriousViolationsAsync(page)))?.Message);

                await page.GotoAsync("/");
                await Expect(page.GetByTestId("pending-count")).ToHaveTextAsync("2");
                await Expect(page.GetByTestId("oldest-pending").Locator("a")).ToHaveAttributeAsync("href", $"/approvals/{id}");
                await Screenshots.SaveAsync(page, $"dashboard-pending-{width}");
                problems.Add(await LayoutChecks.HorizontalOverflowAsync(page));
                problems.Add((await Record.ExceptionAsync(() => AccessibilityChecks.AssertNoSeriousViolationsAsync(page)))?.Message);
            }

            Assert.True(problems.All(p => p is null), string.Join(Environment.NewLine, problems.OfType<string>()));
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }

    [Collection(nameof(ApprovalQueueTests))]
    public sealed class CatchUp(ConsoleFixture console) : IClassFixture<ConsoleFixture>
    {
        /// <summary>
        /// The page's live connection drops; a request arrives while it is down, so its push is lost. When the page
        /// reconnects (the client retries after 2 s) it asks for the steps after the last id it saw and shows the card.
        /// </summary>
        [Fact]
        public async Task A_request_that_arrives_while_the_page_is_offline_appears_after_it_reconnects()
        {
            var cast = await CastAsync(console);
            using var agent = await AgentAsync(console, cast);
            var page = await OpenLiveAsync(console, cast.Approver, "/approvals");
            var catchUps = new List<string>();
            page.Request += (_, request) => { if (request.Url.Contains("/approvals/events?after=", StringComparison.Ordinal)) catchUps.Add(request.Url); };

            await page.EvaluateAsync("() => window.consoleLive.stop()");
            await Expect(page.Locator("#live-indicator")).ToHaveAttributeAsync("data-state", "offline");
            var id = await agent.AskPendingAsync("terraform:apply", Resource, ConsoleAgents.AddBucketPlan, Prompt);

            await Expect(page.Locator($"#request-{id}")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await ConsoleActions.WaitUntilLiveAsync(page);
            Assert.NotEmpty(catchUps);
            Assert.True(await ConsoleActions.IsDocumentMarkedAsync(page), "the queue reloaded instead of catching up in place");
        }
    }
}
