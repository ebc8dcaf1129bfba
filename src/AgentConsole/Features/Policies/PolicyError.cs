namespace AgentConsole.Features.Policies;

/// <summary>One problem found in a policy document, at a 1-based line and column.</summary>
public sealed record PolicyError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>The compiled policy, or every error that stopped it from compiling.</summary>
public sealed record PolicyParseResult(CompiledPolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    public bool IsValid => Policy is not null;
}
