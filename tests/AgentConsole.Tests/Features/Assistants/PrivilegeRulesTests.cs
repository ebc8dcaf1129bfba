using AgentConsole.Features.Assistants;
using AgentConsole.Tests.Support;
using Microsoft.Extensions.Options;

namespace AgentConsole.Tests.Features.Assistants;

/// <summary>
/// Privileges are written "tier | environments | scopes", e.g. "low | dev | terraform:plan";
/// a pending grant is written the same way with "-" for no tier change.
/// </summary>
public class PrivilegeRulesTests
{
    private static readonly Catalogue Catalogue = Inventory.Catalogue();

    [Theory]
    [InlineData("a read scope takes effect at once",
        "low | dev | terraform:plan", "low | dev | terraform:plan k8s:read", "low | dev | k8s:read terraform:plan", "- | | ")]
    [InlineData("a write scope waits",
        "low | dev | terraform:plan", "low | dev | terraform:plan terraform:apply", "low | dev | terraform:plan", "- | | terraform:apply")]
    [InlineData("a low-sensitivity environment takes effect at once",
        "low | | terraform:plan", "low | dev | terraform:plan", "low | dev | terraform:plan", "- | | ")]
    [InlineData("a medium-sensitivity environment waits",
        "low | dev | terraform:plan", "low | dev staging | terraform:plan", "low | dev | terraform:plan", "- | staging | ")]
    [InlineData("a high-sensitivity environment waits",
        "low | dev | terraform:plan", "low | dev prod | terraform:plan", "low | dev | terraform:plan", "- | prod | ")]
    [InlineData("a higher tier waits",
        "low | dev | terraform:plan", "high | dev | terraform:plan", "low | dev | terraform:plan", "high | | ")]
    [InlineData("a lower tier takes effect at once",
        "high | dev | terraform:plan", "medium | dev | terraform:plan", "medium | dev | terraform:plan", "- | | ")]
    [InlineData("removing environments and scopes takes effect at once",
        "high | dev prod | terraform:apply terraform:plan", "high | dev | terraform:plan", "high | dev | terraform:plan", "- | | ")]
    [InlineData("a mixed change narrows now and widens later",
        "medium | dev | terraform:plan", "low | staging | k8s:deploy k8s:read", "low | | k8s:read", "- | staging | k8s:deploy")]
    [InlineData("an unknown scope counts as write and an unknown environment as high",
        "low | | ", "low | moon | mystery:thing", "low | | ", "- | moon | mystery:thing")]
    [InlineData("asking for what it already has changes nothing",
        "critical | prod | terraform:apply", "critical | prod | terraform:apply", "critical | prod | terraform:apply", "- | | ")]
    public void Widening_waits_and_narrowing_applies_at_once(string rule, string current, string wanted, string now, string pending)
    {
        var split = PrivilegeRules.Split(Parse(current), Parse(wanted), Catalogue);

        Assert.True(Describe(split.Now) == Describe(Parse(now)), $"{rule}: now is '{Describe(split.Now)}', expected '{now}'");
        Assert.True(Describe(split.Pending) == Describe(Grant(pending)), $"{rule}: pending is '{Describe(split.Pending)}', expected '{pending}'");
    }

    [Fact]
    public void A_new_assistant_starts_low_with_read_scopes_in_low_environments_and_the_rest_waits()
    {
        var split = PrivilegeRules.SplitForNewAssistant(
            Parse("high | dev prod staging | k8s:read terraform:apply terraform:plan"), Catalogue);

        AssertSame("low | dev | k8s:read terraform:plan", split.Now);
        AssertSame("high | prod staging | terraform:apply", split.Pending);
    }

    [Fact]
    public void A_new_low_tier_reader_in_dev_has_nothing_waiting()
    {
        var split = PrivilegeRules.SplitForNewAssistant(Parse("low | dev | terraform:plan"), Catalogue);

        AssertSame("low | dev | terraform:plan", split.Now);
        Assert.True(split.Pending.IsEmpty);
    }

    [Fact]
    public void Without_drops_what_the_assistant_already_holds()
    {
        var widening = Grant("high | prod staging | k8s:deploy terraform:apply");

        var left = PrivilegeRules.Without(widening, Parse("high | prod | terraform:apply"), []);

        AssertSame("- | staging | k8s:deploy", left);
    }

