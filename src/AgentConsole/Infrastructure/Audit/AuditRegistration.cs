namespace AgentConsole.Infrastructure.Audit;

public static class AuditRegistration
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditChain>();
        builder.Services.AddSingleton<AuditStatus>();
        return builder;
    }
}

/// <summary>The latest verification of the chain on this node, shown on the dashboard without re-walking the chain.</summary>
public sealed class AuditStatus(AuditChain chain)
{
    public AuditVerification? Latest { get; private set; }

    public async Task<AuditVerification> VerifyNowAsync(CancellationToken cancellationToken = default)
    {
        Latest = await chain.VerifyAsync(cancellationToken);
        return Latest;
    }
}
