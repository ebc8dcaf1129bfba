namespace AgentConsole.Infrastructure.Audit;

/// <summary>Who did something: a person, an agent identity, the console itself or its command line.</summary>
public readonly record struct Actor(string Kind, string Id)
{
    public static Actor User(string name) => new("user", name);

    public static Actor System => new("system", "console");

    public static Actor Anonymous => new("anonymous", "-");

    public static Actor CommandLine(string who) => new("cli", who);

    public static Actor Assistant(string name) => new("assistant", name);

    public override string ToString() => $"{Kind}:{Id}";
}

public readonly record struct Subject(string Type, string Id);

/// <summary>What a caller asks the chain to record.</summary>
public sealed record AuditEntry(Actor Actor, string Action, Subject Subject, object? Payload = null)
{
    /// <summary>The payload as canonical JSON, computed once; hot paths compute it before they queue the entry.</summary>
    public string CanonicalPayload => field ??= Payload is CanonicalJson json ? json.Text : AuditHasher.CanonicalPayload(Payload);
}

/// <summary>A payload already written as canonical JSON (keys in ordinal order), e.g. by a hot path that writes it directly.</summary>
public sealed record CanonicalJson(string Text);

/// <summary>One stored link of the chain.</summary>
public sealed record AuditEvent(
    long Seq,
    DateTimeOffset OccurredAt,
    string ActorKind,
    string ActorId,
    string Action,
    string SubjectType,
    string SubjectId,
    string Payload,
    string PrevHash,
    string Hash);
