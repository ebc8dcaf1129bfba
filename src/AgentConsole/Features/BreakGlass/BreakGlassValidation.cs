using System.Globalization;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.Policies;

namespace AgentConsole.Features.BreakGlass;

/// <summary>What a request asks for, cleaned: trimmed texts and de-duplicated exceptions.</summary>
public sealed record CheckedRequest(
    string Justification,
    string Incident,
    int DurationSeconds,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Environments,
    IReadOnlyList<SkipApproval> SkipApprovalFor)
{
    /// <summary>What makes two grants "the same exception": a scope, an environment or a skipped action.</summary>
    public IReadOnlySet<string> ExceptionKeys => GrantKeys.Of(Scopes, Environments, SkipApprovalFor);
}

/// <summary>The field rules of a break-glass request. Nothing is stored unless every rule holds.</summary>
public static class BreakGlassValidation
{
    public const int MinJustification = 10;
    public const int MaxIncident = 200;
    public const int MaxSkipEntries = 20;
    public const int MaxGlob = 200;

    public static Outcome<CheckedRequest> Check(BreakGlassRequest request, Assistant assistant, Catalogue catalogue, BreakGlassPolicy policy,
        BreakGlassOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var justification = request.Justification?.Trim() ?? "";
        if (justification.Length < MinJustification || justification.Length > options.MaxText)
        {
            errors["justification"] = [$"Say why normal policy is not enough right now ({MinJustification} to {options.MaxText} characters)."];
        }

        var incident = request.Incident?.Trim() ?? "";
        if (incident.Length is 0 or > MaxIncident)
        {
            errors["incident"] = [$"Give the incident reference, e.g. INC-4211 (1 to {MaxIncident} characters)."];
        }

        if (DurationProblem(request.DurationSeconds, assistant.RiskTier, policy, options) is { } duration)
        {
            errors["durationSeconds"] = [duration];
        }

        var scopes = Distinct(request.Scopes);
        if (ScopeProblem(scopes, assistant, catalogue) is { } scopeProblem)
        {
            errors["scopes"] = [scopeProblem];
        }

        var environments = Distinct(request.Environments);
        if (EnvironmentProblem(environments, assistant, catalogue) is { } environmentProblem)
        {
            errors["environments"] = [environmentProblem];
        }

        var skips = (request.SkipApprovalFor ?? []).Select(s => s is null ? new SkipApproval("", "") : new SkipApproval(s.Action?.Trim() ?? "", s.Resource?.Trim() ?? ""))
            .Distinct().ToList();
        if (skips.Count > MaxSkipEntries)
        {
            errors["skipApprovalFor"] = [$"At most {MaxSkipEntries} entries."];
        }
        else if (skips.Any(s => s.Action.Length is 0 or > MaxGlob || s.Resource.Length is 0 or > MaxGlob))
        {
            errors["skipApprovalFor"] = [$"Each entry needs an action and a resource (globs such as terraform:apply and aws/prod/*, at most {MaxGlob} characters each)."];
        }

        if (scopes.Count + environments.Count + skips.Count == 0)
        {
            errors["exceptions"] = ["Ask for at least one exception: scopes, environments or skipApprovalFor."];
        }

        return errors.Count > 0
            ? new ValidationError(errors)
            : new CheckedRequest(justification, incident, request.DurationSeconds!.Value, scopes, environments, skips);
    }

    /// <summary>At least a second, at most the tier's maximum and never more than the hard cap; the message names each limit exceeded.</summary>
    public static string? DurationProblem(int? seconds, string tier, BreakGlassPolicy policy, BreakGlassOptions options)
    {
        if (seconds is null or < 1)
        {
            return "durationSeconds must be a whole number of seconds, at least 1.";
        }

        var asked = TimeSpan.FromSeconds(seconds.Value);
        var tierMax = policy.For(tier).MaxDuration;
        var exceeded = new List<string>();
        if (asked > tierMax)
        {
            exceeded.Add($"at most {Describe(tierMax)} for a {tier}-tier assistant (policy)");
        }

        if (asked > options.HardCap)
        {
            exceeded.Add($"never more than the hard cap of {Describe(options.HardCap)}");
        }

        return exceeded.Count == 0
            ? null
            : $"durationSeconds {seconds.Value.ToString(CultureInfo.InvariantCulture)} ({Describe(asked)}) is too long: {string.Join(", and ", exceeded)}. Ask again for more time when it ends.";
    }

    /// <summary>"4h", "30m", "1h30m", "45s".</summary>
    public static string Describe(TimeSpan span)
    {
        var parts = new List<string>();
        var hours = (long)span.TotalHours;
        if (hours > 0)
        {
            parts.Add(hours.ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (span.Minutes > 0)
        {
            parts.Add(span.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(span.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }

        return string.Concat(parts);
    }

    private static List<string> Distinct(IReadOnlyList<string>? names) =>
        (names ?? []).Select(n => n?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();

    private static string? ScopeProblem(List<string> scopes, Assistant assistant, Catalogue catalogue)
    {
        var unknown = scopes.Where(s => !catalogue.HasScope(s)).ToList();
        if (unknown.Count > 0)
        {
            return $"Not in the scope catalogue: {string.Join(", ", unknown.Select(Quote))}.";
        }

        var held = scopes.Where(s => assistant.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
        return held.Count > 0 ? $"{assistant.Name} already holds {string.Join(", ", held)}: ask only for what it lacks." : null;
    }

    private static string? EnvironmentProblem(List<string> environments, Assistant assistant, Catalogue catalogue)
    {
        var unknown = environments.Where(e => !catalogue.HasEnvironment(e)).ToList();
        if (unknown.Count > 0)
        {
            return $"Not a configured environment: {string.Join(", ", unknown.Select(Quote))}.";
        }

        var held = environments.Where(e => assistant.Environments.Contains(e, StringComparer.Ordinal)).ToList();
        return held.Count > 0 ? $"{assistant.Name} may already work in {string.Join(", ", held)}: ask only for what it lacks." : null;
    }

    private static string Quote(string name) => $"'{name}'";
}

/// <summary>Exception keys: two grants for the same assistant that share one are repeats of the same exception.</summary>
public static class GrantKeys
{
    public static IReadOnlySet<string> Of(IEnumerable<string> scopes, IEnumerable<string> environments, IEnumerable<SkipApproval> skips) =>
        scopes.Select(s => "scope:" + s)
            .Concat(environments.Select(e => "environment:" + e))
            .Concat(skips.Select(s => "skip:" + s.Action))
            .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> Of(BreakGlassGrant grant) => Of(grant.ScopeList, grant.EnvironmentList, grant.SkipList);
}
