using AgentConsole.Features.Account;
using AgentConsole.Features.Approvals;
using AgentConsole.Features.Assistants;
using AgentConsole.Features.BreakGlass;
using AgentConsole.Features.AuditLog;
using AgentConsole.Features.Decisions;
using AgentConsole.Features.Health;
using AgentConsole.Features.Notifications;
using AgentConsole.Features.Tokens;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Auth;
using AgentConsole.Infrastructure.CommandLine;
using AgentConsole.Infrastructure.Live;
using AgentConsole.Infrastructure.Storage;

// The same executable serves the console and, given a command (users, tokens, audit, migrate), administers it.
var commandLine = AdminCommandLine.IsCommand(args);
var builder = WebApplication.CreateBuilder(commandLine ? [] : args);
if (commandLine)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

builder.AddConsoleStorage().AddAudit().AddPeople().AddInventory().AddDecisions().AddApprovals().AddBreakGlass().AddNotifications().AddLive().AddShell();
var app = builder.Build();
if (commandLine)
{
    return await AdminCommandLine.RunAsync(app.Services, args);
}

await app.PrepareStorageAsync(Console.Out);
await app.PrepareDecisionsAsync();
app.UseShell();
app.MapHealth().MapAccount().MapUserAdministration().MapTokens().MapAuditLog().MapPeopleApi().MapAssistantsApi().MapDecisionApi().MapApprovalPages().MapBreakGlassApi().MapBreakGlassPages().MapNotifications().MapLive().MapShell();
await app.RunAsync();
return 0;

public partial class Program;
