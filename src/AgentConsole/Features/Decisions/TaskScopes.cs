namespace AgentConsole.Features.Decisions;

/// <summary>Scope arithmetic for tasks and hand-offs: never more than the assistant holds, never more than the parent had.</summary>
public static class TaskScopes
{
    public static IReadOnlyList<string> Effective(IEnumerable<string> asked, IEnumerable<string> held, IEnumerable<string>? parent)
    {
        var result = asked.Distinct(StringComparer.Ordinal).Where(held.Contains);
        if (parent is not null)
        {
            var parentSet = parent.ToHashSet(StringComparer.Ordinal);
            result = result.Where(parentSet.Contains);
        }

        return result.Order(StringComparer.Ordinal).ToList();
    }
}
