using AgentConsole.Features.Decisions;

namespace AgentConsole.Tests.Features.Decisions;

/// <summary>Scope arithmetic of tasks and hand-offs: never more than the assistant holds, never more than the parent had.</summary>
public sealed class TaskScopesTests
{
    public static TheoryData<string[], string[], string[]?, string[]> Cases => new()
    {
        // asked, held by the assistant, held by the parent task (null: no parent), effective
        { ["terraform:plan"], ["terraform:plan", "terraform:apply"], null, ["terraform:plan"] },
        { ["terraform:apply", "terraform:plan"], ["terraform:plan", "terraform:apply"], null, ["terraform:apply", "terraform:plan"] },
        { ["terraform:plan", "terraform:plan"], ["terraform:plan"], null, ["terraform:plan"] },
        { ["iam:write"], ["terraform:plan"], null, [] },
        { ["terraform:plan", "terraform:apply"], ["terraform:plan", "terraform:apply"], ["terraform:plan"], ["terraform:plan"] },
        { ["terraform:apply"], ["terraform:apply"], ["terraform:plan"], [] },
        { ["k8s:deploy", "k8s:read"], ["k8s:read", "k8s:deploy"], ["k8s:deploy", "k8s:read", "iam:write"], ["k8s:deploy", "k8s:read"] },
        { ["k8s:read"], ["k8s:read"], [], [] },
        { [], ["k8s:read"], null, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Effective_scopes_are_the_intersection_of_what_is_asked_held_and_handed_over(string[] asked, string[] held, string[]? parent, string[] effective) =>
        Assert.Equal(effective, TaskScopes.Effective(asked, held, parent));

    [Fact]
    public void A_hand_off_never_gains_a_scope_the_parent_lacked()
    {
        string[] all = ["a:read", "a:write", "b:read", "b:write", "c:write"];
        foreach (var parent in Subsets(all))
        {
            foreach (var held in Subsets(all))
            {
                var effective = TaskScopes.Effective(all, held, parent);
                Assert.All(effective, scope => Assert.Contains(scope, parent));
                Assert.All(effective, scope => Assert.Contains(scope, held));
            }
        }
    }

    private static IEnumerable<string[]> Subsets(string[] items) =>
        Enumerable.Range(0, 1 << items.Length).Select(mask => items.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
}
