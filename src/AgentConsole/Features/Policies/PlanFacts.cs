namespace AgentConsole.Features.Policies;

/// <summary>The formats an agent may send a plan in.</summary>
public static class PlanFormats
{
    public const string Terraform = "terraform";
    public const string Kubernetes = "kubernetes";
    public const string Json = "json";
    public const string Text = "text";

    public static readonly IReadOnlyList<string> All = [Terraform, Kubernetes, Json, Text];

    public static bool IsKnown(string? format) => format is not null && All.Contains(format, StringComparer.Ordinal);
}

/// <summary>
/// What a plan would do, as counted from its text: resources (or objects) added, changed in place, destroyed and
/// replaced, plus the destructive markers found (e.g. "aws_db_instance.main will be destroyed").
/// </summary>
public sealed record PlanFacts(int Adds, int Changes, int Destroys, int Replaces, IReadOnlyList<string> DestructiveMarkers)
{
    public static readonly PlanFacts None = new(0, 0, 0, 0, []);

    /// <summary>A destroy, a replacement or any other destructive marker.</summary>
    public bool Destructive => Destroys > 0 || Replaces > 0 || DestructiveMarkers.Count > 0;
}
