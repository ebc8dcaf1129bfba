using System.Text.RegularExpressions;
using AgentConsole.E2E.Infrastructure;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

/// <summary>
/// Break-glass in real browsers: a responder asks for a short grant, another person's open dashboard shows it live
/// with a ticking countdown until it expires, then compliance finds it in the review queue and records the review.
/// </summary>
public static partial class BreakGlassTests
{
    private const int Seconds = 15;

    [GeneratedRegex(@"^\d+:\d\d$")]
    private static partial Regex Clock();

    [GeneratedRegex(@"/break-glass/[^/?]+\?notice=")]
    private static partial Regex GrantPageWithNotice();

    [Collection(nameof(BreakGlassTests))]
    public sealed class LiveGrant(BreakGlassConsoleFixture console) : IClassFixture<BreakGlassConsoleFixture>
    {
        [Fact]
        public async Task A_short_grant_shows_live_on_another_screen_expires_there_and_is_reviewed_by_compliance()
        {
            var security = await console.AddPersonAsync("sec", ConsoleRoles.Security);
            var secondSecurity = await console.AddPersonAsync("sec", ConsoleRoles.Security);
            var approver = await console.AddPersonAsync("appr", ConsoleRoles.Approver);
            var compliance = await console.AddPersonAsync("comp", ConsoleRoles.Compliance);
            var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
            var assistant = ConsoleInventory.NewName("deployer");
            await console.RegisterAsync(security, ConsoleInventory.Input(assistant, owner, RiskTiers.Low, ["dev"], ["terraform:plan"], team: "payments"),
                approvedBy: secondSecurity);

            // B: an approver on the dashboard, live, with nothing in force.
            var watcher = await console.NewPageSignedInAsync(approver);
            await ConsoleActions.WaitUntilLiveAsync(watcher);
            await ConsoleActions.MarkDocumentAsync(watcher);
            var banner = watcher.Locator("#break-glass-banner");
            await Expect(banner).ToBeHiddenAsync();

            // A: the responder asks in the form.
            var responder = await console.NewPageSignedInAsync(security);
            await responder.GotoAsync("/break-glass");
            await responder.Locator("#bg-assistant").SelectOptionAsync(assistant);
            await responder.Locator("#bg-incident").FillAsync("INC-4211");
            await responder.Locator("#bg-justification").FillAsync("Payments API is down; the fix needs a Terraform apply now.");
            await responder.Locator("label[for=bg-duration-custom]").ClickAsync();
            await responder.Locator("#bg-custom-seconds").FillAsync(Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await responder.Locator("#bg-scope-terraform-apply").CheckAsync();
            await responder.GetByRole(AriaRole.Button, new() { Name = "Request break-glass" }).ClickAsync();
            await Expect(responder).ToHaveURLAsync(GrantPageWithNotice());
            await Expect(responder.GetByTestId("page-notice")).ToContainTextAsync("is in force until");
            var id = Regex.Match(responder.Url, @"/break-glass/([^/?]+)").Groups[1].Value;

            // B sees it arrive without reload, and the countdown ticks.
            var item = watcher.Locator($"#break-glass-banner .bg-banner-item[data-grant-id='{id}']");
            await Expect(item).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Expect(item).ToContainTextAsync(assistant);
            await Expect(item).ToContainTextAsync("INC-4211");
            await Expect(item).ToContainTextAsync($"asked by {security}");
            var time = item.Locator(".bg-countdown-time");
            await Expect(time).ToHaveTextAsync(Clock());
            var first = await time.TextContentAsync();
            await Expect(time).Not.ToHaveTextAsync(first!, new() { Timeout = 3_000 });
            await Expect(watcher.Locator("[data-live-grants]")).ToHaveTextAsync("1");
            await Screenshots.SaveAsync(watcher, "break-glass-banner-1280");

            // It leaves B's banner when its time is up, still without reload.
            await Expect(item).ToHaveCountAsync(0, new() { Timeout = (Seconds + 10) * 1000 });
            await Expect(banner).ToBeHiddenAsync();
            await Expect(watcher.Locator("[data-live-grants]")).ToBeHiddenAsync();
            Assert.True(await ConsoleActions.IsDocumentMarkedAsync(watcher), "The dashboard reloaded instead of updating in place.");
            var stored = await console.App.Services.GetRequiredService<BreakGlassStore>().FindAsync(id);
            Assert.False(stored!.IsInForce(DateTimeOffset.UtcNow));

            // Compliance finds it in the review queue (the sweeper has ended it) and records the review.
            var reviewer = await console.NewPageSignedInAsync(compliance);
            await reviewer.GotoAsync("/break-glass/reviews");
            var row = reviewer.Locator($"tr[data-grant-id='{id}']");
            await Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await row.Locator("a.grant-link").ClickAsync();
            await Expect(reviewer).ToHaveURLAsync(ConsoleActions.PathIs($"/break-glass/{id}"));
            await Expect(reviewer.GetByTestId("grant-state")).ToHaveTextAsync("expired");
            // A live refresh already on its way when the reviewer chooses (as when the page's connection comes up) must
            // not wipe the choice: the page's answer is held back until the choice is made.
            var release = new TaskCompletionSource();
            await reviewer.RouteAsync($"**/break-glass/{id}", async route =>
            {
                await release.Task;
                await route.ContinueAsync();
            });
            var refresh = reviewer.WaitForRequestAsync(r => r.Url.EndsWith($"/break-glass/{id}", StringComparison.Ordinal) && r.Method == "GET");
            await reviewer.EvaluateAsync("() => document.dispatchEvent(new CustomEvent('console:break-glass'))");
            await refresh;
            await reviewer.Locator("label[for=review-appropriate]").ClickAsync();
            var answered = reviewer.WaitForResponseAsync(r => r.Url.EndsWith($"/break-glass/{id}", StringComparison.Ordinal));
            release.SetResult();
            await answered;
            await reviewer.UnrouteAsync($"**/break-glass/{id}");
            // Checks that nothing happens: a swap would land within moments of the answer.
            await reviewer.WaitForTimeoutAsync(500);
            await Expect(reviewer.Locator("#review-appropriate")).ToBeCheckedAsync();
            await reviewer.Locator("#review-notes").FillAsync("Used for the INC-4211 fix only; no follow-up needed.");
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
            await Expect(reviewer.GetByTestId("review-outcome-value")).ToHaveTextAsync("appropriate");
            await reviewer.ReloadAsync();
            await Expect(reviewer.GetByTestId("review")).ToContainTextAsync($"by {compliance}");
            await Expect(reviewer.GetByTestId("review-notes")).ToHaveTextAsync("Used for the INC-4211 fix only; no follow-up needed.");
            await Expect(reviewer.GetByTestId("timeline")).ToContainTextAsync("reviewed");
            await reviewer.GotoAsync("/break-glass/reviews");
            await Expect(reviewer.Locator($"tr[data-grant-id='{id}']")).ToHaveCountAsync(0);
        }
    }

