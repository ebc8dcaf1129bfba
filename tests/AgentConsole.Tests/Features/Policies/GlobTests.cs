using AgentConsole.Features.Policies;

namespace AgentConsole.Tests.Features.Policies;

/// <summary>Each special-cased glob shape matches exactly what the general wildcard rule says it should.</summary>
public class GlobTests
{
    [Theory]
    [InlineData("prod", "prod", true)]
    [InlineData("prod", "prod-eu", false)]
    [InlineData("prod", "Prod", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything/at/all", true)]
    [InlineData("k8s:*", "k8s:", true)]
    [InlineData("k8s:*", "k8s:deploy", true)]
    [InlineData("k8s:*", "K8S:deploy", false)]
    [InlineData("*:apply", "terraform:apply", true)]
    [InlineData("*:apply", "terraform:apply-all", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("ab*ba", "abba", true)]
    [InlineData("aws/*/vpc", "aws/prod/eu/vpc", true)]
    [InlineData("*prod*", "aws/prod/db", true)]
    [InlineData("*prod*", "aws/dev/db", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("a**b", "axxb", true)]
    [InlineData("?", "", false)]
    [InlineData("?", "x", true)]
    [InlineData("db-??", "db-01", true)]
    [InlineData("db-??", "db-1", false)]
    [InlineData("*/prod/*db*", "gcp/prod/main-db-1", true)]
    [InlineData("*/prod/*db*", "gcp/prod/main", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("*a*a", "banana", true)]
    [InlineData("*a*a", "bananas", false)]
    public void A_glob_matches_per_star_and_question_mark_rules(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Glob.Compile(pattern).IsMatch(value));
    }

    [Fact]
    public void A_list_of_globs_matches_when_any_one_does()
    {
        var globs = Glob.AnyOf(["terraform:apply", "k8s:*"]);

        Assert.True(globs.IsMatch("k8s:deploy"));
        Assert.True(globs.IsMatch("terraform:apply"));
        Assert.False(globs.IsMatch("terraform:plan"));
    }
}
