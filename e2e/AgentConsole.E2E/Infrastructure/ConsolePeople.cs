using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgentConsole.E2E.Infrastructure;

/// <summary>People added through the console's own account service, ready to sign in without a password change.</summary>
public static class ConsolePeople
{
    public const string Password = "e2e-Person-Passw0rd!";

    /// <summary>Adds a person named <paramref name="prefix"/> plus a short unique suffix; returns the name.</summary>
    public static async Task<string> AddPersonAsync(this ConsoleFixture console, string prefix, params string[] roles)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 7)];
        var outcome = await console.App.Services.GetRequiredService<UserAccounts>()
            .AddAsync(Actor.CommandLine("e2e"), new NewUser(name, $"{prefix} (e2e)", roles, Password));
        Assert.True(outcome.IsSuccess, outcome.Error?.Detail);
        return name;
    }

    /// <summary>A new browser context signed in as <paramref name="name"/>.</summary>
    public static async Task<IPage> NewPageSignedInAsync(this ConsoleFixture console, string name, ViewportSize? viewport = null)
    {
        var page = await console.NewPageAsync(viewport);
        await ConsoleActions.SignInAsync(page, name, Password);
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync(name);
        return page;
    }
}
