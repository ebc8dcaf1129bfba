using AgentConsole.Features.Policies;

namespace AgentConsole.Tests.Features.Policies;

internal static class PlanFactsAssert
{
    /// <summary>Compares every count and the markers in order, so one wrong number names itself in the failure.</summary>
    public static void Equal(PlanFacts facts, int adds, int changes, int destroys, int replaces, params string[] markers)
    {
        Assert.Equal(
            new { Adds = adds, Changes = changes, Destroys = destroys, Replaces = replaces },
            new { facts.Adds, facts.Changes, facts.Destroys, facts.Replaces });
        Assert.Equal(markers, facts.DestructiveMarkers);
    }
}
