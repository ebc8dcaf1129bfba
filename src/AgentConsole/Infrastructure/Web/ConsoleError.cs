namespace AgentConsole.Infrastructure.Web;

/// <summary>Expected failures are values, turned into problem+json or an inline form error in one place.</summary>
public abstract record ConsoleError(string Title, string Detail);

public sealed record NotFoundError(string Detail) : ConsoleError("Not found", Detail);

public sealed record ConflictError(string Detail) : ConsoleError("Conflict", Detail);

public sealed record ForbiddenError(string Detail) : ConsoleError("Forbidden", Detail);

public sealed record UnauthorizedError(string Detail) : ConsoleError("Unauthorized", Detail);

public sealed record PayloadTooLargeError(string Detail) : ConsoleError("Payload too large", Detail);

/// <summary>Input that names something that does not exist or breaks a rule: field name to messages.</summary>
public sealed record ValidationError(IReadOnlyDictionary<string, string[]> Errors)
    : ConsoleError("The request is not valid", string.Join(" ", Errors.SelectMany(e => e.Value)))
{
    public static ValidationError For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A result that is either a value or an expected failure.</summary>
public readonly record struct Outcome<T>(T? Value, ConsoleError? Error)
{
    public bool IsSuccess => Error is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(ConsoleError error) => new(default, error);
}

/// <summary>A request the server cannot read at all (e.g. malformed JSON).</summary>
public sealed record BadRequestError(string Detail) : ConsoleError("Bad request", Detail);
