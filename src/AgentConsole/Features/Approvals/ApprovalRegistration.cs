namespace AgentConsole.Features.Approvals;

public static class ApprovalRegistration
{
    public static WebApplicationBuilder AddApprovals(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ApprovalOptions>(builder.Configuration.GetSection("Approvals"));
        builder.Services.AddSingleton<ApprovalRequests>();
        builder.Services.AddSingleton<ReviewedPlans>();
        builder.Services.AddSingleton<ApprovalFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ApprovalFeed>());
        return builder;
    }
}
