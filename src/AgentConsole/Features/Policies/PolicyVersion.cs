namespace AgentConsole.Features.Policies;

/// <summary>One stored version of the policy document.</summary>
public sealed class PolicyVersion
{
    public int Version { get; init; }

    /// <summary>draft, published (exactly one) or superseded.</summary>
    public required string State { get; init; }

    public required string Document { get; init; }

    /// <summary>SHA-256 of the document, so a decision's policy can be matched to its exact text.</summary>
    public required string Digest { get; init; }

    public string Note { get; init; } = "";

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? PublishedBy { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }
}

public static class PolicyStates
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Superseded = "superseded";
}
