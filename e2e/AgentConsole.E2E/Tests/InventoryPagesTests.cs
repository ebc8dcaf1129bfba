using System.Text.RegularExpressions;
using AgentConsole.E2E.Infrastructure;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentConsole.E2E.Tests;

/// <summary>The inventory's list, detail and form pages: filtering in place, accessibility, and how they look on desk and phone.</summary>
public sealed class InventoryPagesTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Filtering_by_search_and_tier_narrows_the_rows_in_place_and_the_url_keeps_the_filter()
    {
        var (security, approver) = await AddSecurityPairAsync();
        var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var word = ConsoleInventory.NewName("flt");
        var unrelated = ConsoleInventory.NewName("unrelated");
        await console.RegisterAsync(security, ConsoleInventory.Input($"{word}-alpha", owner));
        await console.RegisterAsync(security, ConsoleInventory.Input($"{word}-bravo", owner, RiskTiers.High), approvedBy: approver);
        await console.RegisterAsync(security, ConsoleInventory.Input($"{word}-charlie", owner, RiskTiers.Medium), approvedBy: approver);
        await console.RegisterAsync(security, ConsoleInventory.Input(unrelated, owner, RiskTiers.High), approvedBy: approver);

        var page = await console.NewPageSignedInAsync(security);
        await page.GotoAsync("/assistants");
        var rows = page.GetByTestId("assistant-row");
        await Expect(rows.Filter(new() { HasText = unrelated })).ToHaveCountAsync(1);
        Assert.True(await rows.CountAsync() >= 4, "The unfiltered list should hold every assistant put in place.");
        await ConsoleActions.MarkDocumentAsync(page);

        await page.Locator("#filter-q").FillAsync(word);
        await Expect(page.GetByTestId("result-count")).ToContainTextAsync("3 assistants");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page).ToHaveURLAsync(new Regex($"[?&]q={Regex.Escape(word)}(&|$)"));

        await page.Locator("#filter-tier").SelectOptionAsync(RiskTiers.High);
        await Expect(page.GetByTestId("result-count")).ToContainTextAsync("1 assistant");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync($"{word}-bravo");
        await Expect(rows.Locator(".tier-badge")).ToHaveTextAsync(RiskTiers.High);
        await Expect(page).ToHaveURLAsync(new Regex("[?&]tier=high(&|$)"));
        await Expect(page).ToHaveURLAsync(new Regex($"[?&]q={Regex.Escape(word)}(&|$)"));
        Assert.True(await ConsoleActions.IsDocumentMarkedAsync(page), "Filtering reloaded the whole page instead of swapping the results.");

        // The address alone brings the same filtered list back.
        var fresh = await console.NewPageAsync(storageState: await page.Context.StorageStateAsync());
        await fresh.GotoAsync(page.Url);
        await Expect(fresh.Locator("#filter-q")).ToHaveValueAsync(word);
        await Expect(fresh.Locator("#filter-tier")).ToHaveValueAsync(RiskTiers.High);
        await Expect(fresh.GetByTestId("assistant-row")).ToHaveCountAsync(1);
        await Expect(fresh.GetByTestId("assistant-row")).ToContainTextAsync($"{word}-bravo");
    }

    [Theory]
    [InlineData("/assistants")]
    [InlineData("/assistants/{name}")]
    [InlineData("/assistants/{name}?tab=credentials")]
    [InlineData("/assistants/{name}?tab=access")]
    [InlineData("/assistants/{name}?tab=changes")]
    [InlineData("/assistants/{name}?tab=history")]
    [InlineData("/assistants/new")]
    [InlineData("/assistants/{name}/edit")]
    [InlineData("/assistants/changes")]
    public async Task Inventory_page_has_no_serious_accessibility_violations(string path)
    {
        var (security, name) = await AddFullyUsedAssistantAsync();
        var page = await console.NewPageSignedInAsync(security);

        var response = await page.GotoAsync(path.Replace("{name}", name, StringComparison.Ordinal));

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await AccessibilityChecks.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_registration_form_showing_inline_errors_has_no_serious_accessibility_violations()
    {
        var (security, _) = await AddSecurityPairAsync();
        var page = await console.NewPageSignedInAsync(security);
        await page.GotoAsync("/assistants/new");

        await page.Locator("#a-name").FillAsync("Not a slug!");
        await page.GetByTestId("save-assistant").ClickAsync();

        await Expect(page.GetByTestId("form-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#a-name-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#a-owner-error")).ToContainTextAsync("owner");
        await Expect(page.Locator("#a-team-error")).ToBeVisibleAsync();
        await AccessibilityChecks.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task List_and_detail_fit_desktop_and_phone_widths()
    {
        var (security, name) = await AddFullyUsedAssistantAsync();
        var desktop = await console.NewPageSignedInAsync(security, ConsoleFixture.Desktop);
        var phone = await console.NewPageAsync(ConsoleFixture.Phone, await desktop.Context.StorageStateAsync());
        var overflowing = new List<string?>();

        foreach (var (page, width) in new[] { (desktop, "desktop"), (phone, "phone") })
        {
            await page.GotoAsync("/assistants");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Assistants", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, $"inventory-list-{width}");
            overflowing.Add(await LayoutChecks.HorizontalOverflowAsync(page));

            await page.GotoAsync($"/assistants/{name}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Suspend" })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, $"assistant-detail-{width}");
            overflowing.Add(await LayoutChecks.HorizontalOverflowAsync(page));
        }

        // Every screenshot is taken first, so that a layout failure still leaves all four to look at.
        Assert.True(overflowing.All(o => o is null), string.Join(Environment.NewLine, overflowing.OfType<string>()));
    }

    /// <summary>Regression: each "Needs attention" chip linked to "/assistantsAssistantFilter { … }.ToQueryString()", a 404.</summary>
    [Fact]
    public async Task Needs_attention_chip_filters_the_list_to_assistants_with_that_flag()
    {
        var (security, name) = await AddFullyUsedAssistantAsync();
        var page = await console.NewPageSignedInAsync(security);
        await page.GotoAsync("/assistants");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Needs attention" })
            .GetByRole(AriaRole.Link, new() { Name = "changes pending" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/assistants\?(.*&)?flag=pending(&|$)"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Assistants", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#filter-flag")).ToHaveValueAsync(AssistantFlags.Pending);
        await Expect(page.GetByTestId("assistant-row").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("assistant-row").Filter(new() { HasNotText = "changes pending" })).ToHaveCountAsync(0);
    }

    /// <summary>Two security people: one who registers, and a second one who approves the widening.</summary>
    private async Task<(string Security, string Approver)> AddSecurityPairAsync() =>
        (await console.AddPersonAsync("sec", ConsoleRoles.Security), await console.AddPersonAsync("sec", ConsoleRoles.Security));

    /// <summary>An assistant with something on every tab: approved write access, a secret, a pending change, history.</summary>
    private async Task<(string Security, string Name)> AddFullyUsedAssistantAsync()
    {
        var (security, approver) = await AddSecurityPairAsync();
        var owner = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var backup = await console.AddPersonAsync("own", ConsoleRoles.Owner);
        var name = ConsoleInventory.NewName("payments");
        await console.RegisterAsync(security, ConsoleInventory.Input(name, owner, RiskTiers.High, ["dev", "prod"],
            ["terraform:plan", "terraform:apply", "k8s:read"], team: "payments", description: "Deploys the payments service") with
        {
            BackupOwner = backup,
            Labels = new Dictionary<string, string> { ["app"] = "payments", ["cost-centre"] = "cc-42" },
        }, approvedBy: approver);
        await console.IssueSecretAsync(security, name);
        await console.UpdateAsync(security, name, new AssistantInput
        {
            Scopes = ["terraform:plan", "terraform:apply", "k8s:read", "k8s:deploy"],
            Reason = "Rolls out the payments service",
        });
        return (security, name);
    }
}
