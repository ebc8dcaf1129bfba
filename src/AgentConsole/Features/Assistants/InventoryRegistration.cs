namespace AgentConsole.Features.Assistants;

public static class InventoryRegistration
{
    public static WebApplicationBuilder AddInventory(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<InventoryOptions>(builder.Configuration.GetSection("Inventory"));
        services.AddSingleton<Catalogue>();
        services.AddSingleton<AssistantStore>();
        services.AddSingleton<AssistantInventory>();
        services.AddSingleton<TrustedIssuers>();
        services.AddSingleton<IssuerKeys>();
        services.AddSingleton<DemoData>();
        services.AddHttpClient(IssuerKeys.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }
}