    [Fact]
    public void Without_drops_what_another_request_already_asks_for()
    {
        var widening = Grant("high | prod staging | k8s:deploy terraform:apply");
        PendingGrant[] alreadyPending = [Grant("high | prod | "), Grant("- | | terraform:apply")];

        var left = PrivilegeRules.Without(widening, Parse("low | dev | terraform:plan"), alreadyPending);

        AssertSame("- | staging | k8s:deploy", left);
    }

    [Fact]
    public void Without_drops_a_tier_the_assistant_already_exceeds_and_can_leave_nothing()
    {
        var left = PrivilegeRules.Without(Grant("medium | prod | "), Parse("critical | prod | "), []);

        Assert.True(left.IsEmpty, Describe(left));
    }

    [Fact]
    public void Apply_adds_the_approved_widening_to_what_the_assistant_has_now()
    {
        var widened = PrivilegeRules.Apply(Parse("low | dev | terraform:plan"), Grant("high | prod | terraform:apply"));

        AssertSame("high | dev prod | terraform:apply terraform:plan", widened);
    }

    [Fact]
    public void Apply_never_lowers_the_tier_or_duplicates_a_grant()
    {
        var widened = PrivilegeRules.Apply(Parse("critical | dev | terraform:plan"), Grant("high | dev | terraform:plan"));

        AssertSame("critical | dev | terraform:plan", widened);
    }

    [Fact]
    public void Apply_without_a_tier_keeps_the_tier()
    {
        var widened = PrivilegeRules.Apply(Parse("medium | | "), Grant("- | staging | k8s:deploy"));

        AssertSame("medium | staging | k8s:deploy", widened);
    }

    [Fact]
    public void The_catalogue_refuses_duplicate_names_and_unknown_sensitivities_at_start_up()
    {
        var duplicate = Assert.Throws<OptionsValidationException>(() => Inventory.Catalogue(o => o.Environments.Add(new() { Name = "dev", Sensitivity = "low" })));
        var badSensitivity = Assert.Throws<OptionsValidationException>(() => Inventory.Catalogue(o => o.Environments.Add(new() { Name = "lab", Sensitivity = "secret" })));
        var badAccess = Assert.Throws<OptionsValidationException>(() => Inventory.Catalogue(o => o.Scopes.Add(new() { Name = "x:y", Access = "admin" })));

        Assert.Contains("'dev' more than once", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("'lab'", badSensitivity.Message, StringComparison.Ordinal);
        Assert.Contains("'x:y'", badAccess.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_intervals_come_from_the_tier()
    {
        Assert.Equal(TimeSpan.FromDays(180), Catalogue.ReviewInterval(RiskTiers.Low));
        Assert.Equal(TimeSpan.FromDays(30), Catalogue.ReviewInterval(RiskTiers.Critical));
    }

    private static void AssertSame(string expected, Privileges actual) => Assert.Equal(Describe(Parse(expected)), Describe(actual));

    private static void AssertSame(string expected, PendingGrant actual) => Assert.Equal(Describe(Grant(expected)), Describe(actual));

    private static Privileges Parse(string text)
    {
        var parts = text.Split('|').Select(p => p.Trim()).ToArray();
        return Privileges.Of(parts[0], Words(parts[1]), Words(parts[2]));
    }

    private static PendingGrant Grant(string text)
    {
        var parts = text.Split('|').Select(p => p.Trim()).ToArray();
        return new PendingGrant(parts[0] == "-" ? null : parts[0], Words(parts[1]), Words(parts[2]));
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Describe(Privileges p) =>
        $"{p.Tier} | {string.Join(' ', p.Environments.Order(StringComparer.Ordinal))} | {string.Join(' ', p.Scopes.Order(StringComparer.Ordinal))}";

    private static string Describe(PendingGrant g) =>
        $"{g.Tier ?? "-"} | {string.Join(' ', g.AddEnvironments.Order(StringComparer.Ordinal))} | {string.Join(' ', g.AddScopes.Order(StringComparer.Ordinal))}";
}
