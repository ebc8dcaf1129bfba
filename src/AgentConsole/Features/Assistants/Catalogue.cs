using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Assistants;

/// <summary>The configured environments and scopes, checked once at start-up, with the review interval per tier.</summary>
public sealed class Catalogue
{
    private readonly Dictionary<string, EnvironmentDefinition> _environments;
    private readonly Dictionary<string, ScopeDefinition> _scopes;
    private readonly InventoryOptions _options;

    public Catalogue(IOptions<InventoryOptions> options)
    {
        _options = options.Value;
        var problems = Validate(_options).ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("Inventory", typeof(InventoryOptions), problems);
        }

        _environments = _options.Environments.ToDictionary(e => e.Name, StringComparer.Ordinal);
        _scopes = _options.Scopes.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public InventoryOptions Options => _options;

    public IReadOnlyList<EnvironmentDefinition> Environments => _options.Environments;

    public IReadOnlyList<ScopeDefinition> Scopes => _options.Scopes;

    public bool HasEnvironment(string name) => _environments.ContainsKey(name);

    public bool HasScope(string name) => _scopes.ContainsKey(name);

    public string SensitivityOf(string environment) =>
        _environments.TryGetValue(environment, out var e) ? e.Sensitivity : Sensitivity.High;

    /// <summary>Unknown scopes count as write: the safe assumption if the catalogue changed under a stored grant.</summary>
    public bool IsWrite(string scope) => !_scopes.TryGetValue(scope, out var s) || s.Access == ScopeAccess.Write;

    public TimeSpan ReviewInterval(string tier) =>
        TimeSpan.FromDays(_options.ReviewIntervalDays.TryGetValue(tier, out var days) ? days : 90);

    private static IEnumerable<string> Validate(InventoryOptions options)
    {
        foreach (var group in options.Environments.GroupBy(e => e.Name).Where(g => g.Count() > 1))
        {
            yield return $"Inventory:Environments names '{group.Key}' more than once.";
        }

        foreach (var e in options.Environments.Where(e => !Names.IsValid(e.Name) || !Sensitivity.All.Contains(e.Sensitivity)))
        {
            yield return $"Inventory:Environments entry '{e.Name}' needs a name like 'prod' and a sensitivity of low, medium or high.";
        }

        foreach (var group in options.Scopes.GroupBy(s => s.Name).Where(g => g.Count() > 1))
        {
            yield return $"Inventory:Scopes names '{group.Key}' more than once.";
        }

        foreach (var s in options.Scopes.Where(s => !Names.IsValidScope(s.Name) || s.Access is not (ScopeAccess.Read or ScopeAccess.Write)))
        {
            yield return $"Inventory:Scopes entry '{s.Name}' needs a name like 'terraform:apply' and an access of read or write.";
        }

        foreach (var (tier, days) in options.ReviewIntervalDays)
        {
            if (!RiskTiers.IsKnown(tier) || days is < 1 or > 3650)
            {
                yield return $"Inventory:ReviewIntervalDays:{tier} must name a tier (low, medium, high, critical) and 1 to 3650 days.";
            }
        }

        if (options.SecretRotationOverlap < TimeSpan.Zero || options.SecretRotationOverlap > TimeSpan.FromDays(30))
        {
            yield return "Inventory:SecretRotationOverlap must be between 0 and 30 days.";
        }

        if (options.SecretLifetimeDays < 1 || options.SecretLifetimeDays > options.SecretMaxLifetimeDays)
        {
            yield return "Inventory:SecretLifetimeDays must be between 1 and SecretMaxLifetimeDays.";
        }
    }
}
