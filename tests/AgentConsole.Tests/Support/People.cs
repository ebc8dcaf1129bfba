using System.Net.Http.Headers;
using AgentConsole.Features.Tokens;
using AgentConsole.Features.Users;
using AgentConsole.Infrastructure.Audit;

namespace AgentConsole.Tests.Support;

/// <summary>Puts people and tokens in place through the console's own services.</summary>
public static class People
{
    public const string Password = "a-good-long-password";

    public static async Task<User> AddAsync(this ConsoleFactory app, string name, params string[] roles)
    {
        var outcome = await app.Service<UserAccounts>().AddAsync(Actor.System, new NewUser(name, null, roles, Password));
        Assert.True(outcome.IsSuccess, outcome.Error?.Detail);
        return outcome.Value!;
    }

    public static async Task<string> TokenAsync(this ConsoleFactory app, string name, TimeSpan? lifetime = null)
    {
        var outcome = await app.Service<PersonalTokens>().CreateAsync(Actor.System, name, "test", lifetime ?? TimeSpan.FromDays(1));
        Assert.True(outcome.IsSuccess, outcome.Error?.Detail);
        return outcome.Value!.Secret;
    }

    public static async Task<HttpClient> SignedInAsync(this ConsoleFactory app, string name, params string[] roles)
    {
        await app.AddAsync(name, roles);
        var client = app.Browser();
        var response = await client.SignInAsync(name, Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static HttpClient Api(this ConsoleFactory app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
