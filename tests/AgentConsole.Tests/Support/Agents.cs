using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentConsole.Features.Assistants;

namespace AgentConsole.Tests.Support;

/// <summary>Agents as the decision API sees them: an assistant with a client secret, its tasks and their tokens.</summary>
public static class Agents
{
    /// <summary>A new client secret for <paramref name="assistant"/>, made by a security person (rhea must exist).</summary>
    public static async Task<string> SecretAsync(this ConsoleFactory app, string assistant, string by = "rhea")
    {
        var issued = (await app.Service<AssistantInventory>().CreateSecretAsync(await app.CallerAsync(by), assistant, null, null)).Succeeded();
        return issued.Value;
    }

    /// <summary>A client that proves it is <paramref name="assistant"/> with HTTP Basic (name + client secret).</summary>
    public static HttpClient AgentClient(this ConsoleFactory app, string assistant, string secret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{assistant}:{secret}")));
        return client;
    }

    /// <summary>Starts a task and returns its answer (taskId, token, expiresAt, scopes ...); asserts 201.</summary>
    public static async Task<JsonElement> StartTaskAsync(this HttpClient agent, object request)
    {
        var response = await agent.PostAsJsonAsync("/v1/tasks", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A client carrying a task token.</summary>
    public static HttpClient TaskClient(this ConsoleFactory app, string token) => app.Api(token);

    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }
}
