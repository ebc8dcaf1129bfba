using AgentConsole.Features.Account;
using AgentConsole.Features.Tokens;
using AgentConsole.Features.Users;

namespace AgentConsole.Tests.Features.Account;

public class SmallRulesTests
{
    [Theory]
    [InlineData("/audit", "/audit")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void Return_urls_stay_on_the_console(string? given, string expected) => Assert.Equal(expected, LocalUrl.OrHome(given));

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("90m", 90)]
    [InlineData(null, 30 * 24 * 60)]
    public void Token_lifetimes_parse(string? text, int minutes)
    {
        Assert.True(TokenLifetime.TryParse(text, out var lifetime));
        Assert.Equal(TimeSpan.FromMinutes(minutes), lifetime);
    }

    [Theory]
    [InlineData("366d")]
    [InlineData("0d")]
    [InlineData("forever")]
    [InlineData("-1d")]
    public void Bad_token_lifetimes_are_refused(string text) => Assert.False(TokenLifetime.TryParse(text, out _));

    [Fact]
    public void Generated_passwords_meet_the_rules_and_differ()
    {
        var a = PasswordRules.Generate();
        Assert.Null(PasswordRules.Problem(a));
        Assert.NotEqual(a, PasswordRules.Generate());
        Assert.NotNull(PasswordRules.Problem("short"));
    }
}
