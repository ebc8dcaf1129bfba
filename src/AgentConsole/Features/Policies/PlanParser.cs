namespace AgentConsole.Features.Policies;

/// <summary>Placeholder until the plan parser lands in the next commit: no facts, so plan conditions never match.</summary>
public static class PlanParser
{
    public static PlanFacts Parse(string format, string content) => PlanFacts.None;
}
