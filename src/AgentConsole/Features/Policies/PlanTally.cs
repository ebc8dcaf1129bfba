namespace AgentConsole.Features.Policies;

/// <summary>The counts and destructive markers gathered while one plan is read; becomes a <see cref="PlanFacts"/>.</summary>
internal sealed class PlanTally
{
    /// <summary>Approvers read every marker, so a plan that destroys thousands of resources shows a sample and a count.</summary>
    public const int MaxMarkers = 50;

    private readonly List<string> _markers = [];
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private int _unshown;

    public int Adds { get; set; }

    public int Changes { get; set; }

    public int Destroys { get; set; }

    public int Replaces { get; set; }

    public void Mark(string marker)
    {
        if (string.IsNullOrWhiteSpace(marker) || !_seen.Add(marker))
        {
            return;
        }

        if (_markers.Count < MaxMarkers)
        {
            _markers.Add(marker);
        }
        else
        {
            _unshown++;
        }
    }

    public PlanFacts ToFacts()
    {
        List<string> markers = [.. _markers];
        if (_unshown > 0)
        {
            // The last slot says how many were left out rather than silently dropping them.
            markers[^1] = $"and {_unshown + 1} more destructive changes";
        }

        return Adds == 0 && Changes == 0 && Destroys == 0 && Replaces == 0 && markers.Count == 0
            ? PlanFacts.None
            : new PlanFacts(Adds, Changes, Destroys, Replaces, markers);
    }
}
