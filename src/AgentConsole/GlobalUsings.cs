global using AgentConsole.Infrastructure.Web;