    [Collection(nameof(BreakGlassTests))]
    public sealed class PagesAtTwoWidths(BreakGlassConsoleFixture console) : IClassFixture<BreakGlassConsoleFixture>
    {
        /// <summary>The pages at desktop and phone widths while a grant is in force: screenshots, axe, no sideways scrolling.</summary>
        [Fact]
        public async Task Break_glass_pages_are_accessible_and_fit_a_phone()
        {
            var security = await console.AddPersonAsync("sec", ConsoleRoles.Security);
            var secondSecurity = await console.AddPersonAsync("sec", ConsoleRoles.Security);
            var compliance = await console.AddPersonAsync("comp", ConsoleRoles.Compliance);
            var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
            var assistant = ConsoleInventory.NewName("deployer");
            await console.RegisterAsync(security, ConsoleInventory.Input(assistant, owner, RiskTiers.Low, ["dev"], ["terraform:plan"], team: "payments"),
                approvedBy: secondSecurity);
            var service = console.App.Services.GetRequiredService<BreakGlassService>();
            var caller = await console.CallerAsync(security);
            var ended = await service.RequestAsync(caller, new BreakGlassRequest(assistant, "Database failover stuck; manual apply needed.", "INC-5001", 1800,
                ["terraform:apply"], ["prod"], null, null));
            Assert.True(ended.IsSuccess, ended.Error?.Detail);
            Assert.True((await service.EndAsync(caller, ended.Value!.Id)).IsSuccess);
            var active = await service.RequestAsync(caller, new BreakGlassRequest(assistant, "Database failover stuck again; apply the fix.", "INC-5002", 3600,
                ["terraform:apply"], ["prod"], [new SkipApproval("terraform:apply", "aws/prod/payments-*")], ended.Value.Id));
            Assert.True(active.IsSuccess, active.Error?.Detail);

            foreach (var (viewport, width) in new[] { (ConsoleFixture.Desktop, 1280), (ConsoleFixture.Phone, 390) })
            {
                var page = await console.NewPageSignedInAsync(compliance, viewport);
                foreach (var (path, name) in new[]
                         {
                             ("/", "dashboard"), ("/break-glass", "list"), ($"/break-glass/{active.Value!.Id}", "grant"),
                             ($"/break-glass/{ended.Value.Id}", "ended-grant"), ("/break-glass/reviews", "reviews"), ("/break-glass/report", "report"),
                         })
                {
                    await page.GotoAsync(path);
                    await Expect(page.Locator($"#break-glass-banner .bg-banner-item[data-grant-id='{active.Value.Id}']")).ToBeVisibleAsync();
                    await Screenshots.SaveAsync(page, $"break-glass-{name}-{width}");
                    await AccessibilityChecks.AssertNoSeriousViolationsAsync(page);
                    Assert.Null(await LayoutChecks.HorizontalOverflowAsync(page));
                }
            }

            var responder = await console.NewPageSignedInAsync(security, ConsoleFixture.Phone);
            await responder.GotoAsync("/break-glass");
            await Screenshots.SaveAsync(responder, "break-glass-request-form-390");
            await AccessibilityChecks.AssertNoSeriousViolationsAsync(responder);
            Assert.Null(await LayoutChecks.HorizontalOverflowAsync(responder));
        }
    }
}
