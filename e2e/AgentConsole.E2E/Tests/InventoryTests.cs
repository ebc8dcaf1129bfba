using System.Globalization;
using System.Text.RegularExpressions;
using AgentConsole.E2E.Infrastructure;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

/// <summary>
/// The inventory's governance as people meet it in the browser: register, widen, a second person approves, the owner
/// recertifies, security suspends. Each test puts its own people and assistants in place, so the order does not matter.
/// </summary>
public sealed partial class InventoryTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Security_registers_an_assistant_sees_its_secret_once_and_widening_waits_for_a_second_person()
    {
        var security = await console.AddPersonAsync("sec", ConsoleRoles.Security);
        var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var name = ConsoleInventory.NewName("deployer");
        var page = await console.NewPageSignedInAsync(security);

        await page.GotoAsync("/assistants");
        await page.GetByTestId("register-assistant").ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs("/assistants/new"));

        // Everything right but the name: only the name is marked, and what was entered survives the round trip.
        await page.Locator("#a-name").FillAsync("Deployer Bot!");
        await page.Locator("#a-display").FillAsync("Deployer");
        await page.Locator("#a-description").FillAsync("Applies approved Terraform plans");
        await page.Locator("#a-owner").SelectOptionAsync(owner);
        await page.Locator("#a-team").FillAsync("platform");
        await page.Locator("#tier-medium").CheckAsync();
        await page.Locator("#env-dev").CheckAsync();
        await page.Locator("#env-prod").CheckAsync();
        await page.Locator("#scope-terraform-plan").CheckAsync();
        await page.Locator("#scope-terraform-apply").CheckAsync();
        await page.Locator("#a-labels").FillAsync("app=payments\ncost-centre=cc-42");
        await page.Locator("#a-reason").FillAsync("Applies the plans of the payments platform");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("save-assistant").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/assistants/new", StringComparison.Ordinal));
        Assert.Equal(422, refused.Status);
        await Expect(page.Locator("#a-name-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#a-name-error")).ToContainTextAsync("lower-case letters");
        await Expect(page.Locator("#a-name")).ToHaveClassAsync(IsInvalid());
        await Expect(page.Locator("#a-owner-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#a-owner")).ToHaveValueAsync(owner);
        await Expect(page.Locator("#a-team")).ToHaveValueAsync("platform");
        await Expect(page.Locator("#tier-medium")).ToBeCheckedAsync();
        await Expect(page.Locator("#env-prod")).ToBeCheckedAsync();
        await Expect(page.Locator("#scope-terraform-apply")).ToBeCheckedAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs("/assistants/new"));

        await page.Locator("#a-name").FillAsync(name);
        await page.GetByTestId("save-assistant").ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs($"/assistants/{name}"));
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Registered. Change");
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("waits for a second person with the security role");
        // Read access in a low-sensitivity environment is in effect at once; prod, the write scope and the tier are not.
        await Expect(Detail(page, "Environments")).ToHaveTextAsync("dev");
        await Expect(Detail(page, "Scopes")).ToHaveTextAsync("terraform:plan");
        await Expect(Detail(page, "Owner")).ToContainTextAsync(owner);
        await Expect(StatusHeader(page).Locator(".tier-badge")).ToHaveTextAsync("low");

        // A client secret is shown once; afterwards only its prefix.
        await Tab(page, "Identity & credentials").ClickAsync();
        await page.GetByTestId("new-secret").ClickAsync();
        var shown = page.GetByTestId("issued-secret").Locator(".token-secret");
        await Expect(shown).ToHaveTextAsync(SecretValue());
        var secret = (await shown.InnerTextAsync()).Trim();
        await Expect(page.GetByTestId("secret-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("secret-row")).ToContainTextAsync(secret[..12]);
        await Expect(page.GetByTestId("secret-row")).ToContainTextAsync("active");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("secret-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("issued-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        // Widening by an edit waits as a second pending change.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs($"/assistants/{name}/edit"));
        await Expect(page.Locator("#a-name")).ToBeDisabledAsync();
        await Expect(page.Locator("#a-name")).ToHaveValueAsync(name);
        await page.Locator("#scope-k8s-deploy").CheckAsync();
        await page.Locator("#a-reason").FillAsync("Also rolls out the payments service");
        await page.GetByTestId("save-assistant").ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs($"/assistants/{name}"));
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Saved. Change");
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("waits for a second person");
        await Expect(Detail(page, "Scopes")).Not.ToContainTextAsync("k8s:deploy");

        await Tab(page, "Changes").ClickAsync();
        var changes = page.GetByTestId("change");
        await Expect(changes).ToHaveCountAsync(2);
        await Expect(changes.GetByTestId("change-state")).ToHaveTextAsync(["pending", "pending"]);
        var edit = changes.Filter(new() { HasText = "k8s:deploy" });
        await Expect(edit).ToContainTextAsync("Add write scope k8s:deploy");
        await Expect(edit).ToContainTextAsync("Also rolls out the payments service");
        var registration = changes.Filter(new() { HasText = "terraform:apply" });
        await Expect(registration).ToContainTextAsync("Add environment prod");
        await Expect(registration).ToContainTextAsync("Risk tier to medium");
        await Expect(Tab(page, "Changes").Locator(".badge")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task A_second_security_person_approves_the_widening_and_the_requester_can_only_withdraw()
    {
        var requester = await console.AddPersonAsync("sec", ConsoleRoles.Security);
        var approver = await console.AddPersonAsync("sec", ConsoleRoles.Security);
        var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var name = ConsoleInventory.NewName("applier");
        await console.RegisterAsync(requester,
            ConsoleInventory.Input(name, owner, RiskTiers.Medium, ["dev", "prod"], ["terraform:plan", "terraform:apply"]));
        await console.UpdateAsync(requester, name, new AssistantInput { Scopes = ["terraform:plan", "k8s:deploy"], Reason = "Deploys payments" });

        // The requester sees their own changes, but only to withdraw them.
        var mine = await console.NewPageSignedInAsync(requester);
        await mine.GotoAsync($"/assistants/{name}?tab=changes");
        await Expect(mine.GetByTestId("change")).ToHaveCountAsync(2);
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Withdraw" })).ToHaveCountAsync(2);
        await Expect(mine.GetByTestId("approve-change")).ToHaveCountAsync(0);
        await Expect(mine.GetByTestId("reject-change")).ToHaveCountAsync(0);
        await Expect(mine.GetByTestId("change").First).ToContainTextAsync("a second person approves it");

        var second = await console.NewPageSignedInAsync(approver);
        await second.GotoAsync("/assistants");
        await second.GetByRole(AriaRole.Link, new() { Name = "Pending changes" }).ClickAsync();
        await Expect(second).ToHaveURLAsync(ConsoleActions.PathIs("/assistants/changes"));
        var cards = second.GetByTestId("change").Filter(new() { HasText = name });
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(cards.GetByTestId("approve-change")).ToHaveCountAsync(2);
        await cards.First.Locator("input[name=Comment]").FillAsync("Checked the plan and the rollout");
        await cards.First.GetByTestId("approve-change").ClickAsync();
        await Expect(second.Locator("#changes-body [role=status]")).ToContainTextAsync($"to {name} approved");
        await Expect(cards).ToHaveCountAsync(1);
        await cards.First.GetByTestId("approve-change").ClickAsync();
        await Expect(cards).ToHaveCountAsync(0);

        // After a reload the requester sees both decided by the second person, and the wider access in effect.
        await mine.ReloadAsync();
        await Expect(mine.GetByTestId("change-state")).ToHaveTextAsync(["approved", "approved"]);
        await Expect(mine.GetByTestId("change").Filter(new() { HasText = $"approved by {approver}" })).ToHaveCountAsync(2);
        await Expect(mine.GetByTestId("change").Filter(new() { HasText = "Checked the plan and the rollout" })).ToHaveCountAsync(1);
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Withdraw" })).ToHaveCountAsync(0);
        await Tab(mine, "Overview").ClickAsync();
        await Expect(Detail(mine, "Scopes")).ToContainTextAsync("k8s:deploy");
        await Expect(Detail(mine, "Scopes")).ToContainTextAsync("terraform:apply");
        await Expect(Detail(mine, "Environments")).ToContainTextAsync("prod");
        await Expect(StatusHeader(mine).Locator(".tier-badge")).ToHaveTextAsync("medium");
        await Tab(mine, "Scopes & environments").ClickAsync();
        await Expect(mine.Locator("#assistant-body")).Not.ToContainTextAsync("pending approval");
    }

    [Fact]
    public async Task The_owner_sees_only_their_assistants_and_a_recertification_that_drops_a_scope_shows_in_history()
    {
        var security = await console.AddPersonAsync("sec", ConsoleRoles.Security);
        var approver = await console.AddPersonAsync("sec", ConsoleRoles.Security);
        var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var someoneElse = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var mine = ConsoleInventory.NewName("reviewed");
        var theirs = ConsoleInventory.NewName("others");
        await console.RegisterAsync(security,
            ConsoleInventory.Input(mine, owner, environments: ["dev", "staging"], scopes: ["terraform:plan", "terraform:apply", "k8s:read"]),
            approvedBy: approver);
        await console.RegisterAsync(security, ConsoleInventory.Input(theirs, someoneElse));

        var page = await console.NewPageSignedInAsync(owner);
        await page.GetByRole(AriaRole.Link, new() { Name = "Assistants", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs("/assistants"));
        await Expect(page.GetByTestId("assistant-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("result-count")).ToContainTextAsync("1 assistant");
        await Expect(page.GetByTestId("assistant-row")).ToContainTextAsync(mine);
        await Expect(page.GetByText(theirs)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("register-assistant")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = mine, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs($"/assistants/{mine}"));
        await page.GetByTestId("review-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs($"/assistants/{mine}/review"));
        await Expect(page.Locator("#keep-scope-terraform-apply")).ToBeCheckedAsync();
        await Expect(page.Locator("#keep-env-staging")).ToBeCheckedAsync();
        await page.Locator("#keep-scope-terraform-apply").UncheckAsync();
        await page.Locator("#review-comment").FillAsync("The pipeline applies plans now");
        await page.GetByTestId("attest").ClickAsync();

        var interval = console.App.Services.GetRequiredService<Catalogue>().ReviewInterval(RiskTiers.Low);
        var due = DateTimeOffset.UtcNow.Add(interval).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Expect(page).ToHaveURLAsync(ConsoleActions.PathIs($"/assistants/{mine}"));
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync($"Recertified. Next review due {due}.");
        await Expect(Detail(page, "Scopes")).ToHaveTextAsync("k8s:read, terraform:plan");
        await Expect(Detail(page, "Environments")).ToHaveTextAsync("dev, staging");
        await Expect(Detail(page, "Last review")).ToContainTextAsync($"by {owner}");
        await Expect(Detail(page, "Next review")).ToHaveTextAsync(due);

        await Tab(page, "History").ClickAsync();
        var entry = page.GetByTestId("history-entry").Filter(new() { HasText = "recertified" });
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry.Locator("strong").First).ToHaveTextAsync(owner);
        var when = When().Match(await entry.Locator(".small").First.InnerTextAsync());
        Assert.True(when.Success, "The history entry does not say when.");
        var at = DateTimeOffset.ParseExact(when.Value, "yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
        var scopes = entry.Locator("tr", new() { Has = page.Locator("th:text-is('Scopes')") });
        await Expect(scopes.Locator(".diff-before")).ToContainTextAsync("terraform:apply");
        await Expect(scopes.Locator(".diff-after")).ToHaveTextAsync("k8s:read, terraform:plan");
        await Expect(entry.Locator("dt:text-is('droppedScopes') + dd")).ToHaveTextAsync("terraform:apply");
        await Expect(entry.Locator("dt:text-is('comment') + dd")).ToHaveTextAsync("The pipeline applies plans now");

        // Someone else's assistant does not exist as far as this owner can tell.
        var other = await page.GotoAsync($"/assistants/{theirs}");
        Assert.Equal(404, other!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nothing here", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#assistant-body")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Suspending_after_confirming_shows_suspended_and_revokes_the_client_secret()
    {
        var security = await console.AddPersonAsync("sec", ConsoleRoles.Security);
        var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var name = ConsoleInventory.NewName("suspended");
        await console.RegisterAsync(security, ConsoleInventory.Input(name, owner));
        var issued = await console.IssueSecretAsync(security, name);
        var inventory = console.App.Services.GetRequiredService<AssistantInventory>();
        Assert.NotNull(await inventory.AuthenticateAsync(name, issued.Value));

        var page = await console.NewPageSignedInAsync(security);
        await page.GotoAsync($"/assistants/{name}");
        await Expect(StatusHeader(page).GetByText("active", new() { Exact = true })).ToBeVisibleAsync();
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();

        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Suspended. Its client secrets were revoked.");
        Assert.Contains($"Suspend {name}?", asked, StringComparison.Ordinal);
        await Expect(StatusHeader(page).GetByText("suspended", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Suspend" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();

        await Tab(page, "Identity & credentials").ClickAsync();
        var row = page.GetByTestId("secret-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(issued.Secret.Prefix);
        await Expect(row.Locator(".badge").First).ToHaveTextAsync("revoked");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("new-secret")).ToHaveCountAsync(0);
        Assert.Null(await inventory.AuthenticateAsync(name, issued.Value));
    }

    /// <summary>The value next to a label in the detail page's description lists.</summary>
    private static ILocator Detail(IPage page, string label) => page.Locator($"#assistant-body dt:text-is('{label}') + dd");

    private static ILocator Tab(IPage page, string label) =>
        page.Locator("#assistant-body .nav-tabs").GetByRole(AriaRole.Link, new() { Name = label });

    private static ILocator StatusHeader(IPage page) => page.Locator("#assistant-body header");

    [GeneratedRegex(@"\bis-invalid\b")]
    private static partial Regex IsInvalid();

    [GeneratedRegex("^acs_[A-Za-z0-9_-]{40,}$")]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")]
    private static partial Regex When();
}
