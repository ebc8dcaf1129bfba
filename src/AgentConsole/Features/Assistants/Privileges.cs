namespace AgentConsole.Features.Assistants;

/// <summary>What an assistant may do: its risk tier, its environments and its tool scopes.</summary>
public sealed record Privileges(string Tier, IReadOnlySet<string> Environments, IReadOnlySet<string> Scopes)
{
    public static readonly Privileges None = new(RiskTiers.Low, new HashSet<string>(), new HashSet<string>());

    public static Privileges Of(string tier, IEnumerable<string> environments, IEnumerable<string> scopes) =>
        new(tier, new SortedSet<string>(environments, StringComparer.Ordinal), new SortedSet<string>(scopes, StringComparer.Ordinal));
}

/// <summary>The widening part of a change, held until a second person with the security role approves it.</summary>
public sealed record PendingGrant(string? Tier, IReadOnlyList<string> AddEnvironments, IReadOnlyList<string> AddScopes)
{
    public bool IsEmpty => Tier is null && AddEnvironments.Count == 0 && AddScopes.Count == 0;
}

/// <summary>A requested change split into what takes effect now and what must wait for approval.</summary>
public sealed record PrivilegeSplit(Privileges Now, PendingGrant Pending);

/// <summary>
/// The governance rule for privilege: narrowing takes effect at once; widening waits for a second person.
/// PendingGrant is a higher risk tier, a write scope, or an environment above low sensitivity.
/// A new assistant is widening from nothing: read scopes in low-sensitivity environments only, the rest pending.
/// </summary>
public static class PrivilegeRules
{
    public static PrivilegeSplit Split(Privileges current, Privileges wanted, Catalogue catalogue)
    {
        var tierWidens = RiskTiers.Rank(wanted.Tier) > RiskTiers.Rank(current.Tier);

        var keepEnvironments = current.Environments.Where(wanted.Environments.Contains);
        var addedEnvironments = wanted.Environments.Where(e => !current.Environments.Contains(e)).ToList();
        var nowEnvironments = addedEnvironments.Where(e => !WidensEnvironment(e, catalogue));
        var pendingEnvironments = addedEnvironments.Where(e => WidensEnvironment(e, catalogue)).Order(StringComparer.Ordinal).ToList();

        var keepScopes = current.Scopes.Where(wanted.Scopes.Contains);
        var addedScopes = wanted.Scopes.Where(s => !current.Scopes.Contains(s)).ToList();
        var nowScopes = addedScopes.Where(s => !catalogue.IsWrite(s));
        var pendingScopes = addedScopes.Where(catalogue.IsWrite).Order(StringComparer.Ordinal).ToList();

        var now = Privileges.Of(tierWidens ? current.Tier : wanted.Tier, keepEnvironments.Concat(nowEnvironments), keepScopes.Concat(nowScopes));
        return new PrivilegeSplit(now, new PendingGrant(tierWidens ? wanted.Tier : null, pendingEnvironments, pendingScopes));
    }

    /// <summary>A new assistant starts from nothing at the lowest tier, so its tier above low is widening too.</summary>
    public static PrivilegeSplit SplitForNewAssistant(Privileges wanted, Catalogue catalogue) => Split(Privileges.None, wanted, catalogue);

    /// <summary>The privileges after an approved widening: the pending additions join what the assistant has now.</summary>
    public static Privileges Apply(Privileges current, PendingGrant widening) => Privileges.Of(
        widening.Tier is not null && RiskTiers.Rank(widening.Tier) > RiskTiers.Rank(current.Tier) ? widening.Tier : current.Tier,
        current.Environments.Concat(widening.AddEnvironments),
        current.Scopes.Concat(widening.AddScopes));

    public static bool WidensEnvironment(string environment, Catalogue catalogue) =>
        Sensitivity.Rank(catalogue.SensitivityOf(environment)) > Sensitivity.Rank(Sensitivity.Low);

    /// <summary>Drops from a widening what the assistant already has or what is already waiting in another request.</summary>
    public static PendingGrant Without(PendingGrant widening, Privileges current, IEnumerable<PendingGrant> alreadyPending)
    {
        var pending = alreadyPending.ToList();
        var tier = widening.Tier is not null
                   && RiskTiers.Rank(widening.Tier) > RiskTiers.Rank(current.Tier)
                   && !pending.Any(p => p.Tier == widening.Tier)
            ? widening.Tier
            : null;
        return new PendingGrant(
            tier,
            widening.AddEnvironments.Where(e => !current.Environments.Contains(e) && !pending.Any(p => p.AddEnvironments.Contains(e))).ToList(),
            widening.AddScopes.Where(s => !current.Scopes.Contains(s) && !pending.Any(p => p.AddScopes.Contains(s))).ToList());
    }
}
